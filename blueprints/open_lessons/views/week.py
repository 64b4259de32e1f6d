"""The week view: periods as rows, days as columns, so a teacher sees where to go."""
from __future__ import annotations

from datetime import date

from flask import request
from flask_login import current_user

from blueprints.core.access import login_required
from blueprints.core.htmx import render_page_or_partial
from blueprints.open_lessons.services import week_of

from . import bp
from .common import now, require_context


def _day_from(value: str | None, fallback: date) -> date:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


@bp.get("/week")
@login_required
def week():
    """One week of open lessons; previous and next weeks swap in place."""
    ctx = require_context()
    moment = now()
    today = moment.date()
    # Outside the semester, open on its nearest week rather than an empty one.
    fallback = min(max(today, ctx.semester.start_date), ctx.semester.end_date)
    day = _day_from(request.args.get("day"), fallback)
    grid = week_of(ctx.semester, ctx.settings, current_user, moment, day)
    return render_page_or_partial(
        "open_lessons/week.html", "open_lessons/_week_grid.html", ctx=ctx, week=grid, today=today
    )
