"""The month, week and list pages as plain data: days, their events and holidays, and where the arrows lead.

Days come from the standard library's calendar (weeks start on Monday, as in China) and months move with
dateutil's relativedelta; views render what these functions return.

The month grid, the week and the list all start from the month's kept days (cells.stretch: which events each day
holds, read once per process until the school's data changes); the grid draws a few chips a day, the week a few
cards a day (WEEK_DAY_CARDS, or one day's every card when it is opened), the list a page of LIST_PAGE_SIZE events,
loading only those shown with the person's standing. None costs more for a busier month.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from blueprints.accounts.models import Staff
from blueprints.calendars.cells import Chip, Filter, Listed, Stretch, chosen, drawn, marked, places_in, stretch
from blueprints.calendars.holidays import DayOff, holiday_of
from blueprints.calendars.models import Holiday
from blueprints.calendars.queries import Bounds, CalendarFilters, Term, calendar_bounds, standings_of
from blueprints.core.paging import Page as Paging  # this module's Page is a page of the calendar
from blueprints.events.models import SCHEDULED, Event
from blueprints.events.queries import Standing

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


@dataclass
class Day:
    date: date
    in_period: bool  #: inside the month (a month grid also shows the edges of the weeks around it)
    is_today: bool
    in_term: bool  #: inside a semester; days between semesters are the school's break
    holiday: Holiday | DayOff | None
    events: list[Event] = field(default_factory=list)  #: week and list views: the cards drawn
    #: The first day of a holiday shown (its start, or the period's first day inside it): lists show only this one.
    holiday_start: bool = False
    chips: list[Chip] = field(default_factory=list)  #: month grid: what the cell draws, in start order
    more: int = 0  #: month grid and week: how many of the day's events it does not draw ("还有 N 项")


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


def _weeks_of(month: date) -> list[list[date]]:
    """The month grid's weeks, Monday to Sunday: its days and the edges of the weeks around them."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)


def _month_frame(requested: date, bounds: Bounds):
    """(first day of the month shown, whether the request was moved inside the semesters, its weeks)."""
    month = bounds.clamp(requested).replace(day=1) if bounds.first else requested
    clamped = bounds.first is not None and not (bounds.first.replace(day=1) <= requested <= bounds.last)
    return month, clamped, _weeks_of(month)


def _month(month: date, bounds: Bounds, rows, standings, flags, clamped: bool,
           page_class: type[Page] = Page, **extra) -> Page:
    previous, following = month - relativedelta(months=1), month + relativedelta(months=1)
    return page_class(
        anchor=month, weeks=rows, standings=standings, flags=flags,
        previous=previous if bounds.first is None or month > bounds.first else None,
        next=following if bounds.last is None or following <= bounds.last else None,
        term=bounds.term_of(month) or bounds.term_of(bounds.clamp(following - timedelta(days=1))),
        clamped=clamped, **extra,
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
    return _month(month, bounds, rows, {}, {}, clamped)


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
    return _month(month, bounds, rows, standings, flags, clamped,
                  page_class=ListPage, listed=listed_days, paging=paging,
                  continued=bool(shown) and paging.offset > 0 and order[paging.offset - 1][0] == shown[0][0])


#: Cards a day of the week shows: a screenful. A busier day shows this many (the person's own among them) and
#: "还有 N 项", which opens the day's every card in place.
WEEK_DAY_CARDS = 5


@dataclass
class WeekPage(Page):
    """A week, Monday to Sunday: each day with its cards (a few, or all of the opened day's) and how many more."""

    total: int  #: the week's events that pass the filters, each counted once
    opened: date | None  #: the day shown whole (?open=...), if it is in this week and has more than a few


def week_order(days: Stretch, week: list[date], passes: Filter) -> dict[date, list[Listed]]:
    """The week's events that pass the filters, each once, on its first day in the week (one lasting days is not
    repeated on the next), in start order."""
    seen: set[int] = set()
    order: dict[date, list[Listed]] = {}
    for day in week:
        order[day] = [listed for listed in passes.day(days.events.get(day, ())) if listed.chip.id not in seen]
        seen.update(listed.chip.id for listed in order[day])
    return order


def week_page(requested: date, filters: CalendarFilters, person: Staff, now: datetime, today: date,
              opened: date | None = None, only: date | None = None) -> WeekPage:
    """A week, Monday to Sunday, within the semesters' span: each day shows WEEK_DAY_CARDS cards at most, the
    person's own first, and how many more it has, except the opened day, which shows them all. Only the cards
    shown are loaded (those of the day `only` when a swap asks for that day alone), so a busier week costs no more.
    """
    bounds = calendar_bounds()
    day = bounds.clamp(requested)
    monday = day - timedelta(days=day.weekday())
    week = [monday + timedelta(days=i) for i in range(7)]
    opened = opened if opened in week else None
    # The month grid's kept days for the month of the Monday (they hold its whole week): either view warms the other.
    grid = _weeks_of(monday)
    kept = stretch(grid[0][0], grid[-1][-1])
    places = places_in(kept, person, week[-1])  # own events are shown first, whatever the calendar
    order = week_order(kept, week, Filter(filters, places))
    opened = opened if opened is not None and len(order[opened]) > WEEK_DAY_CARDS else None
    rows = _days_of([week], lambda d: True, today, bounds, kept.days_off)
    shown: dict[date, list[Listed]] = {}
    for row in rows[0]:
        listed = order[row.date]
        shown[row.date], row.more = (listed, 0) if row.date == opened else chosen(listed, places, WEEK_DAY_CARDS)
    drawn_days = [d for d in rows[0] if d.date == only] or rows[0]
    # Loaded afresh, not kept: the cards show seats and the person's place. An event removed since the month was
    # kept is simply left out.
    standings = standings_of([listed.chip.id for d in drawn_days for listed in shown[d.date]], person, now)
    for row in drawn_days:
        row.events = [standings[listed.chip.id].event for listed in shown[row.date] if listed.chip.id in standings]
    flags = {e.id: h for s in standings.values() if (e := s.event).status == SCHEDULED
             and (h := holiday_of(e, kept.days_off)) is not None}
    previous, following = monday - timedelta(days=7), monday + timedelta(days=7)
    return WeekPage(
        anchor=monday, weeks=rows, standings=standings, flags=flags,
        previous=previous if bounds.first is None or monday > bounds.first else None,
        next=following if bounds.last is None or following <= bounds.last else None,
        term=bounds.term_of(day), clamped=day != requested,
        total=sum(len(listed) for listed in order.values()), opened=opened,
    )
