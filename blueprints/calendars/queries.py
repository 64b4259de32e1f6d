"""Reading the calendar: its filters, the events of a stretch of days, and the semesters that bound the views.

Each function runs a fixed number of queries whatever the number of events (no N+1).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache

from markupsafe import Markup, escape
from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload, selectinload

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.accounts.services import semesters
from blueprints.core.freshness import cached
from blueprints.core.sqltime import local_day, local_last_day
from blueprints.events.clock import to_utc
from blueprints.events.audience import group_ids_of
from blueprints.events.models import EVENT_KINDS, REGISTERED, WAITLISTED, Event, EventSeries, Registration
from blueprints.events.operations import MAX_DURATION
from blueprints.events.queries import Standing, standing_from, with_standing_columns

#: The women's-home calendar (妇女之家): the women's committee's monthly activity, the choir and the volleyball team.
WOMENS_HOME_KINDS = ("womens_home", "choir_rehearsal", "volleyball_training")
#: Named calendars one click away: "" every event, the women's home, or the events I registered for.
CALENDARS = {"": "全部活动", "womens-home": "妇女之家", "mine": "我报名的"}


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
    """Events overlapping [start, end); `earliest` is start - MAX_DURATION. No event
    lasts longer: that bounds the index range read, else every earlier event of the school's history is read."""
    return statement.where(Event.starts_at >= earliest, Event.starts_at < end, Event.ends_at > start)


#: What a card of the week and list views shows of an event: its group and series, and the audience groups (whether
#: the person may register asks them for "members of ..." events); never the long texts, which no card shows.
_CARD_OPTIONS = (joinedload(Event.group), joinedload(Event.series), selectinload(Event.audience_groups),
                 defer(Event.description), defer(Event.summary))


def standings_of(ids: list[int], person: Staff, now: datetime) -> dict[int, Standing]:
    """The events with these ids (the cards a week or a page of the list shows) as the person sees them, in start
    order: each with its group and series, its seats and the person's place, by one statement built once (and one
    more for the audience groups)."""
    if not ids:
        return {}
    rows = db.session.execute(_standings_statement(), {"ids": ids, "person_id": person.id}).all()
    group_ids = group_ids_of(person)
    return {row.Event.id: standing_from(row.Event, row, person, now, group_ids) for row in rows}


@cache
def _standings_statement():
    """standings_of's statement (building it cost as much as running it)."""
    return with_standing_columns(
        select(Event).where(Event.id.in_(bindparam("ids", expanding=True))).options(*_CARD_OPTIONS)
        .order_by(Event.starts_at, Event.id),
        bindparam("person_id"),
    )


def events_touching(first: date, last: date):
    """Every event touching the Beijing days first..last as plain columns (id, kind, title, starts_at, status,
    group_id, series_id, first_day, last_day: its Beijing days), in start order: the month grid's whatever the
    filters (cells.Filter applies them)."""
    start, end = day_bounds(first, last)
    return db.session.execute(
        _touching(select(Event.id, Event.kind, Event.title, Event.starts_at, Event.status, Event.group_id,
                         Event.series_id, local_day(Event.starts_at), local_last_day(Event.ends_at)),
                  start - MAX_DURATION, start, end)
        .order_by(Event.starts_at, Event.id)
    ).all()


def places_between(person: Staff, start: datetime, end: datetime) -> dict[int, str]:
    """{event id: REGISTERED or WAITLISTED} for the person's places at events starting in [start, end)."""
    rows = db.session.connection().execute(_places_statement(), {"person": person.id, "start": start, "end": end})
    return dict(rows.all())


@cache
def _places_statement():
    """places_between's statement, built once (building and keying it cost more than running it; it runs on the
    session's connection, as it needs nothing of the ORM). Led by the events of those days (a month's few hundred),
    each looked up in the (event, person) index: led by the person's registrations, SQLite would read every one
    they ever made."""
    starting = select(Event.id).where(Event.starts_at >= bindparam("start"), Event.starts_at < bindparam("end"))
    return select(Registration.event_id, Registration.status).where(
        Registration.staff_id == bindparam("person"), Registration.status.in_((REGISTERED, WAITLISTED)),
        Registration.event_id.in_(starting),
    )


@dataclass(frozen=True)
class Term:
    """A semester as plain values, kept between requests (an ORM object belongs to one request's session)."""

    name: str
    start_date: date
    end_date: date


def school_terms() -> tuple[Term, ...]:
    """Every semester, earliest first: their dates bound the calendar and mark the days between them. Kept until
    the school's data changes: every calendar page asks."""
    return cached("calendar_terms", None, lambda: tuple(Term(s.name, s.start_date, s.end_date) for s in semesters()))


@dataclass(frozen=True)
class Bounds:
    """The first and last day the calendar may show (the semesters' span), or None for no bound."""

    first: date | None
    last: date | None
    terms: tuple[Term, ...] = ()

    def clamp(self, day: date) -> date:
        if self.first and day < self.first:
            return self.first
        if self.last and day > self.last:
            return self.last
        return day

    def in_term(self, day: date) -> bool:
        """A school day range: inside some semester (days between semesters are the break)."""
        return self.first is None or any(t.start_date <= day <= t.end_date for t in self.terms)

    def term_of(self, day: date) -> Term | None:
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
    """The active groups as (id, name) rows, for the group filter: plain columns, a school has a hundred of them;
    kept until the school's data changes."""
    return cached("calendar_groups", None, lambda: tuple(db.session.execute(
        select(Group.id, Group.name).where(Group.is_active.is_(True)).order_by(Group.id))))


def group_options(chosen: int | None) -> Markup:
    """The group filter's <option>s with the chosen group selected: written once per choice and kept until the
    school's data changes (a hundred groups were a tenth of a month page)."""
    return cached("calendar_group_options", chosen, lambda: Markup("".join(
        f'<option value="{id}" {"selected" if id == chosen else ""}>{escape(name)}</option>'
        for id, name in group_choices())))


def series_title(series_id: int | None) -> str | None:
    """The title of the series a calendar is narrowed to, for the filter chip."""
    if not series_id:
        return None
    return db.session.scalar(select(EventSeries.title).where(EventSeries.id == series_id))
