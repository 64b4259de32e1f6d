"""The month, week and list pages as plain data: days, their events and holidays, and where the arrows lead.

Days come from the standard library's calendar (weeks start on Monday, as in China) and months move with
dateutil's relativedelta; views render what these functions return.

The month grid and the list both start from the month's kept days (cells.stretch: which events each day holds,
read once per process until the school's data changes); the grid draws a few chips a day, the list a page of
LIST_PAGE_SIZE events, loading only those with the person's standing. Neither costs more for a busier month.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from blueprints.accounts.models import Staff
from blueprints.calendars.cells import Chip, Filter, Listed, Stretch, drawn, marked, places_in, stretch
from blueprints.calendars.holidays import DayOff, event_days, holiday_days, holiday_of, holidays_between
from blueprints.calendars.models import Holiday
from blueprints.calendars.queries import (
    EVENT_LIMIT, Bounds, CalendarFilters, Term, calendar_bounds, events_between, standings_of,
)
from blueprints.core.paging import Page as Paging  # this module's Page is a page of the calendar
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


#: Events one page of the list shows: a big school's month holds a hundred or more, each a card with its button.
LIST_PAGE_SIZE = 30


@dataclass
class ListPage(Page):
    """One page of the month's list: the month's frame (arrows, semester) as the other views have it, and the days
    this page lists."""

    listed: list[Day]  #: in date order: each with its events on this page, or a holiday starting there and no event
    paging: Paging
    continued: bool  #: the first day listed has events on the page before too


def _drawable(day: date) -> bool:
    """A date whose neighbouring weeks and months exist too (a page draws them and links to them): not in year 1
    or 9999, which ?month=0000-01 or ?day=9999-12-31 would ask for."""
    return date.min.year < day.year < date.max.year


def parse_month(value: str | None, today: date) -> tuple[date, bool]:
    """(first day of the month asked for, whether the value was usable); today's month otherwise."""
    match = _MONTH.fullmatch((value or "").strip())
    if match and _drawable(first := date(max(int(match[1]), 1), int(match[2]), 1)):
        return first, True
    return today.replace(day=1), False


def parse_day(value: str | None, today: date | None) -> date | None:
    """An ISO date from the query string, or today (None when None is given)."""
    try:
        day = date.fromisoformat((value or "").strip())
    except ValueError:
        return today
    return day if _drawable(day) else today


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


def _month(month: date, bounds: Bounds, rows, standings, flags, clamped: bool, truncated: bool,
           page_class: type[Page] = Page, **extra) -> Page:
    previous, following = month - relativedelta(months=1), month + relativedelta(months=1)
    return page_class(
        anchor=month, weeks=rows, standings=standings, flags=flags,
        previous=previous if bounds.first is None or month > bounds.first else None,
        next=following if bounds.last is None or following <= bounds.last else None,
        term=bounds.term_of(month) or bounds.term_of(bounds.clamp(following - timedelta(days=1))),
        clamped=clamped, truncated=truncated, **extra,
    )


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


def month_order(days: Stretch, month: date, passes: Filter) -> list[tuple[date, Listed]]:
    """Each event of the month that passes the filters, once, on its first day in the month: by day, then in start
    order (an event that began the month before is first on the 1st)."""
    seen: set[int] = set()
    order: list[tuple[date, Listed]] = []
    day = month
    while day.month == month.month:
        for listed in passes.day(days.events.get(day, ())):
            if listed.chip.id not in seen:
                seen.add(listed.chip.id)
                order.append((day, listed))
        day += timedelta(days=1)
    return order


def month_list(requested: date, filters: CalendarFilters, person: Staff, now: datetime, today: date,
               page_no: int) -> ListPage:
    """A page of the month's events (LIST_PAGE_SIZE at a time, in start order) under their days, within the
    semesters' span, with the holidays that start between this page's first day and the next page's."""
    bounds = calendar_bounds()
    month, clamped, weeks = _month_frame(requested, bounds)
    kept = stretch(weeks[0][0], weeks[-1][-1])  # the month grid's: visiting one view warms the other
    places = places_in(kept, person, weeks[-1][-1]) if filters.cal == "mine" else {}
    order = month_order(kept, month, Filter(filters, places))
    paging = Paging.of(page_no, LIST_PAGE_SIZE, len(order))
    shown = order[paging.offset:paging.offset + paging.size]
    # Loaded afresh, not kept: the cards show seats and the person's place. An event removed since the month was
    # kept is simply left out.
    standings = standings_of([listed.chip.id for _, listed in shown], person, now)
    events = {event_id: standing.event for event_id, standing in standings.items()}
    rows = _days_of(weeks, lambda d: d.month == month.month, today, bounds, kept.days_off)
    by_date = {day.date: day for week in rows for day in week}
    for day, listed in shown:
        if (event := events.get(listed.chip.id)) is not None:
            by_date[day].events.append(event)
    # Holidays with no event are listed on the page whose days they fall between.
    start = shown[0][0] if paging.number > 1 and shown else month
    following = order[paging.offset + paging.size][0] if paging.next else None
    listed_days = [d for week in rows for d in week if d.in_period and (d.events or (
        d.holiday_start and start <= d.date and (following is None or d.date < following)))]
    flags = {e.id: h for e in events.values() if e.status == SCHEDULED and (h := holiday_of(e, kept.days_off))}
    return _month(month, bounds, rows, standings, flags, clamped, False,
                  page_class=ListPage, listed=listed_days, paging=paging,
                  continued=bool(shown) and paging.offset > 0 and order[paging.offset - 1][0] == shown[0][0])


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
