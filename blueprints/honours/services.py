"""The register's rules: what a valid award is, saving and deleting one (reading the list: queries.py).

Plain functions with explicit arguments; they flush but never commit (the view owns the transaction)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, text

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, CATEGORIES_BY_KIND, RECIPIENT_KINDS, Award

TITLE_MAX = 120
ISSUER_MAX = 80
NAME_MAX = 60
CLASS_MAX = 20
NOTE_MAX = 500


class HonourError(ValueError):
    """A rule the award breaks; `field` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class AwardDraft:
    """What the form or an import row says about one award, before it is checked and saved."""

    kind: str
    title: str
    category: str
    level: str
    grade: str
    awarded_on: date | None
    staff_id: int | None = None  #: the teacher; for a pupil, the guiding teacher
    group_id: int | None = None
    pupil_name: str = ""
    pupil_class: str = ""
    issuer: str = ""
    note: str = ""


def award_problems(draft: AwardDraft, *, today: date, staff: Staff | None, group: Group | None) -> dict[str, str]:
    """Every rule the draft breaks, as {field: message}; empty when it may be saved."""
    problems: dict[str, str] = {}
    if draft.kind not in RECIPIENT_KINDS:
        return {"kind": "请选择获奖对象：教师、团队或学生。"}
    if draft.kind == "teacher" and staff is None:
        problems["staff_id"] = "请先搜索并选择获奖教师。"
    if draft.kind == "group" and group is None:
        problems["group_id"] = "请选择获奖团队。"
    if draft.kind == "pupil":
        if not draft.pupil_name:
            problems["pupil_name"] = "请填写学生姓名。"
        elif len(draft.pupil_name) > NAME_MAX:
            problems["pupil_name"] = f"学生姓名最多 {NAME_MAX} 字。"
        if not draft.pupil_class:
            problems["pupil_class"] = "请填写学生所在班级。"
        elif len(draft.pupil_class) > CLASS_MAX:
            problems["pupil_class"] = f"班级最多 {CLASS_MAX} 字。"
    if not draft.title:
        problems["title"] = "请填写比赛、荣誉或作品名称。"
    elif len(draft.title) > TITLE_MAX:
        problems["title"] = f"名称最多 {TITLE_MAX} 字。"
    if draft.category not in CATEGORIES_BY_KIND[draft.kind]:
        problems["category"] = f"{RECIPIENT_KINDS[draft.kind]}获奖的类别只能是：{'、'.join(CATEGORIES_BY_KIND[draft.kind])}。"
    if draft.level not in AWARD_LEVELS:
        problems["level"] = "请选择级别：校级、县级、市级、省级或国家级。"
    if draft.grade not in AWARD_GRADES:
        problems["grade"] = f"等次只能是：{'、'.join(AWARD_GRADES)}。"
    if draft.awarded_on is None:
        problems["awarded_on"] = "请填写获奖（发表）日期。"
    elif draft.awarded_on > today:
        problems["awarded_on"] = "获奖日期不能晚于今天。"
    if len(draft.issuer) > ISSUER_MAX:
        problems["issuer"] = f"颁奖单位或刊物最多 {ISSUER_MAX} 字。"
    if len(draft.note) > NOTE_MAX:
        problems["note"] = f"备注最多 {NOTE_MAX} 字。"
    return problems


#: PostgreSQL advisory-lock key of the register (any constant unique to this purpose).
REGISTER_LOCK = 9_250_910


def lock_register() -> None:
    """Serialise writers of the register until commit, so a double-clicked "确认导入" or "登记" cannot add an
    award twice: the second request waits, then sees the first one's rows. SQLite: a write statement takes
    the database's write lock (even when it changes nothing); PostgreSQL: a transaction-level advisory lock."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE award SET id = id WHERE 1 = 0"))
    else:
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": REGISTER_LOCK})


def same_award_exists(draft: AwardDraft) -> bool:
    """Whether the register already holds this award (same recipient, title, level, grade and day)."""
    statement = select(Award.id).where(
        Award.recipient_kind == draft.kind, Award.title == draft.title, Award.level == draft.level,
        Award.grade == draft.grade, Award.awarded_on == draft.awarded_on,
    )
    if draft.kind == "group":
        statement = statement.where(Award.group_id == draft.group_id)
    elif draft.kind == "pupil":
        statement = statement.where(Award.recipient_name == draft.pupil_name, Award.pupil_class == draft.pupil_class)
    else:
        statement = statement.where(Award.staff_id == draft.staff_id)
    return db.session.scalar(statement.limit(1)) is not None


def _recipients(draft: AwardDraft) -> tuple[Staff | None, Group | None]:
    staff = db.session.get(Staff, draft.staff_id) if draft.staff_id else None
    group = db.session.get(Group, draft.group_id) if draft.group_id and draft.kind == "group" else None
    return staff, group


def save_award(draft: AwardDraft, *, actor: Staff, today: date, now: datetime, award: Award | None = None) -> Award:
    """Create an award, or change one; raises HonourError with the first rule broken."""
    staff, group = _recipients(draft)
    problems = award_problems(draft, today=today, staff=staff, group=group)
    if problems:
        name, message = next(iter(problems.items()))
        raise HonourError(message, name)
    if award is None:
        lock_register()
        if same_award_exists(draft):
            raise HonourError("这条获奖已在荣誉册中，不用重复登记。", None)
        award = Award(created_by=actor, created_at=now)
        db.session.add(award)
    award.recipient_kind = draft.kind
    # Only the fields of the award's kind are kept, so a teacher's award never carries a pupil's name.
    award.staff_id = staff.id if staff is not None and draft.kind in ("teacher", "pupil") else None
    award.group_id = group.id if group is not None else None
    award.recipient_name = draft.pupil_name if draft.kind == "pupil" else ""
    award.pupil_class = draft.pupil_class if draft.kind == "pupil" else ""
    award.title = draft.title
    award.category = draft.category
    award.level = draft.level
    award.grade = draft.grade
    award.awarded_on = draft.awarded_on
    award.issuer = draft.issuer
    award.note = draft.note
    db.session.flush()
    return award


def delete_award(award: Award) -> None:
    """Remove an award from the register (a pairing or a selection that pointed at it forgets it)."""
    db.session.delete(award)
    db.session.flush()


def draft_of(award: Award) -> AwardDraft:
    """The draft an award was saved from, to fill the edit form."""
    return AwardDraft(
        kind=award.recipient_kind, title=award.title, category=award.category, level=award.level, grade=award.grade,
        awarded_on=award.awarded_on, staff_id=award.staff_id, group_id=award.group_id, pupil_name=award.recipient_name,
        pupil_class=award.pupil_class, issuer=award.issuer, note=award.note,
    )
