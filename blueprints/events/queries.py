"""Reading events for pages: filtered lists, each event as one person sees it, the organiser's roster, home panels.

Each function runs a fixed number of queries whatever the number of events or people (no N+1).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Boolean, DateTime, and_, bindparam, case, exists, false, func, or_, select, true
from sqlalchemy.orm import aliased, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.elements import BindParameter

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.forms import parse_id
from blueprints.events.audience import audience_problem, group_ids_of
from blueprints.events.checklist import checklist_of
from blueprints.events.clock import month_range
from blueprints.events.models import (
    EVENT_KINDS, REGISTERED, SCHEDULED, WAITLISTED, WITHDRAWN, Attendance, ChecklistItem, Event, Registration, Speaker,
    event_audience_group,
)
from blueprints.events.operations import MAX_DURATION
from blueprints.events.registration import window_problem, withdraw_problem

LIST_LIMIT = 100
#: A notice (moved up, cancelled) stays on the home page until dismissed or this long after the event.
NOTICE_DAYS = timedelta(days=3)
ACTIVE = (REGISTERED, WAITLISTED)


@dataclass
class EventFilters:
    """The list's filters, read leniently from the query string (a bad value is ignored)."""

    when: str = "upcoming"  #: upcoming | past | all (a month shows the whole month)
    kind: str = ""
    group_id: int | None = None
    month: str = ""  #: YYYY-MM in Beijing time
    q: str = ""
    scope: str = ""  #: "" every event | open: open to me | mine: I registered or wait

    @classmethod
    def from_args(cls, args) -> "EventFilters":
        """Filters from request.args; anything unrecognised falls back to the default."""
        month = args.get("month", "").strip()
        group = args.get("group", "").strip()
        return cls(
            when="all" if re.fullmatch(r"\d{4}-\d{2}", month) else (
                args.get("when") if args.get("when") in ("upcoming", "past") else "upcoming"),
            kind=args.get("kind") if args.get("kind") in EVENT_KINDS else "",
            group_id=parse_id(group),
            month=month if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", month) else "",
            q=args.get("q", "").strip()[:50],
            scope=args.get("scope") if args.get("scope") in ("open", "mine") else "",
        )

    def args(self, **changes) -> dict:
        """The filters as query-string arguments, with some changed (for tab links)."""
        values = {"when": self.when, "kind": self.kind, "group": self.group_id or "", "month": self.month,
                  "q": self.q, "scope": self.scope}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None)}


def month_choices(first: date | None, last: date | None, now: datetime) -> list[tuple[str, str]]:
    """(YYYY-MM, label) for the month filter: the semester's months, or a year around now without one."""
    if first is None or last is None:
        first, last = (now - timedelta(days=183)).date(), (now + timedelta(days=183)).date()
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((f"{year}-{month:02d}", f"{year}年{month}月"))
        year, month = year + (month == 12), month % 12 + 1
    return months


def _audience_clause(person: Staff, group_ids: set[int]):
    """SQL for "the audience might include this person"; the age rule is finished in Python."""
    facts = audience_facts(person, group_ids)
    return _audience_of(*(true() if facts[name] else false() for name in ("woman", "party", "dated")),
                        facts["group_ids"])


def audience_facts(person: Staff, group_ids: set[int]) -> dict:
    """What _audience_of asks of a person, as the values of a statement built once (joinable_events_statement)."""
    return {"woman": person.gender == "F", "party": person.is_party_member, "dated": bool(person.birth_date),
            "group_ids": sorted(group_ids) or [-1]}


def _audience_of(woman, party, dated, group_ids):
    in_groups = exists().where(event_audience_group.c.event_id == Event.id, event_audience_group.c.group_id.in_(group_ids))
    return or_(
        Event.audience == "all",
        and_(Event.audience == "women", woman),
        and_(Event.audience == "party", party),
        and_(Event.audience == "young", dated),
        and_(Event.audience == "groups", in_groups),
    )


def list_events(filters: EventFilters, person: Staff, now: datetime, limit: int = LIST_LIMIT) -> list[Event]:
    """Events matching the filters, soonest first (most recent first for past ones)."""
    statement, group_ids = list_statement(filters, person, now, limit)
    events = list(db.session.scalars(statement.options(
        joinedload(Event.group),
        selectinload(Event.audience_groups),
        selectinload(Event.speakers).joinedload(Speaker.staff),
    )))
    if filters.scope == "open":
        events = [e for e in events if audience_problem(e, person, group_ids) is None]
    return events


def list_statement(filters: EventFilters, person: Staff, now: datetime, limit: int = LIST_LIMIT):
    """The list's query (callers choose what to load with each event) and the person's group ids it used."""
    statement = select(Event)
    if filters.month:
        start, end = month_range(int(filters.month[:4]), int(filters.month[5:]))
        statement = statement.where(Event.starts_at >= start, Event.starts_at < end).order_by(Event.starts_at)
    elif filters.when == "past":
        statement = statement.where(Event.ends_at < now).order_by(Event.starts_at.desc())
    else:
        # No event lasts longer than MAX_DURATION: the lower bound lets the starts_at index skip the school's past.
        statement = statement.where(Event.ends_at >= now, Event.starts_at >= now - MAX_DURATION).order_by(Event.starts_at)
    if filters.kind:
        statement = statement.where(Event.kind == filters.kind)
    if filters.group_id:
        statement = statement.where(Event.group_id == filters.group_id)
    if filters.q:
        statement = statement.where(Event.title.contains(filters.q, autoescape=True))
    group_ids: set[int] = set()
    if filters.scope == "mine":
        statement = statement.where(
            exists().where(Registration.event_id == Event.id, Registration.staff_id == person.id,
                           Registration.status.in_(ACTIVE))
        )
    elif filters.scope == "open":
        group_ids = group_ids_of(person)
        statement = statement.where(_audience_clause(person, group_ids))
    return statement.order_by(Event.id).limit(limit), group_ids


@dataclass
class Seats:
    capacity: int | None
    registered: int = 0
    waitlisted: int = 0

    @property
    def left(self) -> int | None:
        return None if self.capacity is None else max(0, self.capacity - self.registered)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


@dataclass
class Standing:
    """One event as one person sees it: seats, their place in it, and what they may do."""

    event: Event
    seats: Seats
    registration: Registration | None = None  #: only an active one (registered or waiting)
    position: int | None = None  #: place on the waiting list, from 1
    problem: str | None = None  #: why they cannot register now
    withdraw_problem: str | None = None
    attended: int = 0

    @property
    def can_register(self) -> bool:
        return self.registration is None and self.problem is None

    @property
    def can_withdraw(self) -> bool:
        return self.registration is not None and self.withdraw_problem is None


def seat_counts(event_ids: list[int]) -> dict[int, dict[str, int]]:
    """{event id: {status: count}} in one query."""
    counts: dict[int, dict[str, int]] = {}
    if event_ids:
        rows = db.session.execute(
            select(Registration.event_id, Registration.status, func.count())
            .where(Registration.event_id.in_(event_ids), Registration.status.in_(ACTIVE))
            .group_by(Registration.event_id, Registration.status)
        )
        for event_id, status, count in rows:
            counts.setdefault(event_id, {})[status] = count
    return counts


#: The aliases `with_standing_columns` joins, made once: SQLAlchemy memoises how an alias's columns map onto its
#: table, so a fresh alias per request would redo that lookup (~4 ms on the event page) every time.
_MINE = aliased(Registration, name="mine")
_OTHER = aliased(Registration)


def with_standing_columns(statement, person: Staff | BindParameter):
    """The statement (over Event) with what a Standing needs as extra columns: seats taken, people waiting, people
    signed in, the person's active registration and their place in the queue; read back by `standing_from`.

    `person` may also be a bound parameter standing for the person's id, for a statement built once and reused."""
    mine, other = _MINE, _OTHER
    person_id = person if isinstance(person, BindParameter) else person.id

    def registrations(*where):
        return select(func.count()).select_from(other).where(other.event_id == Event.id, *where).scalar_subquery()

    ahead = registrations(other.status == WAITLISTED, or_(
        other.queued_at < mine.queued_at, and_(other.queued_at == mine.queued_at, other.id <= mine.id)))
    return statement.add_columns(
        registrations(other.status == REGISTERED).label("registered"),
        registrations(other.status == WAITLISTED).label("waitlisted"),
        select(func.count()).select_from(Attendance).where(Attendance.event_id == Event.id)
        .scalar_subquery().label("attended"),
        mine,
        case((mine.status == WAITLISTED, ahead)).label("position"),
    ).outerjoin(mine, and_(mine.event_id == Event.id, mine.staff_id == person_id, mine.status.in_(ACTIVE)))


@cache
def joinable_events_statement(limit: int):
    """The soonest events a person could register for now, with their group, audience groups and standing columns:
    scheduled, not begun, the registration window open, no active registration of the person's, the audience
    possibly including them (audience_problem finishes the age rule). Built once, run with joinable_events_params.

    Asked in SQL so the home page loads the few it suggests, not the next twenty events to sift them in Python."""
    now = bindparam("now", type_=DateTime)
    audience = _audience_of(bindparam("woman", type_=Boolean), bindparam("party", type_=Boolean),
                            bindparam("dated", type_=Boolean), bindparam("group_ids", expanding=True))
    window_open = and_(
        Event.status == SCHEDULED, Event.starts_at > now,
        or_(Event.registration_opens_at.is_(None), Event.registration_opens_at <= now),
        or_(Event.registration_closes_at.is_(None), Event.registration_closes_at > now))
    statement = (
        select(Event).where(window_open, audience)
        .order_by(Event.starts_at, Event.id).limit(limit)
        # The audience groups in a query of their own: joined in, SQLite materialised every event's audience first.
        .options(joinedload(Event.group), selectinload(Event.audience_groups))
    )
    return with_standing_columns(statement, bindparam("person_id")).where(_MINE.id.is_(None))


def joinable_events_params(person: Staff, group_ids: set[int], now: datetime) -> dict:
    """The values joinable_events_statement is run with."""
    return {"now": now, "person_id": person.id, **audience_facts(person, group_ids)}


def standing_from(event: Event, row, person: Staff, now: datetime, group_ids: set[int]) -> Standing:
    """The Standing of an event from a row of a statement made by `with_standing_columns`."""
    registration = row.mine
    problem = None
    if registration is None:
        problem = window_problem(event, now) or audience_problem(event, person, group_ids)
    return Standing(
        event=event,
        seats=Seats(event.capacity, row.registered, row.waitlisted),
        registration=registration,
        position=row.position,
        problem=problem,
        withdraw_problem=withdraw_problem(event, now) if registration is not None else None,
        attended=row.attended,
    )


def standings_for(events: list[Event], person: Staff, now: datetime) -> dict[int, Standing]:
    """Each event as this person sees it, for any number of events in one query."""
    if not events:
        return {}
    by_id = {event.id: event for event in events}
    rows = db.session.execute(with_standing_columns(select(Event.id), person).where(Event.id.in_(by_id))).all()
    group_ids = group_ids_of(person)
    standings = {row.id: standing_from(by_id[row.id], row, person, now, group_ids) for row in rows}
    return {event.id: standings[event.id] for event in events}


@dataclass
class EventPage:
    """An event's own page as one person sees it: the event (group and speakers loaded), their standing, the checklist."""

    event: Event
    standing: Standing
    checklist: list[ChecklistItem]


@cache
def _event_page_statement():
    """The event with its group, the viewer's standing and whether it has speakers or a checklist; built once."""
    def has(model):
        return exists().where(model.event_id == Event.id)

    return with_standing_columns(
        select(Event).where(Event.id == bindparam("event_id")).options(joinedload(Event.group)),
        bindparam("person_id"),
    ).add_columns(has(Speaker).label("has_speakers"), has(ChecklistItem).label("has_checklist"))


def event_page(event_id: int, person: Staff, now: datetime) -> EventPage | None:
    """What the event page shows, in one query, plus one each for speakers and a checklist when the event has them
    (audience groups load on first use, only for an event open to some groups)."""
    row = db.session.execute(_event_page_statement(), {"event_id": event_id, "person_id": person.id}).first()
    if row is None:
        return None
    event = row.Event
    speakers = []
    if row.has_speakers:
        speakers = list(db.session.scalars(
            select(Speaker).where(Speaker.event_id == event.id).options(joinedload(Speaker.staff))
            .order_by(Speaker.position)))
    set_committed_value(event, "speakers", speakers)
    checklist = checklist_of(event) if row.has_checklist else []
    return EventPage(event, standing_from(event, row, person, now, group_ids_of(person)), checklist)


def load_event_with_group(event_id: int) -> Event | None:
    """One event with its group: what deciding who may organise it needs. Its audience groups and speakers load
    when a page asks for them (one query each); most organiser requests (roster, attendance, sign-in) never do."""
    return db.session.scalars(select(Event).where(Event.id == event_id).options(joinedload(Event.group))).first()


def load_event(event_id: int) -> Event | None:
    """One event with its group, audience groups and speakers."""
    return db.session.scalars(
        select(Event).where(Event.id == event_id).options(
            joinedload(Event.group),
            selectinload(Event.audience_groups),
            selectinload(Event.speakers).joinedload(Speaker.staff),
        )
    ).first()


@dataclass
class Roster:
    """Everyone on an event's lists at once, for the sign-in sheets (the organiser's page shows a page at a time:
    events.listing)."""

    registered: list[Registration] = field(default_factory=list)
    waiting: list[Registration] = field(default_factory=list)
    withdrawn: list[Registration] = field(default_factory=list)
    attendance: dict[int, Attendance] = field(default_factory=dict)  #: by staff id
    walk_ins: list[Attendance] = field(default_factory=list)  #: signed in without being on a list


def roster_of(event: Event) -> Roster:
    """Registrations by status in queue order, and attendance, in two queries."""
    roster = Roster()
    registrations = db.session.scalars(
        select(Registration).where(Registration.event_id == event.id)
        .options(selectinload(Registration.staff)).order_by(Registration.queued_at, Registration.id)
    )
    listed: set[int] = set()
    for registration in registrations:
        {REGISTERED: roster.registered, WAITLISTED: roster.waiting, WITHDRAWN: roster.withdrawn}[
            registration.status].append(registration)
        if registration.status != WITHDRAWN:
            listed.add(registration.staff_id)
    for attendance in db.session.scalars(
        select(Attendance).where(Attendance.event_id == event.id)
        .options(selectinload(Attendance.staff)).order_by(Attendance.signed_in_at, Attendance.id)
    ):
        roster.attendance[attendance.staff_id] = attendance
        if attendance.staff_id not in listed:
            roster.walk_ins.append(attendance)
    return roster
