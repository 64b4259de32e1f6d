"""One pairing's page with its timeline, and the coordinators' moves: activate, complete, dissolve, continue."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import db
from blueprints.core.access import admin_required, login_required
from blueprints.core.htmx import redirect_to
from blueprints.core import clock
from blueprints.pairings.access import can_add_award, is_coordinator, require_can_view, require_coordinator, side_of
from blueprints.pairings.board import rows_for
from blueprints.pairings.forms import ActionForm, AwardForm, ConfirmForm, DissolveForm, LogForm, TargetsForm
from blueprints.pairings.logs import logs_of
from blueprints.pairings.models import Evaluation, Pairing, PairingEvent
from blueprints.pairings.outcomes import awards_of, evaluation_of
from blueprints.pairings.progress import clear_own_targets, save_targets
from blueprints.pairings.services import (
    PairingError, already_paired_message, continuation_of, continue_pairing, next_semester_after, transition,
)
from blueprints.pairings.timeline import timeline_of

from . import bp


def load_pairing(pairing_id: int) -> Pairing:
    """The pairing with everything its page shows, in a fixed number of queries; 404 if missing."""
    pairing = db.session.scalar(
        select(Pairing)
        .where(Pairing.id == pairing_id)
        .options(
            selectinload(Pairing.mentor),
            selectinload(Pairing.apprentice),
            selectinload(Pairing.semester),
            selectinload(Pairing.previous),
            selectinload(Pairing.events).selectinload(PairingEvent.actor),
            selectinload(Pairing.evaluations).selectinload(Evaluation.author),
        )
    )
    if pairing is None:
        abort(404)
    return pairing


def detail_context(pairing: Pairing, **forms) -> dict:
    """Everything the pairing page and its partials need."""
    side = side_of(current_user, pairing)
    logs = logs_of(pairing)
    awards = awards_of(pairing)
    row = rows_for([pairing], today=clock.today())[0]
    log_form = forms.get("log_form")
    if log_form is None and side and pairing.state == "active":
        log_form = LogForm(formdata=None, held_on=clock.today(), duration_minutes=40)
    return {
        "pairing": pairing,
        "side": side,
        "row": row,
        "logs": logs,
        "awards": awards,
        "timeline": timeline_of(pairing, logs, awards),
        "coordinator": is_coordinator(current_user),
        "may_award": can_add_award(current_user, pairing) and pairing.state != "draft",
        "log_form": log_form,
        "confirm_form": ConfirmForm(formdata=None),
        "action_form": ActionForm(formdata=None),
        "dissolve_form": forms.get("dissolve_form") or DissolveForm(formdata=None),
        "award_form": forms.get("award_form") or AwardForm(formdata=None, awarded_on=clock.today()),
        "targets_form": forms.get("targets_form") or TargetsForm(formdata=None, data={p.metric: p.target for p in row.progress}),
        "evaluations": {s: evaluation_of(pairing, s) for s in ("mentor", "apprentice")},
        **_continuation(pairing),
    }


def _continuation(pairing: Pairing) -> dict:
    """Where the pairing was carried on to, or the semester it could still be carried on to."""
    following = continuation_of(pairing) if pairing.state == "completed" else None
    may_continue = pairing.state in ("active", "completed") and following is None
    return {"continued_in": following, "next_semester": next_semester_after(pairing.semester) if may_continue else None}


def render_detail(pairing: Pairing, **forms):
    """The full pairing page (also after a form error without htmx)."""
    return render_template("pairings/detail.html", **detail_context(pairing, **forms))


@bp.get("/<int:pairing_id>")
@login_required
def detail(pairing_id: int):
    """A pairing: who, progress against targets, logs both ways, evaluations, awards and its timeline."""
    pairing = load_pairing(pairing_id)
    require_can_view(current_user, pairing)
    return render_detail(pairing)


def _move(pairing_id: int, to_state: str, done: str, reason: str = ""):
    """The body of the plain state moves (activate, complete): check, move, say what happened."""
    pairing = load_pairing(pairing_id)
    require_coordinator(current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        transition(pairing, to_state, actor=current_user, now=clock.now_utc(), reason=reason)
        db.session.commit()
        flash(done, "success")
    except PairingError as error:
        db.session.rollback()
        flash(error.message, "error")
    except IntegrityError:
        db.session.rollback()
        flash(already_paired_message(pairing.apprentice), "error")
    return redirect_to(url_for("pairings.detail", pairing_id=pairing_id))


@bp.post("/<int:pairing_id>/activate")
@login_required
def activate(pairing_id: int):
    """Make a draft pairing take effect."""
    return _move(pairing_id, "active", "结对已生效。")


@bp.post("/<int:pairing_id>/complete")
@login_required
def complete(pairing_id: int):
    """Close a pairing at the end of term."""
    return _move(pairing_id, "completed", "结对已完成。")


@bp.post("/<int:pairing_id>/dissolve")
@login_required
def dissolve(pairing_id: int):
    """End a pairing early, with the reason on record."""
    pairing = load_pairing(pairing_id)
    require_coordinator(current_user)
    form = DissolveForm()
    if form.validate_on_submit():
        try:
            transition(pairing, "dissolved", actor=current_user, now=clock.now_utc(), reason=form.reason.data)
            db.session.commit()
            flash("结对已解除。", "success")
            return redirect_to(url_for("pairings.detail", pairing_id=pairing.id))
        except PairingError as error:
            db.session.rollback()
            form.reason.errors.append(error.message)
    return render_detail(pairing, dissolve_form=form)


@bp.post("/<int:pairing_id>/continue")
@login_required
def continue_next(pairing_id: int):
    """Carry the pairing on into the next semester."""
    pairing = load_pairing(pairing_id)
    require_coordinator(current_user)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        following = continue_pairing(pairing, actor=current_user, now=clock.now_utc())
        db.session.commit()
    except PairingError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect_to(url_for("pairings.detail", pairing_id=pairing_id))
    except IntegrityError:
        db.session.rollback()
        flash(already_paired_message(pairing.apprentice), "error")
        return redirect_to(url_for("pairings.detail", pairing_id=pairing_id))
    flash(f"结对已延续到{following.semester.name}。", "success")
    return redirect_to(url_for("pairings.detail", pairing_id=following.id))


@bp.post("/<int:pairing_id>/targets")
@admin_required
def targets(pairing_id: int):
    """The admin sets this pairing's own targets, or lets it follow the semester's again."""
    pairing = load_pairing(pairing_id)
    form = TargetsForm()
    if request.form.get("reset") == "1" and ActionForm().validate_on_submit():
        clear_own_targets(pairing)
    elif form.validate_on_submit():
        save_targets(pairing.semester_id, form.targets(), pairing=pairing)
    else:
        return render_detail(pairing, targets_form=form)
    db.session.commit()
    flash("已保存本结对的学期目标。", "success")
    return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#progress")
