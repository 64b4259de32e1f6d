"""The week view: periods as rows, days as columns, so a teacher sees where to go."""
from __future__ import annotations

from datetime import date

from flask import abort, request
from flask_login import current_user

from blueprints.core.access import login_required
from blueprints.core.htmx import render_page_or_partial
from blueprints.open_lessons.services import TEACHING_SUBJECTS, period_times, slot_of, week_of

from . import bp
from .common import now, require_context


def _day_from(value: str | None, fallback: date | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else fallback
    except ValueError:
        return fallback


def _subject_from(value: str | None) -> str:
    """A teaching subject from the query string; anything else means every subject."""
    return value if value in TEACHING_SUBJECTS else ""


@bp.get("/week")
@login_required
def week():
    """One week of open lessons, optionally of one subject; previous and next weeks swap in place."""
    ctx = require_context()
    moment = now()
    today = moment.date()
    # Outside the semester, open on its nearest week rather than an empty one.
    fallback = min(max(today, ctx.semester.start_date), ctx.semester.end_date)
    day = _day_from(request.args.get("day"), fallback)
    subject = _subject_from(request.args.get("subject"))
    grid = week_of(ctx.semester, ctx.settings, current_user, moment, day, subject=subject)
    return render_page_or_partial(
        "open_lessons/week.html", "open_lessons/_week_grid.html",
        ctx=ctx, week=grid, today=today, subjects=TEACHING_SUBJECTS,
    )


@bp.get("/week/slot")
@login_required
def week_slot():
    """Every lesson of one day and period ("还有 N 节" in a cell of the week): the cell's list for htmx, else a page."""
    ctx = require_context()
    day = _day_from(request.args.get("day"), None)
    number = request.args.get("period", type=int)
    period = next((p for p in period_times(ctx.semester) if p.number == number), None)
    if day is None or period is None:
        abort(404)
    subject = _subject_from(request.args.get("subject"))
    cell = slot_of(ctx.semester, ctx.settings, current_user, now(), day, period.number, subject=subject)
    return render_page_or_partial(
        "open_lessons/week_slot.html", "open_lessons/_week_slot.html",
        ctx=ctx, cell=cell, label=period.label, subject=subject,
    )
