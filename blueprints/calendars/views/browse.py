"""The month, week and list views: each its own URL, swapped in place by htmx and whole when opened directly."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from blueprints.calendars.cells import Chip
from blueprints.calendars.grid import Page, month_grid, month_list, open_day, parse_day, parse_month, week_page
from blueprints.calendars.holidays import clashes
from blueprints.calendars.queries import CALENDARS, CalendarFilters, group_choices, group_options, series_title
from blueprints.core.access import login_required
from blueprints.core.clock import today
from blueprints.core.fragments import kept_fragment
from blueprints.core.htmx import is_htmx, render_page_or_partial
from blueprints.core.paging import page_number
from blueprints.events import clock
from blueprints.events.access import organisable_groups
from blueprints.events.models import EVENT_KINDS
from blueprints.events.queries import load_event, standings_for

from . import bp

#: The id of the list view's region below the toolbar: its pager swaps only that (HX-Target names it).
LIST_REGION = "cal-list"
#: A day of the week is the region cal-day-2026-11-26: "还有 N 项" and "收起" swap only that day.
DAY_REGION = "cal-day-"


def _selected():
    """The event opened in the month's side panel (?event=ID), with the person's standing and any holiday."""
    value = request.args.get("event", "")
    event = load_event(int(value)) if value.isdigit() and len(value) < 10 else None
    if event is None:
        return None
    flag = next((c.holiday for c in clashes([event])), None)
    return {"event": event, "s": standings_for([event], current_user, clock.now())[event.id], "flag": flag}


def _render(view: str, page: Page, filters: CalendarFilters, partial: str | None = None, **extra):
    """The whole page on a visit, only the calendar region for an htmx swap (one partial per view), or the smaller
    partial given."""
    groups = group_choices()
    # The admin organises every active group (organisable_groups): the filter's choices say which, already loaded.
    organised_ids = {g.id for g in (groups if current_user.is_admin else organisable_groups(current_user))}
    return render_page_or_partial(
        "calendars/page.html", partial or f"calendars/_{view}.html",
        view=view, sheet=page, filters=filters, toolbar=lambda: _toolbar(view, page, filters),
        organised_ids=organised_ids, may_create=bool(organised_ids), today=today(), now=clock.now(), **extra,
    )


def _toolbar(view: str, page: Page, filters: CalendarFilters):
    """The views, calendars, filters and arrows above a view: the same for everyone at that date with those filters,
    so kept while no data changes (core.fragments); it holds no form that changes anything."""
    def draw():
        return render_template(
            "calendars/_toolbar.html", view=view, sheet=page, filters=filters, today=today(), calendars=CALENDARS,
            kinds=EVENT_KINDS, group_options=group_options, series_name=series_title(filters.series_id))

    return kept_fragment("calendar_toolbar", (view, page.anchor, page.clamped, today(), filters), draw)


@bp.get("/")
@login_required
def month():
    """A month of events as a grid (a list of days on a phone); an event, or a busy day's every event, opens beside it."""
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    page = month_grid(first, filters, current_user, today())
    day = page.day(parse_day(request.args.get("day"), None))  # ?day=2026-11-16: a day of the grid, or None
    selected = _selected()
    if selected:  # opened from a day's list (?day=...&event=...): the panel leads back to it
        return _render("month", page, filters, selected=selected, back_day=day)
    return _render("month", page, filters, opened=open_day(page, day, filters, current_user) if day else None)


@bp.get("/week")
@login_required
def week():
    """A week of events, Monday to Sunday, a few cards a day with their register buttons; a busy day's "还有 N 项"
    opens all of its cards in place (?open=DATE, swapping only that day)."""
    filters = CalendarFilters.from_args(request.args)
    target = request.headers.get("HX-Target", "") if is_htmx() else ""
    only = parse_day(target.removeprefix(DAY_REGION), None) if target.startswith(DAY_REGION) else None
    page = week_page(parse_day(request.args.get("day"), today()), filters, current_user, clock.now(), today(),
                     opened=parse_day(request.args.get("open"), None), only=only)
    day = page.day(only)
    if day is not None:
        response = _render("week", page, filters, partial="calendars/_week_day.html", day=day)
    else:
        response = _render("week", page, filters)
        if target.startswith(DAY_REGION):  # a day this week does not show (moved by the semesters): the whole region
            response.headers.update({"HX-Retarget": "#calendar", "HX-Reswap": "innerHTML"})
    response.vary.add("HX-Target")  # the same URL answers a day's links (that day) and the toolbar (the region)
    return response


@bp.get("/list")
@login_required
def agenda():
    """A month's events in start order under their days, a page at a time, each with its register button; the
    pager swaps only the list below the toolbar."""
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    page = month_list(first, filters, current_user, clock.now(), today(), page_number(request.args.get("page")))
    only_list = is_htmx() and request.headers.get("HX-Target") == LIST_REGION
    response = _render("list", page, filters, partial="calendars/_list_page.html" if only_list else None)
    response.vary.add("HX-Target")  # the same URL answers the pager (the list) and the toolbar (the whole region)
    return response


@bp.get("/chips/<int:event_id>")
@login_required
def chip(event_id: int):
    """One event's entry in the month grid, redrawn after the person registers or cancels from the panel."""
    event = load_event(event_id) or abort(404)
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    flag = next((c.holiday for c in clashes([event])), None)
    registration = standings_for([event], current_user, clock.now())[event.id].registration
    return render_template("calendars/_chip.html", c=Chip.of(event, registration, flag), filters=filters, anchor=first)
