"""The calendars blueprint: month, week and list views, repeating series, holidays, iCalendar feeds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from flask import Blueprint, current_app, url_for
from markupsafe import Markup, escape

from blueprints.calendars.cells import Chip
from blueprints.calendars.grid import Day
from blueprints.calendars.holidays import DayOff
from blueprints.calendars.recurrence import WEEKDAY_NAMES, describe, describe_end, parse_rule
from blueprints.core.features import per_request
from blueprints.events.clock import to_local
from blueprints.events.models import CANCELLED, EVENT_STATUSES, REGISTRATION_STATUSES

bp = Blueprint("calendars", __name__, url_prefix="/calendars")


@bp.app_template_filter("weekday_cn")
def weekday_cn(day) -> str:
    """周三 for a date."""
    return "周" + WEEKDAY_NAMES[day.weekday()]


@bp.app_template_filter("month_day")
def month_day(day) -> str:
    """11月16日 for a date (a month grid writes 40 of them: one filter instead of four lookups each)."""
    return f"{day.month}月{day.day}日"


@bp.app_template_filter("month_arg")
def month_arg(day) -> str:
    """The month of a date as the calendar's query string writes it: 2026-11."""
    return f"{day.year}-{day.month:02d}"



@bp.app_template_filter("clock_time")
def clock_time(stored) -> str:
    """A stored (UTC) time as Beijing 15:30."""
    return to_local(stored).strftime("%H:%M")


@bp.app_template_filter("event_month")
def event_month(stored) -> str:
    """The Beijing month of a stored (UTC) time, as the calendar's query string writes it."""
    return month_arg(to_local(stored))


@bp.app_template_filter("series_rule")
def series_rule(repeating, with_end: bool = False) -> str:
    """A series' rule in words (每月第二个周三 15:30), optionally with its end (至 2027年1月22日)."""
    pattern = parse_rule(repeating.rrule)
    text = f"{describe(pattern)} {repeating.dtstart:%H:%M}"
    return f"{text}，{describe_end(pattern)}" if with_end else text



ENDPOINTS = {"month": "calendars.month", "week": "calendars.week", "list": "calendars.agenda"}
#: What werkzeug leaves unescaped in a query string (werkzeug.urls._urlencode): calendar_url writes url_for's URLs.
QUERY_SAFE = "!$'()*,/:;?@"


@bp.app_template_global("calendar_url")
def calendar_url(view: str, anchor, filters, **changes) -> str:
    """The URL of a view at a date (None: today) with the current filters, some changed: every link keeps them."""
    period = {}
    if anchor is not None:
        period = {"day": anchor.isoformat()} if view == "week" else {"month": month_arg(anchor)}
    args = filters.args(**period, **changes)
    return f"{_view_path(view)}?{urlencode(args, safe=QUERY_SAFE)}" if args else _view_path(view)


def _view_path(view: str) -> str:
    """url_for of a view without arguments, asked once a request: a page has a dozen links to the three views, and
    url_for's query-string building costs more than the rest of the link."""
    paths = per_request("calendar_paths", lambda: {name: url_for(endpoint) for name, endpoint in ENDPOINTS.items()})
    return paths[view]


@dataclass(frozen=True)
class ChipLinks:
    """A month's URLs as fixed parts around an event id or a date, HTML-escaped: built once a page instead of once
    per chip or day."""

    open_prefix: Markup  #: + id: the month with that event open beside it (calendar_url(..., event=id))
    chip_prefix: Markup  #: + id + chip_query: the chip redrawn alone (calendars.chip)
    chip_query: Markup
    day_prefix: Markup  #: + ISO date: the month with that day's every event beside it (calendar_url(..., day=date))

    def chip(self, c: Chip, open: bool = False) -> Markup:
        """One event of the month (a cells.Chip) as its link: opens it beside the month, and data-chip-url redraws it
        alone. Written here rather than as a macro: a month draws up to 168 of them, and a macro call costs more than
        the HTML it writes (templates call it as the `chip` filter)."""
        return _chip_html(self, c, open)


@lru_cache(maxsize=4096)
def _chip_html(links: ChipLinks, c: Chip, open: bool) -> Markup:
    """ChipLinks.chip, kept: chips and their links are plain frozen values, and the kept month (cells.stretch)
    hands out the same chips to every visit until data changes. The id and time need no escaping: a number,
    and digits strftime wrote."""
    marks = f' <span class="cal-mark">{REGISTRATION_STATUSES[c.mine]}</span>' if c.mine else ""
    if c.cancelled:
        marks += f' <span class="cal-mark cal-mark-off">{EVENT_STATUSES[CANCELLED]}</span>'
    if c.flag:
        marks += f' <span class="cal-mark cal-mark-flag">{escape(c.flag)}</span>'
    states = "".join((" is-cancelled" if c.cancelled else "", " is-mine" if c.mine else "",
                      " is-flagged" if c.flag else "", " is-open" if open else ""))
    return Markup(
        f'<a href="{links.open_prefix}{c.id}" hx-get="{links.open_prefix}{c.id}" hx-target="#calendar" '
        f'hx-push-url="true" hx-swap="innerHTML show:#calendar:top" class="cal-chip kind-{escape(c.kind)}{states}" '
        f'data-cal-event="{c.id}" data-chip-url="{links.chip_prefix}{c.id}{links.chip_query}"><time>{c.time}</time>'
        f'{marks}\n  <span class="cal-chip-title">{escape(c.title)}</span></a>'
    )


@bp.app_template_filter("chip")
def chip(c: Chip, links: ChipLinks, open: bool = False) -> Markup:
    """{{ c|chip(links) }}: links.chip(c) as a filter, which Jinja calls directly (a method goes through its generic
    call, ~2 µs more a chip)."""
    return _chip_html(links, c, open)


@bp.app_template_filter("month_cell")
def month_cell(day: Day, links: ChipLinks, open_id: int | None, is_open: bool) -> Markup:
    """{{ day|month_cell(links, open_id, is_open) }}: one day of the month grid as HTML, kept while its values are
    the same. A month draws 42 cells and their template cost more than the rest of the page; the kept month hands
    out the same chips to every visit, so most cells are the same for everyone who opens that month."""
    chips = tuple(day.chips)
    opened_chip = open_id if any(c.id == open_id for c in chips) else None
    return _cell_html(links, _DayShown(day.date, day.in_period, day.is_today, day.in_term, day.holiday,
                                       day.holiday_start, chips, day.more), opened_chip, bool(is_open))


@dataclass(frozen=True)
class _DayShown:
    """What templates/calendars/_month_day.html reads of a grid.Day: its key in the kept cells."""

    date: date
    in_period: bool
    is_today: bool
    in_term: bool
    holiday: DayOff | None  #: the month grid's days come from the kept stretch, with plain holidays
    holiday_start: bool
    chips: tuple[Chip, ...]
    more: int


@lru_cache(maxsize=4096)
def _cell_html(links: ChipLinks, day: _DayShown, open_id: int | None, is_open: bool) -> Markup:
    template = current_app.jinja_env.get_template("calendars/_month_day.html")
    return Markup(template.render(day=day, links=links, open_id=open_id, is_open=is_open))


@bp.app_template_global("chip_links")
def chip_links(anchor, filters, day=None) -> ChipLinks:
    """The URL parts every chip of a month shares; the id (or date) goes last, so joining gives url_for's own URL.
    With a day, chips open their event with a way back to that day's list."""
    opened = calendar_url("month", anchor, filters, **({"day": day.isoformat()} if day else {}), event=0)
    path = url_for("calendars.chip", event_id=0)
    redraw = url_for("calendars.chip", event_id=0, month=month_arg(anchor), **filters.args())
    parts = opened[:-1], path[:-1], redraw[len(path):], calendar_url("month", anchor, filters, day=0)[:-1]
    return ChipLinks(*(escape(part) for part in parts))


from . import browse, feeds, holidays, series  # noqa: E402,F401  (routes register on import)
