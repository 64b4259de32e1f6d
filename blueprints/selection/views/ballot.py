"""The ballot: the accepted candidates with their reasons, one tap to give or take back a vote (htmx)."""
from __future__ import annotations

from flask import abort, flash, make_response, render_template, url_for
from flask_login import current_user

from app import db
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.selection.models import Candidate
from blueprints.selection.nominations import candidates_of, nomination_counts
from blueprints.selection.rules import PHASE_LABELS, SelectionError, phase_of, voting_problem
from blueprints.selection.voting import ballot_state, cast_vote, withdraw_vote

from . import bp, load_selection


@bp.get("/<int:year>/ballot")
@login_required
def ballot(year: int):
    """The voter's ballot: every candidate, the voter's own choices, and how many votes are left."""
    selection = load_selection(year)
    today = clock.today()
    return render_template(
        "selection/ballot.html",
        selection=selection,
        phase=phase_of(selection, today),
        labels=PHASE_LABELS,
        problem=voting_problem(selection, today),
        candidates=candidates_of(selection),
        counts=nomination_counts(selection),
        state=ballot_state(selection, current_user),
    )


def _candidate(selection, candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.selection_id != selection.id:
        abort(404)
    return candidate


def _answer(selection, candidate: Candidate, change, *, done: str):
    """Do the change; htmx gets the candidate's card and the count of votes left, a plain form a redirect."""
    try:
        state = change(selection, candidate, voter=current_user, today=clock.today(), now=clock.now_utc())
        db.session.commit()
        message, level = done, "success"
    except SelectionError as error:
        db.session.rollback()
        state, message, level = ballot_state(selection, current_user), error.message, "error"
    if not is_htmx():
        flash(message, "success" if level == "success" else "warning")
        return redirect_to(url_for("selection.ballot", year=selection.year) + f"#candidate-{candidate.id}")
    # 200 even when refused: htmx swaps only 2xx answers, and the refusal belongs on the card.
    response = make_response(render_template(
        "selection/_ballot_answer.html", selection=selection, c=candidate, state=state,
        counts=nomination_counts(selection), message=message, level=level, open=True,
    ))
    response.headers.add("Vary", "HX-Request")
    return response


@bp.post("/<int:year>/ballot/<int:candidate_id>")
@login_required
def vote(year: int, candidate_id: int):
    """Give one vote to a candidate."""
    selection = load_selection(year)
    candidate = _candidate(selection, candidate_id)
    return _answer(selection, candidate, cast_vote, done=f"已投给{candidate.staff.name}。")


@bp.route("/<int:year>/ballot/<int:candidate_id>", methods=["DELETE"])
@bp.post("/<int:year>/ballot/<int:candidate_id>/withdraw")
@login_required
def unvote(year: int, candidate_id: int):
    """Take back the vote given to a candidate, to give it to someone else."""
    selection = load_selection(year)
    candidate = _candidate(selection, candidate_id)
    return _answer(selection, candidate, withdraw_vote, done=f"已取消投给{candidate.staff.name}的一票。")
