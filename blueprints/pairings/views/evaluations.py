"""End-of-term evaluation: the mentor assesses the apprentice, the apprentice assesses the mentoring."""
from __future__ import annotations

from flask import flash, render_template, url_for
from flask_login import current_user

from app import db
from blueprints.core.access import login_required
from blueprints.core.htmx import redirect_to
from blueprints.core import clock
from blueprints.pairings.access import require_side
from blueprints.pairings.forms import evaluation_form
from blueprints.pairings.outcomes import EVALUATION_STATES, evaluation_of, save_evaluation
from blueprints.pairings.services import PairingError

from . import bp
from .pairing import load_pairing


@bp.route("/<int:pairing_id>/evaluation", methods=["GET", "POST"])
@login_required
def evaluate(pairing_id: int):
    """Write or revise one's own side of the end-of-term evaluation (each item 1-5, plus comments)."""
    pairing = load_pairing(pairing_id)
    side = require_side(current_user, pairing)
    existing = evaluation_of(pairing, side)
    initial = {}
    if existing is not None:
        initial = {f"score_{key}": str(value) for key, value in existing.scores.items()}
        initial["comment"] = existing.comment
    form = evaluation_form(side, data=initial)
    editable = pairing.state in EVALUATION_STATES
    if editable and form.validate_on_submit():
        scores = {key: int(form[f"score_{key}"].data) for key in form.item_keys}
        try:
            save_evaluation(pairing, author=current_user, scores=scores, comment=form.comment.data, now=clock.now_utc())
            db.session.commit()
            flash("评价已保存。", "success")
            return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#evaluations")
        except PairingError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
    return render_template("pairings/evaluation.html", pairing=pairing, side=side, form=form, editable=editable)
