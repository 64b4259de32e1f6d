"""What each day of the month grid draws: a few of its events as chips, and how many more it has.

Which events a stretch of days holds, where each falls, its time and any holiday it lands on are the same for
every viewer, so they are read and arranged once per process and kept until the school's data changes
(core.freshness.cached). Per request only the person's own places are read (one small query): they are marked on
the chips and come first when a busy day has to leave some out. The filters are applied here, in Python, to
that one kept list, so every filter shape shares it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from blueprints.accounts.models import Staff
from blueprints.calendars.holidays import DayOff, day_offs_between, holiday_days
from blueprints.calendars.models import Holiday
from blueprints.calendars.queries import WOMENS_HOME_KINDS, CalendarFilters, day_bounds, events_touching, places_between
from blueprints.core.freshness import cached
from blueprints.events.clock import to_local
from blueprints.events.models import CANCELLED, SCHEDULED, Event, Registration

#: A day of the month grid draws at most this many entries: a busier day draws one fewer and "还有 N 项".
DAY_ROWS = 4


@dataclass(frozen=True, slots=True)
class Chip:
    """An event as a cell of the month grid draws it: plain values, no ORM object to load or lazily query."""

    id: int
    kind: str
    title: str
    time: str  #: the Beijing start, 15:30
    cancelled: bool
    mine: str | None  #: REGISTERED or WAITLISTED while the person holds a place
    flag: str | None  #: the name of the holiday it falls on (scheduled events only)

    @classmethod
    def of(cls, event: Event, registration: Registration | None, flag: Holiday | None) -> "Chip":
        """One event's chip from the loaded event (redrawn alone after registering)."""
        return cls(event.id, event.kind, event.title, to_local(event.starts_at).strftime("%H:%M"),
                   event.status == CANCELLED, registration.status if registration else None, flag.name if flag else None)


@dataclass(frozen=True, slots=True)
class Listed:
    """An event of the kept list: its chip as anyone sees it, and what the filters ask of it."""

    chip: Chip  #: without the person's mark
    group_id: int
    series_id: int | None


@dataclass(frozen=True)
class Stretch:
    """The days first..last as every viewer sees them: kept between requests, so never altered."""

    days_off: dict[date, DayOff]  #: each holiday day, with its holiday (a public one wins over a school one)
    events: dict[date, tuple[Listed, ...]]  #: each day's events, in start order (one lasting days is on each)
    earliest: datetime | None  #: the earliest stored start among them: the person's places are read from there


def stretch(first: date, last: date) -> Stretch:
    """The days first..last with their holidays and events, arranged once per process until data changes."""
    return cached("calendar_stretch", (first, last), lambda: _arrange(first, last))


def _arrange(first: date, last: date) -> Stretch:
    days_off = holiday_days(day_offs_between(first, last), first, last)
    events: dict[date, list[Listed]] = {}
    times: dict[datetime, str] = {}  # many events start at the same time
    rows = events_touching(first, last)
    for event_id, kind, title, starts_at, status, group_id, series_id, first_day, last_day in rows:
        days = [first_day + timedelta(days=i) for i in range((last_day - first_day).days + 1)]
        flag = next((days_off[d] for d in days if d in days_off), None) if status == SCHEDULED else None
        if (time := times.get(starts_at)) is None:
            time = times[starts_at] = to_local(starts_at).strftime("%H:%M")
        listed = Listed(Chip(event_id, kind, title, time, status == CANCELLED, None, flag.name if flag else None),
                        group_id, series_id)
        for day in days:
            if first <= day <= last:
                events.setdefault(day, []).append(listed)
    return Stretch(days_off, {day: tuple(listed) for day, listed in events.items()},
                   min((row.starts_at for row in rows), default=None))


def places_in(days: Stretch, person: Staff, last: date) -> dict[int, str]:
    """The person's places (REGISTERED or WAITLISTED) at the events of the kept days first..last."""
    if days.earliest is None:
        return {}
    return places_between(person, days.earliest, day_bounds(last, last)[1])


class Filter:
    """The calendar's filters as a test of a kept event: every view applies them so, to the kept days."""

    def __init__(self, filters: CalendarFilters, places: dict[int, str]):
        self.filters, self.places = filters, places
        self.everything = filters == CalendarFilters()  # no filter at all (?group=0 is one: it matches nothing)

    def __call__(self, listed: Listed) -> bool:
        f, chip = self.filters, listed.chip
        return ((f.cal != "womens-home" or chip.kind in WOMENS_HOME_KINDS)
                and (f.cal != "mine" or chip.id in self.places)
                and (f.group_id is None or listed.group_id == f.group_id)
                and (not f.kind or chip.kind == f.kind)
                and (f.series_id is None or listed.series_id == f.series_id))

    def day(self, events: tuple[Listed, ...]) -> list[Listed]:
        """A day's events that pass, in start order."""
        return list(events) if self.everything else [listed for listed in events if self(listed)]


def marked(listed: Listed, places: dict[int, str]) -> Chip:
    """The event's chip as this person sees it: their place marked on it."""
    place = places.get(listed.chip.id)
    return replace(listed.chip, mine=place) if place else listed.chip


def chosen(events: list[Listed], places: dict[int, str], room: int) -> tuple[list[Listed], int]:
    """(at most `room` of a day's events, in start order; how many it leaves out). When some must go, the
    person's own events stay first, then those not cancelled, then the earliest."""
    if len(events) <= room:
        return events, 0
    ranked = sorted(range(len(events)), key=lambda i: (events[i].chip.id not in places, events[i].chip.cancelled))
    return [events[i] for i in sorted(ranked[:room])], len(events) - room


def drawn(events: list[Listed], places: dict[int, str]) -> tuple[list[Chip], int]:
    """(the chips a cell draws, in start order; how many more the day has): all of them up to DAY_ROWS, else
    DAY_ROWS - 1 chosen as `chosen` does, leaving a row for "还有 N 项"."""
    shown, more = chosen(events, places, DAY_ROWS if len(events) <= DAY_ROWS else DAY_ROWS - 1)
    return [marked(listed, places) for listed in shown], more
