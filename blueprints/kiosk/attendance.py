"""For organisers: who signed in, when and by what means (which kiosk, whose hand), and who registered but did not
come; a page at a time, with the counts of the whole event.

Two queries whatever the size of the event: the counts (with how many a search finds), then one page. The list is
everyone signed in, in the order they came (numbered so), then everyone registered who has not come, in queue order.
The search is the staff list's (accounts.services.search_statement: name, staff number, full pinyin, initials)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, lru_cache

from sqlalchemy import (
    DateTime, Integer, Select, and_, bindparam, case, exists, func, literal, null, select, type_coerce, union_all,
)
from sqlalchemy.orm import aliased

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.services import search_statement
from blueprints.core.clock import to_local
from blueprints.core.paging import ListView, Page
from blueprints.events.models import (
    ATTENDANCE_SOURCES, CANCELLED, REGISTERED, WAITLISTED, Attendance, Event, Registration,
)
from blueprints.events.operations import SIGN_IN_CLOSES_AFTER, SIGN_IN_OPENS_BEFORE
from blueprints.kiosk.models import OK, SIGN_IN, Kiosk, KioskRequest

#: Rows per page: a page stays quick to draw, to refresh and to read on a phone, whatever the event's size.
ATTENDANCE_PAGE_SIZE = 50
#: The status filter: its value in the query string, and its label.
ATTENDANCE_STATUSES = {"": "全部", "signed": "已签到", "unsigned": "未签到"}
#: How often the page fetches its list again while people may be signing in: a page of 50 costs a few milliseconds.
REFRESH_SECONDS = 20
#: The two kinds of row: signed in (in the order they came), and registered but not (yet) come.
ARRIVED, ABSENT = "arrived", "absent"

ACTIVE = (REGISTERED, WAITLISTED)

_EVENT_ID = bindparam("event_id", type_=Integer)


def signing_in_now(event: Event, now: datetime) -> bool:
    """Whether people may be signing in now (from when a kiosk may open until it must close): the page keeps
    itself up to date only then."""
    return (event.status != CANCELLED
            and event.starts_at - SIGN_IN_OPENS_BEFORE <= now <= event.ends_at + SIGN_IN_CLOSES_AFTER)


@dataclass(frozen=True)
class AttendanceView(ListView):
    """What the organiser asked to see of the sign-ins."""

    STATUSES = ATTENDANCE_STATUSES


@dataclass(frozen=True)
class AttendanceTotals:
    """The whole event's figures, whatever page, filter or search is shown."""

    registered: int  #: expected: holding a seat
    signed: int  #: everyone signed in, registered, waiting or neither
    absent: int  #: registered and not signed in
    walk_ins: int  #: signed in without being registered or waiting
    by_source: tuple[tuple[str, int], ...]  #: (label, count) for every means of signing in, in a fixed order

    def of(self, status: str) -> int:
        """How many the status filter lists."""
        return {"": self.signed + self.absent, "signed": self.signed, "unsigned": self.absent}[status]


@dataclass(frozen=True)
class AttendanceRow:
    """One person on the page: signed in (kind ARRIVED, position = the order they came) or not (ABSENT, position
    = their place in the queue of the registered)."""

    kind: str
    position: int
    staff_id: int
    name: str
    staff_no: str
    signed_in_at: datetime | None
    source: str
    source_label: str
    detail: str  #: the kiosk's label, or who recorded it by hand
    registration: str  #: "registered", "waitlisted", or "" for a walk-in
    on_event_day: bool  #: signed in on the (Beijing) day the event starts: the time alone says when
    queued_at: datetime | None  #: when an absent person registered


@dataclass(frozen=True)
class AttendancePage:
    """One page of the list, the whole event's figures, and where the page sits."""

    rows: list[AttendanceRow]
    totals: AttendanceTotals
    found: int  #: how many the filter and the search find
    page: Page
    view: AttendanceView  #: as asked, with the page shown (the last one when asked past the end)

    @property
    def arrivals(self) -> list[AttendanceRow]:
        return [row for row in self.rows if row.kind == ARRIVED]

    @property
    def absent(self) -> list[AttendanceRow]:
        return [row for row in self.rows if row.kind == ABSENT]

    @property
    def first_absent_page(self) -> int:
        """The page of everyone where the absent begin (after all who came)."""
        return self.totals.signed // self.page.size + 1


@cache
def _people():
    """Everyone on the list: a row per attendance numbered in the order they came, with the registration beside it
    (if any), then a row per registered person not signed in, numbered in queue order."""
    listed = aliased(Registration, name="listed")
    arrivals = select(
        literal(ARRIVED).label("kind"),
        func.row_number().over(order_by=(Attendance.signed_in_at, Attendance.id)).label("position"),
        Attendance.staff_id.label("staff_id"),
        Attendance.id.label("attendance_id"),
        Attendance.signed_in_at.label("signed_in_at"),
        Attendance.source.label("source"),
        Attendance.recorded_by_id.label("recorded_by_id"),
        listed.status.label("registration"),
        type_coerce(null(), DateTime).label("queued_at"),
    ).select_from(Attendance).outerjoin(listed, and_(
        listed.event_id == Attendance.event_id, listed.staff_id == Attendance.staff_id, listed.status.in_(ACTIVE),
    )).where(Attendance.event_id == _EVENT_ID)
    came = exists().where(Attendance.event_id == Registration.event_id, Attendance.staff_id == Registration.staff_id)
    absent = select(
        literal(ABSENT), func.row_number().over(order_by=(Registration.queued_at, Registration.id)),
        Registration.staff_id, null(), null(), null(), null(), literal(REGISTERED), Registration.queued_at,
    ).where(Registration.event_id == _EVENT_ID, Registration.status == REGISTERED, ~came)
    return union_all(arrivals, absent).subquery("person")


def _chosen(status: str, found: Select | None):
    """The people of `_people` that the status filter and the search keep."""
    kind = _people().c.kind
    chosen = {"": kind.in_((ARRIVED, ABSENT)), "signed": kind == ARRIVED, "unsigned": kind == ABSENT}[status]
    if found is None:
        return chosen
    return and_(chosen, _people().c.staff_id.in_(found.with_only_columns(Staff.id).order_by(None).correlate(None)))


def _count(condition):
    return func.count(case((condition, 1)))


def _counts(found_in=None) -> Select:
    """The whole event's figures from its attendance (with the registration beside each) and a count of its
    registered; with how many a search finds when given one."""
    listed = aliased(Registration, name="listed")
    columns = [
        func.count(Attendance.id).label("signed"),
        _count(listed.id.is_(None)).label("walk_ins"),
        _count(listed.status == REGISTERED).label("registered_signed"),
        *(_count(Attendance.source == source).label(f"source_{source}") for source in ATTENDANCE_SOURCES),
        select(func.count()).select_from(Registration)
        .where(Registration.event_id == _EVENT_ID, Registration.status == REGISTERED)
        .correlate(None).scalar_subquery().label("registered"),
    ]
    if found_in is not None:
        columns.append(select(func.count()).select_from(_people()).where(found_in).correlate(None).scalar_subquery()
                       .label("found"))
    return select(*columns).select_from(Attendance).outerjoin(listed, and_(
        listed.event_id == Attendance.event_id, listed.staff_id == Attendance.staff_id, listed.status.in_(ACTIVE),
    )).where(Attendance.event_id == _EVENT_ID)


def _page(chosen) -> Select:
    """A page of those chosen, those who came first; the names, the recorder and the kiosk are looked up for the
    page's rows only."""
    person = _people()
    shown = (
        select(person).where(chosen)
        .order_by(case((person.c.kind == ARRIVED, 0), else_=1), person.c.position)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
        .subquery("shown")
    )
    recorder = aliased(Staff, name="recorder")
    kiosk_label = (
        select(Kiosk.label).join(KioskRequest, KioskRequest.kiosk_id == Kiosk.id)
        .where(KioskRequest.attendance_id == shown.c.attendance_id, Kiosk.event_id == _EVENT_ID,
               KioskRequest.action == SIGN_IN, KioskRequest.outcome == OK)
        .limit(1).scalar_subquery()
    )
    detail = case(
        (shown.c.source == "kiosk", kiosk_label),
        (shown.c.source == "hand", recorder.name),
        else_=None,
    )
    return (
        select(shown.c.kind, shown.c.position, shown.c.staff_id, Staff.name, Staff.staff_no, shown.c.signed_in_at,
               shown.c.source, detail.label("detail"), shown.c.registration, shown.c.queued_at)
        .select_from(shown).join(Staff, Staff.id == shown.c.staff_id)
        .outerjoin(recorder, recorder.id == shown.c.recorded_by_id)
        .order_by(case((shown.c.kind == ARRIVED, 0), else_=1), shown.c.position)
    )


@lru_cache(maxsize=64)
def _statements(status: str, who: str) -> tuple[Select, Select, bool]:
    """The counts and the page for a filter and a search, and whether there is a search; built once for each (a page
    that keeps itself up to date asks the same again and again)."""
    found = search_statement(who, include_inactive=True)  # someone since deactivated still came
    chosen = _chosen(status, found)
    return _counts(chosen if found is not None else None), _page(chosen), found is not None


def attendance_page(event: Event, view: AttendanceView, size: int = ATTENDANCE_PAGE_SIZE) -> AttendancePage:
    """One page of who came and who did not, as the organiser asked, with the whole event's figures, in two queries
    (one when nobody is found)."""
    counts, page_statement, searched = _statements(view.status, view.who)
    row = db.session.execute(counts, {"event_id": event.id}).one()
    totals = AttendanceTotals(
        registered=row.registered, signed=row.signed, absent=row.registered - row.registered_signed,
        walk_ins=row.walk_ins,
        by_source=tuple((label, getattr(row, f"source_{source}")) for source, label in ATTENDANCE_SOURCES.items()),
    )
    total = row.found if searched else totals.of(view.status)
    page = Page.of(view.page, size, total)
    rows = []
    if total:
        event_day = to_local(event.starts_at).date()
        rows = [
            AttendanceRow(
                kind=r.kind, position=r.position, staff_id=r.staff_id, name=r.name, staff_no=r.staff_no,
                signed_in_at=r.signed_in_at, source=r.source or "",
                source_label=ATTENDANCE_SOURCES.get(r.source, r.source or ""), detail=r.detail or "",
                registration=r.registration or "", queued_at=r.queued_at,
                on_event_day=r.signed_in_at is not None and to_local(r.signed_in_at).date() == event_day,
            )
            for r in db.session.execute(page_statement, {"event_id": event.id, "limit": size, "offset": page.offset})
        ]
    return AttendancePage(rows, totals, total, page, replace(view, page=page.number))
