"""Check a read honours file against the database (the preview) and write it all at once. No request here."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from app import db
from blueprints.core.imports import ImportPreview
from blueprints.accounts.forms import clean_text
from blueprints.accounts.models import Group, Staff
from blueprints.accounts.roster.columns import CellError, parse_date
from blueprints.accounts.roster.reading import Table
from blueprints.honours.models import UNGRADED, Award
from blueprints.honours.services import AwardDraft, award_problems

from .columns import BY_FIELD, DEFAULT_CATEGORY, KIND_WORDS, parse_grade, parse_level

ACTIONS = {"create": "新增", "exists": "已登记", "error": "错误"}


@dataclass
class PreviewRow:
    line: int
    who: str = ""
    what: str = ""
    action: str = "error"
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    draft: AwardDraft | None = None

    @property
    def action_label(self) -> str:
        return ACTIONS[self.action]


class Preview(ImportPreview):
    ACTIONS = ACTIONS
    CHANGING = ("create",)


def is_honours_table(table: Table) -> bool:
    """Whether a stored upload is an honours file (the roster's uploads share the folder)."""
    return bool(table.fields) and all(name in BY_FIELD for name in table.fields)


class _People:
    """Everyone and every group, loaded once: one query each beats one per row."""

    def __init__(self) -> None:
        staff = list(db.session.scalars(select(Staff)))
        self.by_number = {person.staff_no: person for person in staff}
        self.lost_zeros = {number.lstrip("0"): number for number in self.by_number if number.startswith("0")}
        self.by_name: dict[str, list[Staff]] = defaultdict(list)
        for person in staff:
            self.by_name[person.name].append(person)
        self.groups = {clean_text(group.name): group for group in db.session.scalars(select(Group))}

    def teacher(self, number: str, name: str, errors: list[str]) -> Staff | None:
        """The teacher a row names by 工号, or by name when the name is unique."""
        if number:
            person = self.by_number.get(number)
            if person is None:
                kept = self.by_number.get(self.lost_zeros.get(number, ""))
                hint = f"；系统中有工号 {kept.staff_no}（{kept.name}），前导零可能被 Excel 去掉了" if kept else ""
                errors.append(f"系统中没有工号 {number}{hint}。")
            elif name and name != person.name:
                errors.append(f"工号 {number} 是{person.name}，不是{name}，请核对。")
            return person
        if not name:
            return None
        found = self.by_name.get(name, [])
        if not found:
            errors.append(f"教职工名册中没有「{name}」，请检查姓名或填写工号。")
        elif len(found) > 1:
            errors.append(f"名册中有 {len(found)} 位「{name}」，请填写工号区分。")
        else:
            return found[0]
        return None


def _key(kind: str, staff_id, group_id, pupil: str, title: str, level: str, grade: str, day: date) -> tuple:
    """What makes two entries the same award."""
    return (kind, staff_id if kind != "group" else None, group_id, pupil, title, level, grade, day)


def build_preview(table: Table, *, today: date) -> Preview:
    """Every row as new, already in the register, or an error with the reasons."""
    people = _People()
    existing = {
        _key(*row) for row in db.session.execute(select(
            Award.recipient_kind, Award.staff_id, Award.group_id, Award.recipient_name, Award.title, Award.level,
            Award.grade, Award.awarded_on,
        ))
    }
    seen: dict[tuple, int] = {}
    rows = []
    for raw in table.rows:
        row = PreviewRow(raw.line, notes=list(raw.notes))
        cells = {name: raw.cells.get(name, "") for name in BY_FIELD}
        said: set[str] = {"staff_id", "group_id"}  # fields whose problem is already said in the file's own words
        draft, staff, group = _draft(cells, people, row.errors, said)
        if draft is not None:
            problems = award_problems(draft, today=today, staff=staff, group=group)
            row.errors.extend(message for name, message in problems.items() if name not in said)
            row.draft = draft
            row.who = _who(draft, staff, group)
            grade = draft.grade if draft.grade != UNGRADED else ""
            row.what = " ".join(part for part in (draft.title, draft.level and f"{draft.level}级", grade) if part)
            key = _key(draft.kind, draft.staff_id, draft.group_id, draft.pupil_name, draft.title, draft.level,
                       draft.grade, draft.awarded_on)
            if not row.errors:
                if key in seen:
                    row.errors.append(f"与第 {seen[key]} 行重复。")
                elif key in existing:
                    row.action = "exists"
                    row.notes.append("这条获奖已在荣誉册中，不会重复登记。")
                else:
                    row.action = "create"
                seen.setdefault(key, raw.line)
        if row.errors:
            row.action = "error"
        rows.append(row)
    return Preview(rows, list(table.notes))


def _draft(cells: dict[str, str], people: _People, errors: list[str],
           said: set[str]) -> tuple[AwardDraft | None, Staff | None, Group | None]:
    """The row as a draft, its teacher and group; what cannot be read is said in `errors` and named in `said`."""
    kind = KIND_WORDS.get(cells["kind"])
    if kind is None:
        errors.append(f"对象只能填「教师」「团队」或「学生」，不能填「{cells['kind']}」。" if cells["kind"] else "缺少对象（教师、团队或学生）。")
        return None, None, None
    staff = people.teacher(cells["staff_no"], cells["teacher"], errors) if kind != "group" else None
    if kind == "teacher" and not cells["staff_no"] and not cells["teacher"]:
        errors.append("教师获奖请填写工号或教师姓名。")
    group = None
    if kind == "group":
        group = people.groups.get(clean_text(cells["group"]))
        if not cells["group"]:
            errors.append("团队获奖请填写团队名称。")
        elif group is None:
            errors.append(f"没有名为「{cells['group']}」的团队，请检查名称或先建立该组织。")
    level = parse_level(cells["level"])
    if cells["level"] and level is None:
        errors.append(f"级别「{cells['level']}」不在可选范围内（校级、县级、市级、省级、国家级）。")
        said.add("level")
    grade = parse_grade(cells["grade"])
    if grade is None:
        errors.append(f"等次「{cells['grade']}」不在可选范围内（特等奖、一等奖、二等奖、三等奖，或留空）。")
        said.add("grade")
    try:
        day = parse_date(cells["awarded_on"], "日期")
    except CellError as error:
        errors.append(str(error))
        said.add("awarded_on")
        day = None
    draft = AwardDraft(
        kind=kind,
        title=cells["title"],
        category=cells["category"] or DEFAULT_CATEGORY[kind],
        level=level or "",
        grade=grade or "",
        awarded_on=day,
        staff_id=staff.id if staff is not None else None,
        group_id=group.id if group is not None else None,
        pupil_name=cells["pupil_name"] if kind == "pupil" else "",
        pupil_class=cells["pupil_class"] if kind == "pupil" else "",
        issuer=cells["issuer"],
        note=cells["note"],
    )
    return draft, staff, group


def _who(draft: AwardDraft, staff: Staff | None, group: Group | None) -> str:
    if draft.kind == "group":
        return group.name if group is not None else ""
    if draft.kind == "pupil":
        details = "，".join(part for part in (draft.pupil_class, f"指导教师 {staff.name}" if staff else "") if part)
        return f"{draft.pupil_name}（{details}）" if details else draft.pupil_name
    return staff.name if staff is not None else ""


def apply_import(preview: Preview, *, actor: Staff, now: datetime) -> int:
    """Write every new row (flush, no commit); returns how many. Refuses a preview with errors."""
    if preview.has_errors:
        raise ValueError("an honours file with errors cannot be applied")
    created = 0
    for row in preview.having("create"):
        draft = row.draft
        db.session.add(Award(
            recipient_kind=draft.kind,
            staff_id=draft.staff_id,
            group_id=draft.group_id,
            recipient_name=draft.pupil_name,
            pupil_class=draft.pupil_class,
            title=draft.title,
            category=draft.category,
            level=draft.level,
            grade=draft.grade,
            issuer=draft.issuer,
            awarded_on=draft.awarded_on,
            note=draft.note,
            created_by=actor,
            created_at=now,
        ))
        created += 1
    db.session.flush()
    return created


__all__ = ["ACTIONS", "Preview", "PreviewRow", "apply_import", "build_preview", "is_honours_table"]
