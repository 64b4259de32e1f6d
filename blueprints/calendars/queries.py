"""Reading the calendar: its filters, the events of a stretch of days, and the semesters that bound the views.

Each function runs a fixed number of queries whatever the number of events (no N+1).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from sqlalchemy import DateTime, Integer, and_, bindparam, exists, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased, defer, joinedload, selectinload
from sqlalchemy.sql.functions import FunctionElement

from app import db
from blueprints.accounts.models import Group, Semester, Staff
from blueprints.accounts.services import semesters
from blueprints.events.clock import to_utc
from blueprints.events.models import CANCELLED, EVENT_KINDS, REGISTERED, WAITLISTED, Event, EventSeries, Registration
from blueprints.events.operations import MAX_DURATION

#: The women's-home calendar (妇女之家): the women's committee's monthly activity, the choir and the volleyball team.
WOMENS_HOME_KINDS = ("womens_home", "choir_rehearsal", "volleyball_training")
#: Named calendars one click away: "" every event, the women's home, or the events I registered for.
CALENDARS = {"": "全部活动", "womens-home": "妇女之家", "mine": "我报名的"}
#: A month never holds more; past this the page says so instead of growing without end.
EVENT_LIMIT = 400
#: A day of the month grid draws at most this many entries: a busier day draws one fewer and "还有 N 项".
DAY_ROWS = 4


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@dataclass(frozen=True)
class CalendarFilters:
    """What the calendar shows, read leniently from the query string (a bad value is ignored)."""

    cal: str = ""
    group_id: int | None = None
    kind: str = ""
    series_id: int | None = None

    @classmethod
    def from_args(cls, args) -> "CalendarFilters":
        """Filters from request.args; anything unrecognised falls back to the default."""
        return cls(
            cal=args.get("cal") if args.get("cal") in CALENDARS else "",
            group_id=_int(args.get("group")),
            kind=args.get("kind") if args.get("kind") in EVENT_KINDS else "",
            series_id=_int(args.get("series")),
        )

    def args(self, **changes) -> dict:
        """The filters as query-string arguments, with some changed (for links that keep them)."""
        values = {"cal": self.cal, "group": self.group_id or "", "kind": self.kind, "series": self.series_id or ""}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None)}

    @property
    def narrowed(self) -> bool:
        return bool(self.group_id or self.kind or self.series_id)


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The stored (UTC) bounds [start, end) of the Beijing days first..last."""
    return to_utc(datetime.combine(first, time.min)), to_utc(datetime.combine(last + timedelta(days=1), time.min))


def _touching(statement, earliest, start, end):
    """Events overlapping [start, end) (values or bound parameters); `earliest` is start - MAX_DURATION. No event
    lasts longer: that bounds the index range read, else every earlier event of the school's history is read."""
    return statement.where(Event.starts_at >= earliest, Event.starts_at < end, Event.ends_at > start)


def _narrowed(statement, person_id, cal: str, group_id=None, kind=None, series_id=None):
    """The statement (over Event) restricted to a named calendar and to a group, kind and series unless None
    (values, or bound parameters in a statement built once)."""
    if cal == "womens-home":
        statement = statement.where(Event.kind.in_(WOMENS_HOME_KINDS))
    elif cal == "mine":
        statement = statement.where(exists().where(
            Registration.event_id == Event.id, Registration.staff_id == person_id,
            Registration.status.in_((REGISTERED, WAITLISTED)),
        ))
    if group_id is not None:
        statement = statement.where(Event.group_id == group_id)
    if kind is not None:
        statement = statement.where(Event.kind == kind)
    if series_id is not None:
        statement = statement.where(Event.series_id == series_id)
    return statement


def events_between(filters: CalendarFilters, person: Staff, first: date, last: date) -> list[Event]:
    """Events touching the Beijing days first..last that match the filters, in start order, with group and series."""
    start, end = day_bounds(first, last)
    statement = (
        _touching(select(Event), start - MAX_DURATION, start, end)
        # The audience groups too: whether the person may register asks them for "members of ..." events.
        .options(joinedload(Event.group), joinedload(Event.series), selectinload(Event.audience_groups),
                 # The views never show these long texts; a month holds hundreds of events.
                 defer(Event.description), defer(Event.summary))
        .order_by(Event.starts_at, Event.id)
    )
    statement = _narrowed(statement, person.id, filters.cal, filters.group_id, filters.kind or None, filters.series_id)
    return list(db.session.scalars(statement.limit(EVENT_LIMIT)))


class day_number(FunctionElement):
    """SQL for the whole days from `origin` to a stored time (origin no later than the time): the day's number in a
    stretch of days. Dates are computed differently by each database, so each gets its own expression."""

    type = Integer()
    name = "day_number"
    inherit_cache = True


@compiles(day_number)
def _day_number(element, compiler, **kw):  # PostgreSQL
    stamp, origin = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(floor(extract(epoch from {stamp} - {origin}) / 86400) AS INTEGER)"


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw):  # the difference is never negative: the cast floors it
    stamp, origin = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({stamp}) - julianday({origin}) AS INTEGER)"


@cache
def _entries_statement(cal: str, group: bool, kind: bool, series: bool, limited: bool):
    """day_entries' statement for one shape of filters, built once (building it costs more than running it): every
    value is a bound parameter. Day numbers count from `origin`, MAX_DURATION before the first day."""
    def param(name, type_=None):
        return bindparam(name, type_=type_)

    start, origin = param("start", DateTime), param("origin", DateTime)
    mine = aliased(Registration, name="mine")
    starts = _narrowed(_touching(
        select(Event.id, Event.kind, Event.title, Event.starts_at, Event.ends_at, Event.status, mine.status.label("mine"),
               day_number(Event.starts_at, origin).label("day"),
               # An event ending at midnight ends on the day before: its end is counted one second earlier.
               day_number(Event.ends_at, param("origin_end", DateTime)).label("last_day"))
        .outerjoin(mine, and_(mine.event_id == Event.id, mine.staff_id == param("person"),
                              mine.status.in_((REGISTERED, WAITLISTED)))),
        origin, start, param("end", DateTime)),
        param("person"), cal, param("group_id") if group else None, param("kind") if kind else None,
        param("series_id") if series else None)
    # One row per event and day it touches: the few events lasting several days are repeated on their other days.
    spans = starts.cte("spans", recursive=True)
    spans = spans.union_all(
        select(*(c for c in spans.c if c.name not in ("day", "last_day")), (spans.c.day + 1).label("day"),
               spans.c.last_day)
        .where(spans.c.day < spans.c.last_day, spans.c.day < param("last_number", Integer))
    )
    rank = func.row_number().over(partition_by=spans.c.day, order_by=(
        spans.c.mine.is_(None), spans.c.status == CANCELLED, spans.c.starts_at, spans.c.id))
    ranked = select(spans, rank.label("rank"), func.count().over(partition_by=spans.c.day).label("total")).where(
        spans.c.day >= param("first_number", Integer)).subquery()
    statement = select(*(c for c in ranked.c if c.name != "last_day")).order_by(
        ranked.c.day, ranked.c.starts_at, ranked.c.id)
    if limited:
        statement = statement.where(ranked.c.rank <= param("per_day", Integer))
    return statement.limit(EVENT_LIMIT)


def day_entries(filters: CalendarFilters, person: Staff, first: date, last: date, per_day: int | None = DAY_ROWS):
    """What the month grid draws of each Beijing day first..last, in one query: (day, row) pairs in day and start
    order, each row (id, kind, title, starts_at, ends_at, status, mine, day number, rank, total), at most `per_day` a
    day (None: all of them).

    `total` is how many events the day has; `mine` the person's active registration status (or None); `rank` the
    event's place in the day: the person's own events first, then those not cancelled, then the earliest. An event
    lasting several days counts on each. Plain columns, no ORM objects: a cell shows a time, a title and a mark."""
    start, end = day_bounds(first, last)
    origin = start - MAX_DURATION  # a Beijing midnight: no event of these days starts before it (see _touching)
    offset = MAX_DURATION.days  # the day number of `first`
    statement = _entries_statement(filters.cal, filters.group_id is not None, bool(filters.kind),
                                   filters.series_id is not None, per_day is not None)
    rows = db.session.execute(statement, {
        "start": start, "end": end, "origin": origin, "origin_end": origin + timedelta(seconds=1),
        "person": person.id, "first_number": offset, "last_number": offset + (last - first).days,
        "group_id": filters.group_id, "kind": filters.kind, "series_id": filters.series_id, "per_day": per_day,
    })
    return [(first + timedelta(days=row.day - offset), row) for row in rows]


def school_terms() -> list[Semester]:
    """Every semester, earliest first: their dates bound the calendar and mark the days between them."""
    return semesters()


@dataclass(frozen=True)
class Bounds:
    """The first and last day the calendar may show (the semesters' span), or None for no bound."""

    first: date | None
    last: date | None
    terms: tuple[Semester, ...] = ()

    def clamp(self, day: date) -> date:
        if self.first and day < self.first:
            return self.first
        if self.last and day > self.last:
            return self.last
        return day

    def in_term(self, day: date) -> bool:
        """A school day range: inside some semester (days between semesters are the break)."""
        return self.first is None or any(t.start_date <= day <= t.end_date for t in self.terms)

    def term_of(self, day: date) -> Semester | None:
        return next((t for t in self.terms if t.start_date <= day <= t.end_date), None)

    def around(self, first: date, last: date) -> "Bounds":
        """The same bounds with only the semesters touching the days first..last (a page asks in_term of each day)."""
        return Bounds(self.first, self.last, tuple(t for t in self.terms if t.start_date <= last and t.end_date >= first))


def calendar_bounds() -> Bounds:
    """The span of all semesters entered (the calendar stays within it)."""
    terms = school_terms()
    if not terms:
        return Bounds(None, None)
    return Bounds(terms[0].start_date, max(t.end_date for t in terms), tuple(terms))


def group_choices():
    """The active groups as (id, name) rows, for the group filter: plain columns, a school has a hundred of them."""
    return db.session.execute(select(Group.id, Group.name).where(Group.is_active.is_(True)).order_by(Group.id)).all()


def series_title(series_id: int | None) -> str | None:
    """The title of the series a calendar is narrowed to, for the filter chip."""
    if not series_id:
        return None
    return db.session.scalar(select(EventSeries.title).where(EventSeries.id == series_id))
