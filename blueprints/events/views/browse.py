"""The list of events (upcoming or past, filtered, searched) and an event's own page."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Group
from blueprints.accounts.services import current_semester
from blueprints.core.access import login_required
from blueprints.core.htmx import render_page_or_partial
from blueprints.events import clock
from blueprints.events.access import may_organise, organisable_groups
from blueprints.events.models import EVENT_KINDS
from blueprints.events.queries import LIST_LIMIT, EventFilters, event_page, list_events, month_choices, standings_for

from . import bp


@bp.get("/")
@login_required
def index():
    """Upcoming or past events, filterable by kind, group and month, searchable by title."""
    filters = EventFilters.from_args(request.args)
    now = clock.now()
    events = list_events(filters, current_user, now)
    groups = list(db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id)))
    semester = current_semester()
    return render_page_or_partial(
        "events/index.html",
        "events/_list.html",
        events=events,
        standings=standings_for(events, current_user, now),
        filters=filters,
        kinds=EVENT_KINDS,
        groups=groups,
        months=month_choices(semester and semester.start_date, semester and semester.end_date, now),
        now=now,
        limit=LIST_LIMIT,
        may_create=bool(organisable_groups(current_user)),
    )


@bp.get("/<int:event_id>")
@login_required
def detail(event_id: int):
    """An event: who speaks, where, when, seats left; afterwards its summary and attendance count."""
    now = clock.now()
    page = event_page(event_id, current_user, now)
    if page is None:
        abort(404)
    return render_template(
        "events/detail.html",
        event=page.event,
        s=page.standing,
        checklist=page.checklist,
        may_organise=may_organise(current_user, page.event),
        now=now,
    )
