"""The month, week and list pages as plain data: days, their events and holidays, and where the arrows lead.

Days come from the standard library's calendar (weeks start on Monday, as in China) and months move with
dateutil's relativedelta; views render what these functions return.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from blueprints.accounts.models import Staff
from blueprints.calendars.cells import Chip, Filter, drawn, marked, places_in, stretch
from blueprints.calendars.holidays import DayOff, event_days, holiday_days, holiday_of, holidays_between
from blueprints.calendars.models import Holiday
from blueprints.calendars.queries import EVENT_LIMIT, Bounds, CalendarFilters, Term, calendar_bounds, events_between
from blueprints.events.models import SCHEDULED, Event
from blueprints.events.queries import Standing, standings_for

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass
class Day:
    date: date
    in_period: bool  #: inside the month (a month grid also shows the edges of the weeks around it)
    is_today: bool
    in_term: bool  #: inside a semester; days between semesters are the school's break
    holiday: Holiday | DayOff | None
    events: list[Event] = field(default_factory=list)  #: week and list views
    #: The first day of a holiday shown (its start, or the period's first day inside it): lists show only this one.
    holiday_start: bool = False
    chips: list[Chip] = field(default_factory=list)  #: month grid: what the cell draws, in start order
    more: int = 0  #: month grid: how many of the day's events it does not draw ("还有 N 项")


@dataclass
class OpenDay:
    """A day of the month grid opened beside it: every event it has (its cell drew only some)."""

    day: Day
    chips: list[Chip]


@dataclass
class Page:
    """One screen of the calendar: its days (in weeks for the grid), events as the person sees them, the arrows."""

    anchor: date  #: the month's first day, or the week's Monday
    weeks: list[list[Day]]
    standings: dict[int, Standing]
    flags: dict[int, Holiday]  #: event id -> the holiday it falls on (scheduled events only)
    previous: date | None  #: None when the semesters end there
    next: date | None
    term: Term | None
    clamped: bool  #: the requested date was outside the semesters and the nearest one is shown
    truncated: bool

    @property
    def days(self) -> list[Day]:
        return [d for week in self.weeks for d in week]

    @property
    def busy_days(self) -> list[Day]:
        """Days of the period with an event, and the day a holiday starts (or the period's first day inside one)."""
        return [d for d in self.days if d.in_period and (d.events or d.holiday_start)]

    @property
    def empty(self) -> bool:
        """Nothing matching the filters in the period (a month grid's cells hold chips, other views events)."""
        return not any(d.events or d.chips for d in self.days if d.in_period)

    def day(self, value: date | None) -> Day | None:
        """The page's day on that date, if it shows it."""
        return next((d for d in self.days if d.date == value), None)

    @property
    def events(self) -> list[Event]:
        seen: dict[int, Event] = {}
        for day in self.days:
            if day.in_period:
                for event in day.events:
                    seen.setdefault(event.id, event)
        return list(seen.values())


def parse_month(value: str | None, today: date) -> tuple[date, bool]:
    """(first day of the month asked for, whether the value was usable); today's month otherwise."""
    match = _MONTH.fullmatch((value or "").strip())
    if match:
        return date(int(match[1]), int(match[2]), 1), True
    return today.replace(day=1), False


def parse_day(value: str | None, today: date | None) -> date | None:
    """An ISO date from the query string, or today (None when None is given)."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return today


def _days_of(weeks: list[list[date]], in_period, today: date, bounds: Bounds,
             days_off: dict[date, Holiday] | dict[date, DayOff]) -> list[list[Day]]:
    near = bounds.around(weeks[0][0], weeks[-1][-1])
    rows = [[Day(d, in_period(d), d == today, near.in_term(d), days_off.get(d)) for d in week] for week in weeks]
    shown = [day for week in rows for day in week if day.in_period]
    for i, day in enumerate(shown):
        day.holiday_start = day.holiday is not None and (i == 0 or day.date == day.holiday.start_date)
    return rows


def _fill(weeks: list[list[date]], in_period, events: list[Event], today: date, bounds: Bounds,
          person: Staff, now: datetime) -> tuple[list[list[Day]], dict[int, Standing], dict[int, Holiday]]:
    first, last = weeks[0][0], weeks[-1][-1]
    days_off = holiday_days(holidays_between(first, last), first, last)
    rows = _days_of(weeks, in_period, today, bounds, days_off)
    by_date = {day.date: day for week in rows for day in week}
    for event in events:
        for d in event_days(event):
            if d in by_date:
                by_date[d].events.append(event)
    flags = {e.id: h for e in events if e.status == SCHEDULED and (h := holiday_of(e, days_off)) is not None}
    return rows, standings_for(events, person, now), flags


def _month_frame(requested: date, bounds: Bounds):
    """(first day of the month shown, whether the request was moved inside the semesters, its weeks)."""
    month = bounds.clamp(requested).replace(day=1) if bounds.first else requested
    clamped = bounds.first is not None and not (bounds.first.replace(day=1) <= requested <= bounds.last)
    return month, clamped, calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)


def _month(month: date, bounds: Bounds, rows, standings, flags, clamped: bool, truncated: bool) -> Page:
    previous, following = month - relativedelta(months=1), month + relativedelta(months=1)
    return Page(
        anchor=month, weeks=rows, standings=standings, flags=flags,
        previous=previous if bounds.first is None or month > bounds.first else None,
        next=following if bounds.last is None or following <= bounds.last else None,
        term=bounds.term_of(month) or bounds.term_of(bounds.clamp(following - timedelta(days=1))),
        clamped=clamped, truncated=truncated,
    )


def month_page(requested: date, filters: CalendarFilters, person: Staff, now: datetime, today: date) -> Page:
    """A month as weeks Monday to Sunday, within the semesters' span, every event loaded (the list view)."""
    bounds = calendar_bounds()
    month, clamped, weeks = _month_frame(requested, bounds)
    events = events_between(filters, person, weeks[0][0], weeks[-1][-1])
    rows, standings, flags = _fill(weeks, lambda d: d.month == month.month, events, today, bounds, person, now)
    return _month(month, bounds, rows, standings, flags, clamped, len(events) >= EVENT_LIMIT)


def month_grid(requested: date, filters: CalendarFilters, person: Staff, today: date) -> Page:
    """A month as weeks Monday to Sunday, within the semesters' span: each day draws at most DAY_ROWS chips, a busier
    one DAY_ROWS - 1 and how many more it has, so the page costs the same whatever the number of events."""
    bounds = calendar_bounds()
    month, clamped, weeks = _month_frame(requested, bounds)
    kept = stretch(weeks[0][0], weeks[-1][-1])
    places = places_in(kept, person, weeks[-1][-1])
    passes = Filter(filters, places)
    rows = _days_of(weeks, lambda d: d.month == month.month, today, bounds, kept.days_off)
    for week in rows:
        for day in week:
            if events := kept.events.get(day.date):
                day.chips, day.more = drawn(passes.day(events), places)
    return _month(month, bounds, rows, {}, {}, clamped, False)


def open_day(page: Page, day: Day, filters: CalendarFilters, person: Staff) -> OpenDay:
    """A day of the month grid with all of its events (the cell showed only some)."""
    kept = stretch(page.weeks[0][0].date, page.weeks[-1][-1].date)
    places = places_in(kept, person, day.date)
    passes = Filter(filters, places)
    return OpenDay(day, [marked(listed, places) for listed in passes.day(kept.events.get(day.date, ()))])


def week_page(requested: date, filters: CalendarFilters, person: Staff, now: datetime, today: date) -> Page:
    """A week, Monday to Sunday, within the semesters' span."""
    bounds = calendar_bounds()
    day = bounds.clamp(requested)
    monday = day - timedelta(days=day.weekday())
    days = [monday + timedelta(days=i) for i in range(7)]
    events = events_between(filters, person, days[0], days[-1])
    rows, standings, flags = _fill([days], lambda d: True, events, today, bounds, person, now)
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return Page(
        anchor=monday, weeks=rows, standings=standings, flags=flags,
        previous=previous if bounds.first is None or monday > bounds.first else None,
        next=following if bounds.last is None or following <= bounds.last else None,
        term=bounds.term_of(day), clamped=day != requested, truncated=len(events) >= EVENT_LIMIT,
    )
