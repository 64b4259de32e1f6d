"""Rules about staff, groups and semesters. Functions flush but never commit: the view owns the transaction."""
from __future__ import annotations

from datetime import date

from flask import g
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff

SEARCH_LIMIT = 20


def current_semester() -> Semester | None:
    """The semester marked current, looked up once per request."""
    if "current_semester" not in g:
        g.current_semester = db.session.scalars(select(Semester).where(Semester.is_current.is_(True))).first()
    return g.current_semester


def groups_of(staff: Staff) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.group)
            .where(Membership.staff_id == staff.id, Group.is_active.is_(True))
            .options(selectinload(Membership.group))
            .order_by(Membership.is_leader.desc(), Group.name)
        )
    )


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()


def search_staff(query: str, *, limit: int = SEARCH_LIMIT, include_inactive: bool = False) -> list[Staff]:
    """Staff whose name, staff number, full pinyin or pinyin initials contain the query; best matches first."""
    q = normalise_query(query)
    if not q:
        return []
    statement = select(Staff).where(
        or_(
            Staff.name.contains(q, autoescape=True),
            Staff.staff_no.contains(q, autoescape=True),
            Staff.pinyin_full.contains(q, autoescape=True),
            Staff.pinyin_initials.contains(q, autoescape=True),
        )
    )
    if not include_inactive:
        statement = statement.where(Staff.is_active_member.is_(True))
    rank = case(
        (or_(Staff.name == q, Staff.staff_no == q), 0),
        (or_(Staff.name.startswith(q, autoescape=True), Staff.pinyin_initials.startswith(q, autoescape=True)), 1),
        else_=2,
    )
    return list(db.session.scalars(statement.order_by(rank, func.length(Staff.name), Staff.staff_no).limit(limit)))


def staff_number_taken(staff_no: str, *, except_id: int | None = None) -> bool:
    statement = select(Staff.id).where(Staff.staff_no == staff_no)
    if except_id is not None:
        statement = statement.where(Staff.id != except_id)
    return db.session.scalar(statement) is not None


def set_membership(group: Group, staff: Staff, *, is_leader: bool) -> Membership:
    """Add a person to a group, or change whether they lead it."""
    membership = db.session.scalars(
        select(Membership).where(Membership.group_id == group.id, Membership.staff_id == staff.id)
    ).first()
    if membership is None:
        membership = Membership(group=group, staff=staff, is_leader=is_leader)
        db.session.add(membership)
    else:
        membership.is_leader = is_leader
    db.session.flush()
    return membership


def remove_membership(group: Group, staff: Staff) -> None:
    db.session.execute(
        Membership.__table__.delete().where(Membership.group_id == group.id, Membership.staff_id == staff.id)
    )


def leads_group(staff: Staff, group_id: int) -> bool:
    return (
        db.session.scalar(
            select(Membership.id).where(
                Membership.staff_id == staff.id, Membership.group_id == group_id, Membership.is_leader.is_(True)
            )
        )
        is not None
    )


def make_current(semester: Semester) -> None:
    """Mark one semester current; the partial unique index guarantees there is never a second."""
    db.session.execute(update(Semester).where(Semester.id != semester.id).values(is_current=False))
    db.session.flush()
    semester.is_current = True
    db.session.flush()
    g.pop("current_semester", None)


def semester_problem(name: str, start: date, end: date, *, except_id: int | None = None) -> dict[str, str]:
    """Field errors for a semester, empty when it is acceptable."""
    errors: dict[str, str] = {}
    if end <= start:
        errors["end_date"] = "结束日期必须晚于开始日期。"
    statement = select(Semester.id).where(Semester.name == name)
    if except_id is not None:
        statement = statement.where(Semester.id != except_id)
    if db.session.scalar(statement) is not None:
        errors["name"] = "已有同名学期。"
    overlap = select(Semester.name).where(Semester.start_date <= end, Semester.end_date >= start)
    if except_id is not None:
        overlap = overlap.where(Semester.id != except_id)
    other = db.session.scalar(overlap)
    if other and "end_date" not in errors:
        errors["start_date"] = f"日期与「{other}」重叠。"
    return errors

