"""The admin opens a year's selection, changes its settings, ends voting early, and confirms the chosen."""
from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.core.htmx import redirect_to
from blueprints.selection.forms import ActionForm, ConfirmForm, SettingsForm
from blueprints.selection.models import Selection
from blueprints.selection.results import confirm
from blueprints.selection.rules import SelectionError, default_settings, default_year
from blueprints.selection.setup import close_voting, has_votes, save_selection, settings_of

from . import bp, load_selection


def _save(form: SettingsForm, current=None):
    try:
        selection = save_selection(form.settings(), now=clock.now_utc(), current=current)
        db.session.commit()
        return selection
    except SelectionError as error:
        db.session.rollback()
        (getattr(form, error.field).errors if error.field else form.form_errors).append(error.message)
    except IntegrityError:  # the same year opened twice at the same moment
        db.session.rollback()
        form.year.errors.append(f"{form.year.data} 年的评选已经存在。")
    return None


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    """Open a year's selection: windows, votes per voter (10), how many are chosen (10)."""
    if request.method == "POST":
        form = SettingsForm()
    else:
        # The coming Teachers' Day, or the year after the last selection already opened.
        latest = db.session.scalar(select(func.max(Selection.year))) or 0
        form = SettingsForm(formdata=None, obj=default_settings(max(default_year(clock.today()), latest + 1)))
    if form.validate_on_submit():
        selection = _save(form)
        if selection is not None:
            flash(f"已开设「{selection.title}」。", "success")
            return redirect_to(url_for("selection.detail", year=selection.year))
    return render_template("selection/form.html", form=form, selection=None, locked=False)


@bp.route("/<int:year>/edit", methods=["GET", "POST"])
@admin_required
def edit(year: int):
    """Change a selection's settings; the vote's rules stay fixed once anyone has voted."""
    selection = load_selection(year)
    form = SettingsForm() if request.method == "POST" else SettingsForm(formdata=None, obj=settings_of(selection))
    if form.validate_on_submit() and _save(form, selection) is not None:
        flash("评选设置已保存。", "success")
        return redirect_to(url_for("selection.detail", year=selection.year))
    return render_template("selection/form.html", form=form, selection=selection, locked=has_votes(selection))


@bp.post("/<int:year>/close")
@admin_required
def close(year: int):
    """End voting before its last day."""
    selection = load_selection(year)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        close_voting(selection, today=clock.today(), now=clock.now_utc())
        db.session.commit()
        flash("投票已结束，可以查看结果并确认当选名单。", "success")
    except SelectionError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect_to(url_for("selection.results", year=year))


@bp.post("/<int:year>/confirm")
@admin_required
def confirm_chosen(year: int):
    """Confirm the chosen teachers: each gets the honour 校级最美教师 in the register."""
    selection = load_selection(year)
    form = ConfirmForm()
    form.chosen.choices = [(c.id, "") for c in selection.candidates]
    if not form.validate_on_submit():
        abort(400)
    try:
        awards = confirm(selection, set(form.chosen.data or []), admin=current_user, school=current_app.config["SCHOOL_NAME"],
                         today=clock.today(), now=clock.now_utc())
        db.session.commit()
        flash(f"已确认 {len(awards)} 位{selection.year}年度校级最美教师，荣誉已记入荣誉册。", "success")
    except SelectionError as error:
        db.session.rollback()
        flash(error.message, "warning")
    return redirect_to(url_for("selection.results", year=year))
