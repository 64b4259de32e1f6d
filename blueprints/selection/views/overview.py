"""Every year's selection, one selection's page (what to do in its current phase), and its results."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.selection.forms import ActionForm, ConfirmForm, NominationForm
from blueprints.selection.models import PENDING, Candidate, Nomination, Selection
from blueprints.selection.nominations import candidates_of, my_nominations, nomination_counts
from blueprints.selection.results import standings_of, turnout
from blueprints.selection.rules import CONFIRMED, COUNTING, PHASE_LABELS, VOTING, phase_of, sees_totals
from blueprints.selection.voting import ballot_state

from . import bp, load_selection


@bp.get("/")
@login_required
def index():
    """All selections, newest first, with their phase and, once confirmed, the chosen teachers."""
    selections = list(db.session.scalars(select(Selection).order_by(Selection.year.desc())))
    ids = [s.id for s in selections]
    counts = dict(db.session.execute(
        select(Candidate.selection_id, func.count()).where(Candidate.selection_id.in_(ids)).group_by(Candidate.selection_id)
    ).all()) if ids else {}
    honoured: dict[int, list[Candidate]] = {}
    if ids:
        for c in db.session.scalars(select(Candidate).where(Candidate.selection_id.in_(ids), Candidate.award_id.is_not(None))
                                    .options(joinedload(Candidate.staff))):
            honoured.setdefault(c.selection_id, []).append(c)
    today = clock.today()
    return render_template(
        "selection/index.html",
        rows=[(s, phase_of(s, today), counts.get(s.id, 0), honoured.get(s.id, [])) for s in selections],
        labels=PHASE_LABELS,
    )


def detail_page(selection: Selection, *, form: NominationForm | None = None, picked=None):
    """The selection's page; a refused nomination comes back here with its messages and the colleague picked."""
    today = clock.today()
    phase = phase_of(selection, today)
    candidates = candidates_of(selection)
    pending = db.session.scalar(select(func.count()).select_from(Nomination).where(
        Nomination.selection_id == selection.id, Nomination.status == PENDING)) if current_user.is_admin else 0
    return render_template(
        "selection/detail.html",
        selection=selection,
        phase=phase,
        labels=PHASE_LABELS,
        candidates=candidates,
        counts=nomination_counts(selection),
        mine=my_nominations(selection, current_user),
        form=form or NominationForm(formdata=None),
        action_form=ActionForm(),
        ballot=ballot_state(selection, current_user) if phase == VOTING else None,
        standings=standings_of(selection, candidates) if phase in (COUNTING, CONFIRMED) else None,
        pending=pending,
        picked=picked,
    )


@bp.get("/<int:year>")
@login_required
def detail(year: int):
    """The selection as it stands today: nominate, see the candidates, vote, or read the results."""
    return detail_page(load_selection(year))


@bp.get("/<int:year>/results")
@login_required
def results(year: int):
    """Ranked totals, ties shown as ties: the admin's from the first vote, everyone's after the close."""
    selection = load_selection(year)
    today = clock.today()
    if not sees_totals(selection, current_user, today):
        abort(403)
    phase = phase_of(selection, today)
    candidates = candidates_of(selection)
    standings = standings_of(selection, candidates)
    form = ConfirmForm(formdata=None, chosen=[s.candidate.id for s in standings if s.within])
    form.chosen.choices = [(s.candidate.id, s.candidate.staff.name) for s in standings]
    voters, votes = turnout(selection) if current_user.is_admin else (0, 0)
    return render_template(
        "selection/results.html", selection=selection, phase=phase, labels=PHASE_LABELS, standings=standings,
        form=form, voters=voters, votes=votes, action_form=ActionForm(),
    )
