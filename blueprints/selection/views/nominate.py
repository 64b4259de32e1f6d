"""Nominating a colleague during the nomination window, and taking one's nomination back."""
from __future__ import annotations

from flask import abort, flash, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Staff
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import redirect_to
from blueprints.selection.forms import NominationForm
from blueprints.selection.models import Nomination
from blueprints.selection.nominations import nominate, withdraw_nomination
from blueprints.selection.rules import SelectionError

from . import bp, load_selection
from .overview import detail_page


def _picked(form: NominationForm) -> Staff | None:
    value = str(form.nominee_id.data or "")
    return db.session.get(Staff, parse_id(value)) if parse_id(value) else None


@bp.post("/<int:year>/nominations")
@login_required
def nominate_colleague(year: int):
    """Nominate a colleague with a reason; the page again with the message beside the field when refused."""
    selection = load_selection(year)
    form = NominationForm()
    nominee = _picked(form)
    if form.validate_on_submit():
        try:
            nominate(selection, nominator=current_user, nominee=nominee, reason=form.reason.data or "",
                     today=clock.today(), now=clock.now_utc())
            db.session.commit()
        except SelectionError as error:
            db.session.rollback()
            (getattr(form, error.field).errors if error.field else form.form_errors).append(error.message)
        except IntegrityError:  # the same nomination sent twice at once: the database kept one
            db.session.rollback()
            form.nominee_id.errors.append(f"您已经提名过{nominee.name}老师了。")
        else:
            flash(f"已提名{nominee.name}老师，感谢您的推荐！提名由学校审核后成为候选人。", "success")
            return redirect_to(url_for("selection.detail", year=year) + "#mine")
    return detail_page(selection, form=form, picked=nominee)


@bp.post("/<int:year>/nominations/<int:nomination_id>/withdraw")
@login_required
def withdraw(year: int, nomination_id: int):
    """Take back one's own nomination while it waits for review."""
    selection = load_selection(year)
    nomination = db.session.get(Nomination, nomination_id)
    if nomination is None or nomination.selection_id != selection.id:
        abort(404)
    if nomination.nominator_id != current_user.id:
        abort(403)
    try:
        withdraw_nomination(nomination, person=current_user, today=clock.today())
        db.session.commit()
        flash("已撤回提名。", "success")
    except SelectionError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect_to(url_for("selection.detail", year=year) + "#mine")
