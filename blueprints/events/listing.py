"""The organiser's roster of one event a page at a time, as plain rows, with the counts of the whole event.

Two queries whatever the size of the event: the counts (with how many a search finds), then one page. The search is
the staff list's (accounts.services.search_statement: name, staff number, full pinyin, initials)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import (
    ColumnElement, Integer, Row, Select, and_, bindparam, case, exists, func, literal, null, select, union_all,
)
from sqlalchemy.orm import aliased

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.services import search_statement
from blueprints.core.paging import ListView, Page
from blueprints.events.models import REGISTERED, WAITLISTED, WITHDRAWN, Attendance, Event, Registration

#: Rows per page of the roster: a page stays quick to draw and to read on a phone, whatever the event's size.
ROSTER_PAGE_SIZE = 50
#: The kind of a roster row for someone signed in without being registered or waiting.
WALK_IN = "walk_in"
#: The status filter: its value in the query string, and its label.
ROSTER_STATUSES = {
    "": "全部", "registered": "已报名", "waiting": "候补", "signed": "已签到", "unsigned": "未签到",
    "withdrawn": "已取消报名",
}

ACTIVE = (REGISTERED, WAITLISTED)

_EVENT_ID = bindparam("event_id", type_=Integer)


@dataclass(frozen=True)
class RosterView(ListView):
    """What the organiser asked to see of the roster."""

    STATUSES = ROSTER_STATUSES


@dataclass(frozen=True)
class RosterTotals:
    """How many are on each of the event's lists: the whole event, whatever page, filter or search is shown."""

    registered: int
    waiting: int
    walk_ins: int  #: signed in without being registered or waiting
    withdrawn: int
    signed: int  #: everyone signed in, on a list or not
    unsigned: int  #: registered and not signed in

    def of(self, status: str) -> int:
        """How many the status filter lists."""
        return {
            "": self.registered + self.waiting + self.walk_ins, "registered": self.registered, "waiting": self.waiting,
            "signed": self.signed, "unsigned": self.unsigned, "withdrawn": self.withdrawn,
        }[status]


@dataclass(frozen=True)
class RosterPage:
    """One page of the roster. Each row has kind (registered, waitlisted, withdrawn or WALK_IN), position (the place
    in its list, from 1), staff_id, name, staff_no, queued_at, promoted_at, added_by_id, signed_in_at and source
    (the last two None for someone not signed in)."""

    rows: list[Row]
    totals: RosterTotals
    found: int  #: how many the filter and the search find
    page: Page
    view: RosterView  #: as asked, with the page shown (the last one when asked past the end)


@cache
def _people():
    """Everyone on the event's lists: a row per registration (any status) with its place in its list, and a row per
    walk-in, numbered in the order they signed in."""
    registrations = select(
        Registration.staff_id.label("staff_id"),
        Registration.status.label("kind"),
        func.row_number().over(partition_by=Registration.status, order_by=(Registration.queued_at, Registration.id))
        .label("position"),
        Registration.queued_at.label("queued_at"),
        Registration.promoted_at.label("promoted_at"),
        Registration.added_by_id.label("added_by_id"),
    ).where(Registration.event_id == _EVENT_ID)
    listed = exists().where(Registration.event_id == Attendance.event_id, Registration.staff_id == Attendance.staff_id,
                            Registration.status.in_(ACTIVE))
    walk_ins = select(
        Attendance.staff_id, literal(WALK_IN),
        func.row_number().over(order_by=(Attendance.signed_in_at, Attendance.id)),
        null(), null(), null(),
    ).where(Attendance.event_id == _EVENT_ID, ~listed)
    return union_all(registrations, walk_ins).subquery("person")


#: The attendance beside each person of `_people` (an alias: the counts join Attendance to registrations too).
_SIGNED = aliased(Attendance, name="signed")


def _people_with_attendance(*columns) -> Select:
    person = _people()
    return select(*columns).select_from(person).outerjoin(
        _SIGNED, and_(_SIGNED.event_id == _EVENT_ID, _SIGNED.staff_id == person.c.staff_id))


def _chosen(status: str, found: Select | None):
    """The people of `_people_with_attendance` that the status filter and the search (the staff list's) keep."""
    kind, attended = _people().c.kind, _SIGNED.id.is_not(None)
    chosen = {
        "": kind.in_((REGISTERED, WAITLISTED, WALK_IN)),
        "registered": kind == REGISTERED,
        "waiting": kind == WAITLISTED,
        "signed": and_(kind != WITHDRAWN, attended),
        "unsigned": and_(kind == REGISTERED, ~attended),
        "withdrawn": kind == WITHDRAWN,
    }[status]
    if found is None:
        return chosen
    return and_(chosen, _people().c.staff_id.in_(found.with_only_columns(Staff.id).order_by(None).correlate(None)))


def _count(condition):
    return func.count(case((condition, 1)))


def _counts(found_in: ColumnElement | None = None) -> Select:
    """The counts of the whole event, from its registrations and a count of its attendance (cheaper than counting
    `_people`); with how many a search finds when given one."""
    status, attended = Registration.status, Attendance.id.is_not(None)
    columns = [
        _count(status == REGISTERED).label("registered"),
        _count(status == WAITLISTED).label("waiting"),
        _count(status == WITHDRAWN).label("withdrawn"),
        _count(and_(status.in_(ACTIVE), attended)).label("listed_signed"),
        _count(and_(status == REGISTERED, ~attended)).label("unsigned"),
        select(func.count()).select_from(Attendance).where(Attendance.event_id == _EVENT_ID)
        .correlate(None).scalar_subquery().label("signed"),
    ]
    if found_in is not None:
        columns.append(_people_with_attendance(func.count()).where(found_in).correlate(None).scalar_subquery()
                       .label("found"))
    return (
        select(*columns).select_from(Registration)
        .outerjoin(Attendance, and_(Attendance.event_id == _EVENT_ID, Attendance.staff_id == Registration.staff_id))
        .where(Registration.event_id == _EVENT_ID)
    )


def _page(chosen) -> Select:
    """A page of those chosen, in list order: registered, waiting, walk-ins, withdrawn; each in queue order."""
    person = _people()
    rank = case({REGISTERED: 0, WAITLISTED: 1, WALK_IN: 2}, value=person.c.kind, else_=3)
    return (
        _people_with_attendance(
            person.c.kind, person.c.position, person.c.staff_id, Staff.name, Staff.staff_no, person.c.queued_at,
            person.c.promoted_at, person.c.added_by_id, _SIGNED.signed_in_at, _SIGNED.source,
        )
        .join(Staff, Staff.id == person.c.staff_id)
        .where(chosen).order_by(rank, person.c.position)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
    )


@cache
def _unsearched_counts() -> Select:
    """The counts, built once."""
    return _counts()


@cache
def _unsearched_page(status: str) -> Select:
    """A page of a status filter without a search, built once per filter."""
    return _page(_chosen(status, None))


def roster_page(event: Event, view: RosterView, size: int = ROSTER_PAGE_SIZE) -> RosterPage:
    """One page of the event's people as the organiser asked, with the counts of the whole event, in two queries
    (one when nobody is found)."""
    found = search_statement(view.who, include_inactive=True)  # someone since deactivated is still on the list
    if found is None:
        chosen, counts, page_statement = None, _unsearched_counts(), _unsearched_page(view.status)
    else:
        chosen = _chosen(view.status, found)
        counts, page_statement = _counts(chosen), _page(chosen)
    row = db.session.execute(counts, {"event_id": event.id}).one()
    totals = RosterTotals(
        registered=row.registered, waiting=row.waiting, walk_ins=row.signed - row.listed_signed,
        withdrawn=row.withdrawn, signed=row.signed, unsigned=row.unsigned,
    )
    total = totals.of(view.status) if chosen is None else row.found
    page = Page.of(view.page, size, total)
    rows = []
    if total:
        rows = db.session.execute(page_statement, {"event_id": event.id, "limit": size, "offset": page.offset}).all()
    return RosterPage(rows, totals, total, page, replace(view, page=page.number))
