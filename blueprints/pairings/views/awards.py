"""The apprentice's awards that count for a pairing, added by the admin or the mentor."""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_login import current_user

from app import db
from blueprints.core.access import login_required
from blueprints.core.htmx import redirect_to
from blueprints.honours.models import Award
from blueprints.core import clock
from blueprints.pairings.access import can_add_award, require_can_view
from blueprints.pairings.forms import ActionForm, AwardForm
from blueprints.pairings.outcomes import add_award, remove_award
from blueprints.pairings.services import PairingError

from . import bp
from .pairing import load_pairing, render_detail


@bp.post("/<int:pairing_id>/awards")
@login_required
def award_add(pairing_id: int):
    """Attach one of the apprentice's awards (competition prize, title) to the pairing."""
    pairing = load_pairing(pairing_id)
    require_can_view(current_user, pairing)
    if not can_add_award(current_user, pairing):
        abort(403)
    form = AwardForm()
    if form.validate_on_submit():
        try:
            award = add_award(
                pairing,
                actor=current_user,
                title=form.title.data,
                category=form.category.data,
                level=form.level.data,
                grade=form.grade.data,
                awarded_on=form.awarded_on.data,
                issuer=form.issuer.data,
                today=clock.today(),
                now=clock.now_utc(),
            )
            db.session.commit()
            flash(f"已登记：{award.summary}。", "success")
            return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#awards")
        except PairingError as error:
            db.session.rollback()
            (form[error.field].errors if error.field else form.form_errors).append(error.message)
    return render_detail(pairing, award_form=form)


@bp.post("/<int:pairing_id>/awards/<int:award_id>/delete")
@login_required
def award_delete(pairing_id: int, award_id: int):
    """Take an award off the pairing."""
    pairing = load_pairing(pairing_id)
    award = db.session.get(Award, award_id)
    if award is None or award.pairing_id != pairing.id:
        abort(404)
    if not can_add_award(current_user, pairing):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    remove_award(award, pairing, actor=current_user)
    db.session.commit()
    flash("已删除获奖记录。", "success")
    return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#awards")
