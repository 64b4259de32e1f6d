"""Reading the calendar: its filters, the events of a stretch of days, and the semesters that bound the views.

Each function runs a fixed number of queries whatever the number of events (no N+1).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app import db
from blueprints.accounts.models import Group, Semester, Staff
from blueprints.accounts.services import active_groups as accounts_active_groups, semesters
from blueprints.events.clock import to_utc
from blueprints.events.models import EVENT_KINDS, REGISTERED, WAITLISTED, Event, EventSeries, Registration

#: The women's-home calendar (妇女之家): the women's committee's monthly activity, the choir and the volleyball team.
WOMENS_HOME_KINDS = ("womens_home", "choir_rehearsal", "volleyball_training")
#: Named calendars one click away: "" every event, the women's home, or the events I registered for.
CALENDARS = {"": "全部活动", "womens-home": "妇女之家", "mine": "我报名的"}
#: A month never holds more; past this the page says so instead of growing without end.
EVENT_LIMIT = 400


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


def events_between(filters: CalendarFilters, person: Staff, first: date, last: date) -> list[Event]:
    """Events touching the Beijing days first..last that match the filters, in start order, with group and series."""
    start, end = day_bounds(first, last)
    statement = (
        select(Event).where(Event.starts_at < end, Event.ends_at > start)
        # The audience groups too: whether the person may register asks them for "members of ..." events.
        .options(joinedload(Event.group), joinedload(Event.series), selectinload(Event.audience_groups),
                 # The views never show these long texts; a month holds hundreds of events.
                 defer(Event.description), defer(Event.summary))
        .order_by(Event.starts_at, Event.id)
    )
    if filters.cal == "womens-home":
        statement = statement.where(Event.kind.in_(WOMENS_HOME_KINDS))
    elif filters.cal == "mine":
        statement = statement.where(exists().where(
            Registration.event_id == Event.id, Registration.staff_id == person.id,
            Registration.status.in_((REGISTERED, WAITLISTED)),
        ))
    if filters.group_id:
        statement = statement.where(Event.group_id == filters.group_id)
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    if filters.series_id:
        statement = statement.where(Event.series_id == filters.series_id)
    return list(db.session.scalars(statement.limit(EVENT_LIMIT)))


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
        return not self.terms or any(t.start_date <= day <= t.end_date for t in self.terms)

    def term_of(self, day: date) -> Semester | None:
        return next((t for t in self.terms if t.start_date <= day <= t.end_date), None)


def calendar_bounds() -> Bounds:
    """The span of all semesters entered (the calendar stays within it)."""
    terms = school_terms()
    if not terms:
        return Bounds(None, None)
    return Bounds(terms[0].start_date, max(t.end_date for t in terms), tuple(terms))


def active_groups() -> list[Group]:
    """The active groups, for the group filter (read once per request, shared with organisable_groups)."""
    return accounts_active_groups()


def series_title(series_id: int | None) -> str | None:
    """The title of the series a calendar is narrowed to, for the filter chip."""
    if not series_id:
        return None
    return db.session.scalar(select(EventSeries.title).where(EventSeries.id == series_id))
