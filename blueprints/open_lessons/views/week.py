"""The week view: periods as rows, days as columns, so a teacher sees where to go."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from blueprints.core.access import login_required
from blueprints.core.htmx import render_page_or_partial
from blueprints.open_lessons.services import (
    TEACHING_SUBJECTS, Cell, Term, WeekLesson, current_term, period_times, slot_of, week_of,
)

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


def _term() -> Term:
    """The current semester as the week draws it, or the page saying open lessons are not set up yet."""
    term = current_term()
    if term is None:  # require_context stops with that page
        ctx = require_context()
        term = Term.of(ctx.semester, ctx.settings)
    return term


@bp.get("/week")
@login_required
def week():
    """One week of open lessons, optionally of one subject; previous and next weeks swap in place."""
    term = _term()
    moment = now()
    today = moment.date()
    # Outside the semester, open on its nearest week rather than an empty one.
    fallback = min(max(today, term.start_date), term.end_date)
    day = _day_from(request.args.get("day"), fallback)
    subject = _subject_from(request.args.get("subject"))
    grid = week_of(term, current_user, moment, day, subject=subject)
    return render_page_or_partial(
        "open_lessons/week.html", "open_lessons/_week_grid.html",
        term=term, week=grid, today=today, subjects=TEACHING_SUBJECTS,
    )


@bp.get("/week/slot")
@login_required
def week_slot():
    """Every lesson of one day and period ("还有 N 节" in a cell of the week): the cell's list for htmx, else a page."""
    term = _term()
    day = _day_from(request.args.get("day"), None)
    number = request.args.get("period", type=int)
    period = next((p for p in period_times(term.id) if p.number == number), None)
    if day is None or period is None:
        abort(404)
    subject = _subject_from(request.args.get("subject"))
    cell = slot_of(term, current_user, now(), day, period.number, subject=subject)
    return render_page_or_partial(
        "open_lessons/week_slot.html", "open_lessons/_week_slot.html",
        term=term, cell=cell, label=period.label, subject=subject,
    )


@dataclass(frozen=True)
class WeekLinks:
    """The URL parts every lesson box and "还有 N 节" link of a week shares, HTML-escaped: built once a page.

    The cells are written here rather than by a macro per lesson: a crowded week draws sixty lessons in forty
    cells, and the calls and the template's pieces cost more than the HTML they write."""

    lesson_prefix: Markup  #: + id: the lesson's page
    slot_prefix: Markup  #: + "day=…&amp;period=…": every lesson of one day and period

    def lesson(self, lesson: WeekLesson) -> str:
        """A lesson's box, a link to its page. The id and the progress need no escaping: a number, and digits with
        fixed words."""
        mine = " lesson-mine" if lesson.mine else ""
        state = "lesson-ok-text" if lesson.reached else "lesson-short-text"
        return (f'<a href="{self.lesson_prefix}{lesson.id}" class="lesson-cell{mine}"><strong>{escape(lesson.topic)}'
                f'</strong><small>{escape(lesson.byline)}</small><small class="{state}">{lesson.progress}</small></a>')

    def cell(self, cell: Cell) -> Markup:
        """What a cell of the grid holds: its lessons drawn, then the link that opens the rest."""
        html = "".join([f"\n        {self.lesson(lesson)}" for lesson in cell.lessons])
        if cell.hidden:
            url = f"{self.slot_prefix}day={cell.day.isoformat()}&amp;period={cell.period}"
            html += (f'\n        <a class="lesson-more" href="{url}"\n           hx-get="{url}" hx-target="closest td">'
                     f'还有 {cell.hidden} 节</a>')
        return Markup(html)


@bp.app_template_global("week_links")
def week_links(subject: str) -> WeekLinks:
    """The URL parts of a week's lessons and cells, the subject kept in "还有 N 节" (url_for once each a page)."""
    slots = url_for("open_lessons.week_slot", subject=subject or None) + ("&" if subject else "?")
    return WeekLinks(escape(url_for("open_lessons.detail", lesson_id=0)[:-1]), escape(slots))


@bp.app_template_filter("week_cell")
def week_cell(cell: Cell, links: WeekLinks) -> Markup:
    """{{ cell|week_cell(links) }}: links.cell(cell) as a filter, which Jinja calls directly (a method goes through its
    generic call)."""
    return links.cell(cell)


@bp.app_template_filter("week_lesson")
def week_lesson(lesson: WeekLesson, links: WeekLinks) -> Markup:
    """{{ l|week_lesson(links) }}: one lesson's box (the list of one period)."""
    return Markup(links.lesson(lesson))
