"""The lists behind the admin's figures, and the outcomes on a page of their own (to print or to show)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.pairings.models import STATES

from . import lists
from .home import build_outcomes
from .outcomes import APPLICANT_STATUSES, PROBATIONARY
from .periods import Period, periods_for

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")

#: The lists behind the figures, as the URL names them.
METRICS = {f"pairings-{state}" for state in STATES} | {f"lessons-{which}" for which in lists.LESSON_LISTS} | {"events"}


def _period(key: str) -> Period:
    period = periods_for(clock.today()).get(key)
    if period is None:
        abort(404)
    return period


@bp.get("/")
@admin_required
def index():
    """The outcomes of the semester and the year on one page."""
    return render_template("dashboard/index.html", panel=build_outcomes(current_user))


@bp.get("/<period>/<metric>")
@admin_required
def listing(period: str, metric: str):
    """The pairings, lessons or events a figure counts, one row each, with links to each."""
    if metric not in METRICS:
        abort(404)
    span = _period(period)
    if metric.startswith("pairings-"):
        result = lists.pairings(span, metric.removeprefix("pairings-"))
    elif metric.startswith("lessons-"):
        result = lists.lessons(span, metric.removeprefix("lessons-"), clock.now_local())
    else:
        result = lists.events(span, clock.now_utc())
    return render_template("dashboard/list.html", listing=result, period=span)


@bp.get("/party")
@admin_required
def party():
    """Staff on the way into the Party (入党积极分子, 发展对象) and those admitted this year (预备党员)."""
    status = request.args.get("status", "")
    status = status if status in APPLICANT_STATUSES + (PROBATIONARY,) else ""
    return render_template("dashboard/list.html", listing=lists.party_people(status), period=None,
                           statuses=APPLICANT_STATUSES + (PROBATIONARY,), status=status)
