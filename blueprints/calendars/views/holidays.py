"""The admin enters public and school holidays; events falling on them are flagged for their organisers."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.calendars.forms import HolidayForm
from blueprints.calendars.holidays import event_counts, save_holiday
from blueprints.calendars.models import Holiday
from blueprints.core.access import admin_required
from blueprints.core.htmx import redirect_to
from blueprints.events import clock

from . import bp


def _render_list(form: HolidayForm):
    holidays = list(db.session.scalars(select(Holiday).order_by(Holiday.start_date.desc(), Holiday.id)))
    return render_template("calendars/holidays.html", holidays=holidays, counts=event_counts(holidays), form=form)


@bp.route("/holidays", methods=["GET", "POST"])
@admin_required
def holidays():
    """Every holiday entered, newest first, with how many events fall on each; and the form to add one."""
    form = HolidayForm()
    if form.validate_on_submit():
        holiday = save_holiday(Holiday(created_by_id=current_user.id, created_at=clock.now()), form.values())
        db.session.commit()
        flash(f"已添加假期「{holiday.name}」。", "success")
        return redirect_to(url_for("calendars.holidays"))
    return _render_list(form)


def _holiday(holiday_id: int) -> Holiday:
    return db.session.get(Holiday, holiday_id) or abort(404)


@bp.route("/holidays/<int:holiday_id>/edit", methods=["GET", "POST"])
@admin_required
def holiday_edit(holiday_id: int):
    """Correct a holiday's name, kind or dates."""
    holiday = _holiday(holiday_id)
    form = HolidayForm(obj=holiday, holiday_id=holiday.id)
    if form.validate_on_submit():
        save_holiday(holiday, form.values())
        db.session.commit()
        flash(f"已保存假期「{holiday.name}」。", "success")
        return redirect_to(url_for("calendars.holidays"))
    return render_template("calendars/holiday_form.html", form=form, holiday=holiday)


@bp.post("/holidays/<int:holiday_id>/delete")
@admin_required
def holiday_delete(holiday_id: int):
    """Remove a holiday entered by mistake."""
    holiday = _holiday(holiday_id)
    name = holiday.name
    db.session.delete(holiday)
    db.session.commit()
    flash(f"已删除假期「{name}」。", "success")
    return redirect_to(url_for("calendars.holidays"))
