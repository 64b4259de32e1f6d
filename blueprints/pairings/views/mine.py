"""A teacher's own pairings: "my mentoring" for a mentor, "my mentor" for an apprentice."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from blueprints.core.access import login_required
from blueprints.core import clock
from blueprints.pairings.board import pairings_as, recent_logs, rows_for

from . import bp


def _cards(side: str) -> dict:
    pairings = pairings_as(current_user, side)
    return {
        "rows": rows_for(pairings, today=clock.today()),
        "recent": recent_logs([p.id for p in pairings], per_pairing=5),
    }


@bp.get("/mentoring")
@login_required
def mentoring():
    """My apprentices: each one's progress, logs waiting for me, and the latest sessions."""
    return render_template("pairings/mentoring.html", **_cards("mentor"))


@bp.get("/my-mentor")
@login_required
def my_mentor():
    """My mentor: progress towards this semester's targets and the latest sessions, in every semester paired."""
    return render_template("pairings/my_mentor.html", **_cards("apprentice"))
