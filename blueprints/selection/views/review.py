"""The admin's review of nominations: accept (merging a nominee's nominations), refuse with a reason, take back."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Staff
from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.core.htmx import redirect_to
from blueprints.selection.forms import AcceptForm, ActionForm, RefuseForm
from blueprints.selection.models import Candidate
from blueprints.selection.nominations import accept, nominee_groups, refuse, revoke
from blueprints.selection.rules import PHASE_LABELS, SelectionError, phase_of, review_problem

from . import bp, load_selection


def _page(selection, errors: dict[int, tuple[str, str]] | None = None, typed: dict[int, str] | None = None):
    """The review page; `errors` maps a nominee to (field, message) after a refused action."""
    today = clock.today()
    return render_template(
        "selection/review.html",
        selection=selection,
        phase=phase_of(selection, today),
        labels=PHASE_LABELS,
        groups=nominee_groups(selection),
        closed=review_problem(selection, today),
        errors=errors or {},
        typed=typed or {},
        action_form=ActionForm(),
    )


def _nominee(staff_id: int) -> Staff:
    person = db.session.get(Staff, staff_id)
    if person is None:
        abort(404)
    return person


@bp.get("/<int:year>/review")
@admin_required
def review(year: int):
    """Nominations grouped by nominee, waiting ones first, with the actions of the review."""
    return _page(load_selection(year))


@bp.post("/<int:year>/review/<int:staff_id>/accept")
@admin_required
def accept_nominee(year: int, staff_id: int):
    """Accept a nominee: their waiting nominations merge into one candidacy with the reason voters will read."""
    selection, nominee = load_selection(year), _nominee(staff_id)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            accept(selection, nominee, reason=form.reason.data or "", admin=current_user, today=clock.today(),
                   now=clock.now_utc())
            db.session.commit()
        except SelectionError as error:
            db.session.rollback()
            return _page(selection, {nominee.id: ("accept", error.message)}, {nominee.id: form.reason.data or ""})
        except IntegrityError:  # another admin accepted the same person at the same moment
            db.session.rollback()
            flash(f"{nominee.name}刚刚已被设为候选人，请查看后再操作。", "warning")
        else:
            flash(f"{nominee.name}已成为候选人。", "success")
    return redirect_to(url_for("selection.review", year=year) + f"#nominee-{nominee.id}")


@bp.post("/<int:year>/review/<int:staff_id>/refuse")
@admin_required
def refuse_nominee(year: int, staff_id: int):
    """Refuse a nominee's waiting nominations, with the reason their nominators will read."""
    selection, nominee = load_selection(year), _nominee(staff_id)
    form = RefuseForm()
    if form.validate_on_submit():
        try:
            count = refuse(selection, nominee, reason=form.refusal.data or "", admin=current_user, today=clock.today(),
                           now=clock.now_utc())
            db.session.commit()
        except SelectionError as error:
            db.session.rollback()
            return _page(selection, {nominee.id: ("refuse", error.message)})
        flash(f"已不予通过对{nominee.name}的 {count} 条提名。", "success")
    return redirect_to(url_for("selection.review", year=year) + f"#nominee-{nominee.id}")


@bp.post("/<int:year>/candidates/<int:candidate_id>/revoke")
@admin_required
def revoke_candidate(year: int, candidate_id: int):
    """Take a candidacy back before voting starts; its nominations wait for review again."""
    selection = load_selection(year)
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.selection_id != selection.id:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    name = candidate.staff.name
    try:
        revoke(candidate, today=clock.today())
        db.session.commit()
        flash(f"已撤销{name}的候选资格，相关提名重新待审核。", "success")
    except SelectionError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect_to(url_for("selection.review", year=year))
