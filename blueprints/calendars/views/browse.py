"""The month, week and list views: each its own URL, swapped in place by htmx and whole when opened directly."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from blueprints.calendars.grid import Page, month_page, parse_day, parse_month, week_page
from blueprints.calendars.holidays import clashes
from blueprints.calendars.queries import CALENDARS, CalendarFilters, active_groups, series_title
from blueprints.core.access import login_required
from blueprints.core.clock import today
from blueprints.core.htmx import render_page_or_partial
from blueprints.events import clock
from blueprints.events.access import organisable_groups
from blueprints.events.models import EVENT_KINDS
from blueprints.events.queries import load_event, standings_for

from . import bp


def _selected(page: Page):
    """The event opened in the month's side panel (?event=ID), with the person's standing and any holiday."""
    value = request.args.get("event", "")
    event = load_event(int(value)) if value.isdigit() and len(value) < 10 else None
    if event is None:
        return None
    standing = page.standings.get(event.id) or standings_for([event], current_user, clock.now())[event.id]
    flag = page.flags.get(event.id)
    if flag is None and event.id not in page.standings:
        flag = next((c.holiday for c in clashes([event])), None)
    return {"event": event, "s": standing, "flag": flag}


def _render(view: str, page: Page, filters: CalendarFilters, **extra):
    """The whole page on a visit, only the calendar region for an htmx swap (one partial per view)."""
    organised = organisable_groups(current_user)
    return render_page_or_partial(
        "calendars/page.html", f"calendars/_{view}.html",
        view=view, sheet=page, filters=filters, calendars=CALENDARS, kinds=EVENT_KINDS, groups=active_groups(),
        series_name=series_title(filters.series_id), organised_ids={g.id for g in organised},
        may_create=bool(organised), today=today(), now=clock.now(), **extra,
    )


@bp.get("/")
@login_required
def month():
    """A month of events as a grid (a list of days on a phone); an event opens beside it."""
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    page = month_page(first, filters, current_user, clock.now(), today())
    return _render("month", page, filters, selected=_selected(page))


@bp.get("/week")
@login_required
def week():
    """A week of events, Monday to Sunday, each with its register button."""
    filters = CalendarFilters.from_args(request.args)
    page = week_page(parse_day(request.args.get("day"), today()), filters, current_user, clock.now(), today())
    return _render("week", page, filters)


@bp.get("/list")
@login_required
def agenda():
    """A month as a list of the days that have events, each with its register button."""
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    page = month_page(first, filters, current_user, clock.now(), today())
    return _render("list", page, filters)


@bp.get("/chips/<int:event_id>")
@login_required
def chip(event_id: int):
    """One event's entry in the month grid, redrawn after the person registers or cancels from the panel."""
    event = load_event(event_id) or abort(404)
    filters = CalendarFilters.from_args(request.args)
    first, _ = parse_month(request.args.get("month"), today())
    flags = {c.event.id: c.holiday for c in clashes([event])}
    return render_template(
        "calendars/_chip.html", e=event, s=standings_for([event], current_user, clock.now())[event.id],
        flag=flags.get(event.id), filters=filters, anchor=first,
    )
