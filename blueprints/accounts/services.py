"""Rules about staff, groups and semesters. Functions flush but never commit: the view owns the transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Callable

from flask import g
from sqlalchemy import Select, bindparam, case, func, or_, select, update
from sqlalchemy.orm import contains_eager

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.core.features import Figures, forget_per_request, per_request

SEARCH_LIMIT = 20

#: Yes/no questions about a person that other features ask on every page (the menu: "a mentor?"), each a
#: function of the person's id giving a SQL expression; answered together with the memberships, in one query.
PERSON_FLAGS: dict[str, Callable[[int], Any]] = {}


def register_person_flag(name: str, expression: Callable[[int], Any]) -> None:
    """Let a feature add a question to the per-person facts (see PERSON_FLAGS)."""
    PERSON_FLAGS[name] = expression


@dataclass(frozen=True)
class PersonFacts:
    memberships: list[Membership]  #: every group, active or not, leaders first, then by group name
    flags: dict[str, Any]  #: PERSON_FLAGS, and any extra figures asked for, by name


def person_facts(staff: Staff, extra: Figures | None = None) -> PersonFacts:
    """The person's memberships (with their groups) and flags in one query, remembered for the request.

    `extra` adds named SQL scalars to that query (the home page's figures) when it has not run yet."""
    return per_request(f"person_facts:{staff.id}", lambda: _read_facts(staff.id, extra))


def _read_facts(staff_id: int, extra: Figures | None) -> PersonFacts:
    if extra is not None and extra.expressions:  # the home page's figures, built once: so is the statement
        columns = PERSON_FLAGS | extra.expressions
        statement = _facts_statement_with(tuple(PERSON_FLAGS), extra.expressions)
        params = {**extra.params, "facts_staff_id": staff_id}
    else:  # every other page: the same statement each time, built once
        columns = PERSON_FLAGS
        statement, params = _plain_facts_statement(tuple(PERSON_FLAGS)), {"facts_staff_id": staff_id}
    rows = db.session.execute(statement, params).all()
    flags = {name: rows[0]._mapping[name] for name in columns} if rows else {}
    return PersonFacts([row[0] for row in rows if row[0] is not None], flags)


def _facts_statement(staff_id, columns: dict[str, Any]):
    # From the person's own row, so the flags come back even for someone in no group.
    return (
        select(Membership, *(expr.label(name) for name, expr in columns.items()))
        .select_from(Staff)
        .outerjoin(Membership, Membership.staff_id == Staff.id)
        .outerjoin(Group, Group.id == Membership.group_id)
        .where(Staff.id == staff_id)
        .options(contains_eager(Membership.group))
        .order_by(Membership.is_leader.desc(), Group.name)
    )


@cache
def _plain_facts_statement(flag_names: tuple[str, ...]):
    """The facts with PERSON_FLAGS only, for a person id given when run (keyed by the flags' names)."""
    staff_id = bindparam("facts_staff_id")
    return _facts_statement(staff_id, {name: PERSON_FLAGS[name](staff_id) for name in flag_names})


#: The facts with the home page's figures, by the names asked (a handful of sets: who sees which panels).
_WITH_FIGURES: dict[tuple[str, ...], Select] = {}


def _facts_statement_with(flag_names: tuple[str, ...], figures: dict[str, Any]):
    """The facts with PERSON_FLAGS and these figures (expressions built once), for a person id given when run."""
    key = flag_names + tuple(figures)
    statement = _WITH_FIGURES.get(key)
    if statement is None:
        staff_id = bindparam("facts_staff_id")
        columns = {name: PERSON_FLAGS[name](staff_id) for name in flag_names} | figures
        statement = _WITH_FIGURES[key] = _facts_statement(staff_id, columns)
    return statement


def _forget_facts(staff: Staff) -> None:
    forget_per_request(f"person_facts:{staff.id}")


def semesters() -> list[Semester]:
    """Every semester, earliest first, looked up once per request."""
    return per_request("semesters", lambda: list(db.session.scalars(select(Semester).order_by(Semester.start_date))))


def current_semester() -> Semester | None:
    """The semester marked current, looked up once per request."""
    if "current_semester" not in g:
        g.current_semester = next((s for s in semesters() if s.is_current), None)
    return g.current_semester


def groups_of(staff: Staff) -> list[Membership]:
    """The person's memberships of active groups, leaders first, then by group name."""
    return [m for m in person_facts(staff).memberships if m.group.is_active]


def groups_led(staff: Staff) -> list[Group]:
    """The active groups the person leads, in the order they were created."""
    return sorted((m.group for m in groups_of(staff) if m.is_leader), key=lambda group: group.id)


def active_groups() -> list[Group]:
    """Every active group, in the order they were created, looked up once per request."""
    return per_request(
        "active_groups",
        lambda: list(db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id))),
    )


def normalise_query(query: str) -> str:
    return "".join(query.split()).lower()


def search_staff(query: str, *, limit: int = SEARCH_LIMIT, include_inactive: bool = False) -> list[Staff]:
    """Staff whose name, staff number, full pinyin or pinyin initials contain the query; best matches first."""
    statement = search_statement(query, include_inactive=include_inactive)
    return [] if statement is None else list(db.session.scalars(statement.limit(limit)))


def search_statement(query: str, *, include_inactive: bool = False) -> Select | None:
    """The search of search_staff as a statement, best matches first (None for an empty query); callers that show
    only a few columns swap them in with `with_only_columns`, keeping the filter and the order."""
    q = normalise_query(query)
    if not q:
        return None
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
    return statement.order_by(rank, func.length(Staff.name), Staff.staff_no)


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
    _forget_facts(staff)
    return membership


def remove_membership(group: Group, staff: Staff) -> None:
    db.session.execute(
        Membership.__table__.delete().where(Membership.group_id == group.id, Membership.staff_id == staff.id)
    )
    _forget_facts(staff)


def leads_group(staff: Staff, group_id: int) -> bool:
    """Whether the person leads the group (active or not)."""
    return any(m.group_id == group_id and m.is_leader for m in person_facts(staff).memberships)


def make_current(semester: Semester) -> None:
    """Mark one semester current; the partial unique index guarantees there is never a second."""
    db.session.execute(update(Semester).where(Semester.id != semester.id).values(is_current=False))
    db.session.flush()
    semester.is_current = True
    db.session.flush()
    g.pop("current_semester", None)
    forget_per_request("semesters")


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

