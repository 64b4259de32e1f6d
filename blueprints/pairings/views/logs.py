"""Mentoring logs on a pairing's page: either side writes one, the other side confirms or answers it."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.core.access import login_required
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.core import clock
from blueprints.pairings.access import require_side
from blueprints.pairings.board import rows_for
from blueprints.pairings.forms import ActionForm, ConfirmForm, LogForm
from blueprints.pairings.logs import add_log, confirm_log, delete_log, logs_of
from blueprints.pairings.models import MentoringLog, Pairing
from blueprints.pairings.services import PairingError

from . import bp
from .pairing import load_pairing, render_detail


def _load_log(log_id: int) -> MentoringLog:
    log = db.session.scalar(
        select(MentoringLog)
        .where(MentoringLog.id == log_id)
        .options(
            selectinload(MentoringLog.pairing).selectinload(Pairing.semester),
            selectinload(MentoringLog.author),
            selectinload(MentoringLog.confirmed_by),
        )
    )
    if log is None:
        abort(404)
    return log


def _logs_partial(pairing: Pairing, side: str, form: LogForm, notice: str | None = None):
    return render_template(
        "pairings/_logs.html",
        pairing=pairing,
        side=side,
        logs=logs_of(pairing),
        log_form=form,
        confirm_form=ConfirmForm(formdata=None),
        action_form=ActionForm(formdata=None),
        notice=notice,
    )


@bp.post("/<int:pairing_id>/logs")
@login_required
def log_create(pairing_id: int):
    """One side records a mentoring session; it waits for the other side's confirmation."""
    pairing = load_pairing(pairing_id)
    side = require_side(current_user, pairing)
    form = LogForm()
    if form.validate_on_submit():
        try:
            add_log(
                pairing,
                author=current_user,
                kind=form.kind.data,
                held_on=form.held_on.data,
                duration_minutes=form.duration_minutes.data,
                content=form.content.data,
                next_steps=form.next_steps.data,
                today=clock.today(),
                now=clock.now_utc(),
            )
            db.session.commit()
            notice = "已保存，等待对方确认。"
            if not is_htmx():
                flash(notice, "success")
                return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#logs")
            fresh = LogForm(formdata=None, held_on=clock.today(), duration_minutes=40)
            return _logs_partial(pairing, side, fresh, notice)
        except PairingError as error:
            db.session.rollback()
            (form[error.field].errors if error.field else form.form_errors).append(error.message)
    if is_htmx():
        return _logs_partial(pairing, side, form)
    return render_detail(pairing, log_form=form)


@bp.post("/logs/<int:log_id>/confirm")
@login_required
def log_confirm(log_id: int):
    """The other side confirms a log, with an optional answer; the progress bars move."""
    log = _load_log(log_id)
    pairing = log.pairing
    side = require_side(current_user, pairing)
    if side == log.author_side:
        abort(403)
    form = ConfirmForm()
    error_message = None
    if form.validate_on_submit():
        try:
            confirm_log(log, staff=current_user, answer=form.answer.data, now=clock.now_utc())
            db.session.commit()
        except PairingError as error:
            db.session.rollback()
            error_message = error.message
    else:
        error_message = next(iter(form.errors.values()))[0]
    if not is_htmx():
        flash(error_message or "已确认这条帮扶记录。", "error" if error_message else "success")
        return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + f"#log-{log.id}")
    db.session.refresh(log)
    return render_template(
        "pairings/_log_confirmed.html",
        log=log,
        pairing=pairing,
        side=side,
        row=rows_for([pairing], today=clock.today())[0],
        confirm_form=form if error_message else ConfirmForm(formdata=None),
        action_form=ActionForm(formdata=None),
        log_error=error_message,
    )


@bp.post("/logs/<int:log_id>/delete")
@login_required
def log_delete(log_id: int):
    """The author takes back a log that is not confirmed yet."""
    log = _load_log(log_id)
    pairing = log.pairing
    require_side(current_user, pairing)
    if log.author_id != current_user.id:
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        delete_log(log, staff=current_user)
        db.session.commit()
        message, category = "已删除这条记录。", "success"
    except PairingError as error:
        db.session.rollback()
        message, category = error.message, "error"
    if is_htmx() and category == "success":
        return ""
    flash(message, category)
    return redirect_to(url_for("pairings.detail", pairing_id=pairing.id) + "#logs")
