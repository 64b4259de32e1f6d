"""The admin's per-semester settings: declaration window and thresholds, period times, rooms and the rubric."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import abort, flash, render_template, url_for
from werkzeug.datastructures import MultiDict

from app import db
from blueprints.accounts.models import Semester
from blueprints.accounts.services import current_semester
from blueprints.core.access import admin_required
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.open_lessons.forms import PeriodsForm, RoomForm, RubricItemForm, SettingsForm
from blueprints.open_lessons.models import LessonRoom, RubricItem
from blueprints.open_lessons.services import (
    DEFAULT_PERIODS,
    RuleBroken,
    default_settings,
    rooms_of,
    rubric_of,
    save_room,
    save_rubric_item,
    save_settings,
    set_period_times,
    settings_for,
    timetable,
)

from . import bp


def _semester(semester_id: int) -> Semester:
    return db.session.get(Semester, semester_id) or abort(404)


def _periods_form(semester: Semester) -> PeriodsForm:
    """The eight period rows, prefilled from the semester's times (or the defaults)."""
    known = timetable(semester).periods
    data = MultiDict()
    for index in range(len(DEFAULT_PERIODS)):
        start, end = (known[index + 1].starts_at, known[index + 1].ends_at) if index + 1 in known else DEFAULT_PERIODS[index]
        data[f"periods-{index}-starts_at"] = f"{start:%H:%M}"
        data[f"periods-{index}-ends_at"] = f"{end:%H:%M}"
    return PeriodsForm(formdata=data)


def _page(semester: Semester, form: SettingsForm | None = None, periods_form: PeriodsForm | None = None):
    settings = settings_for(semester)
    return render_template(
        "open_lessons/settings.html",
        semester=semester,
        settings=settings,
        form=form or SettingsForm(obj=settings or default_settings(semester)),
        periods_form=periods_form or _periods_form(semester),
        rooms=rooms_of(semester),
        rubric=rubric_of(semester, active_only=False),
        room_form=RoomForm(formdata=None),
        item_form=RubricItemForm(formdata=None),
        row_errors={},
    )


@bp.get("/settings")
@admin_required
def settings_current():
    """The current semester's settings (or the semesters page when none is current)."""
    semester = current_semester()
    if semester is None:
        flash("请先设置当前学期。", "warning")
        return redirect_to(url_for("accounts.semester_index"))
    return redirect_to(url_for("open_lessons.settings_edit", semester_id=semester.id))


@bp.route("/semesters/<int:semester_id>/settings", methods=["GET", "POST"])
@admin_required
def settings_edit(semester_id: int):
    """Declaration window, minimum observers, observation target, feedback days, anonymous feedback."""
    semester = _semester(semester_id)
    form = SettingsForm()
    if form.validate_on_submit():
        values = {name: form[name].data for name in
                  ("declare_from", "declare_until", "min_observers", "observe_target", "feedback_days", "names_visible")}
        try:
            save_settings(semester, values)
            db.session.commit()
        except RuleBroken as error:
            db.session.rollback()
            form[error.field].errors.append(error.message)
        else:
            flash("公开课设置已保存。", "success")
            return redirect_to(url_for("open_lessons.settings_edit", semester_id=semester.id))
    if form.is_submitted():
        return _page(semester, form=form)
    return _page(semester)


@bp.post("/semesters/<int:semester_id>/periods")
@admin_required
def settings_periods(semester_id: int):
    """The clock times of periods 1–8; lessons already declared move with their period."""
    semester = _semester(semester_id)
    if settings_for(semester) is None:
        abort(404)
    form = PeriodsForm()
    if form.validate_on_submit():
        times = [(entry.form.starts_at.data, entry.form.ends_at.data) for entry in form.periods]
        try:
            set_period_times(semester, times)
            db.session.commit()
        except RuleBroken as error:
            db.session.rollback()
            index = int(error.field.split("-")[1]) if error.field else 0
            part = error.field.rsplit("-", 1)[1] if error.field else "starts_at"
            form.periods[index].form[part].errors.append(error.message)
        else:
            flash("节次时间已保存。", "success")
            return redirect_to(url_for("open_lessons.settings_edit", semester_id=semester.id) + "#periods")
    return _page(semester, periods_form=form)


@dataclass(frozen=True)
class _ListSection:
    """One of the settings page's editable lists (rooms, rubric): how it is saved, listed and redrawn."""

    model: type
    form_class: type
    template: str
    anchor: str
    saved: str
    rows_key: str
    form_key: str
    rows: Callable[[Semester], list]
    save: Callable[..., object]

    def response(self, semester: Semester, form=None, row_errors: dict | None = None):
        """The list redrawn for htmx; for a plain form post, a flash and back to the page."""
        if not is_htmx():
            message = (form.errors and next(iter(form.errors.values()))[0]) if form else None
            message = message or (next(iter(row_errors.values())) if row_errors else None)
            flash(message or self.saved, "error" if message else "success")
            return redirect_to(url_for("open_lessons.settings_edit", semester_id=semester.id) + self.anchor)
        return render_template(
            self.template, semester=semester, row_errors=row_errors or {},
            **{self.rows_key: self.rows(semester), self.form_key: form or self.form_class(formdata=None)},
        )

    def add(self, semester_id: int):
        """Validate and save a new row; field errors go next to the add form."""
        semester = _semester(semester_id)
        form = self.form_class()
        if form.validate_on_submit():
            try:
                self.save(semester, form)
                db.session.commit()
                return self.response(semester)
            except RuleBroken as error:
                db.session.rollback()
                form[error.field or "name"].errors.append(error.message)
        return self.response(semester, form=form)

    def edit(self, semester_id: int, row_id: int):
        """Validate and save a change to one row; its error shows on that row."""
        semester = _semester(semester_id)
        row = db.session.get(self.model, row_id)
        if row is None or row.semester_id != semester.id:
            abort(404)
        form = self.form_class()
        if not form.validate_on_submit():
            return self.response(semester, row_errors={row_id: next(iter(form.errors.values()))[0]})
        try:
            self.save(semester, form, row)
            db.session.commit()
            return self.response(semester)
        except RuleBroken as error:
            db.session.rollback()
            return self.response(semester, row_errors={row_id: error.message})


def _save_room(semester: Semester, form: RoomForm, room: LessonRoom | None = None):
    if room is None:
        return save_room(semester, form.name.data, form.seats.data)
    return save_room(semester, form.name.data, form.seats.data, room=room, is_active=form.is_active.data)


def _save_rubric_item(semester: Semester, form: RubricItemForm, item: RubricItem | None = None):
    if item is None:
        return save_rubric_item(semester, form.name.data)
    return save_rubric_item(semester, form.name.data, item=item, position=form.position.data, is_active=form.is_active.data)


ROOMS = _ListSection(
    model=LessonRoom, form_class=RoomForm, template="open_lessons/_rooms.html", anchor="#rooms", saved="教室已保存。",
    rows_key="rooms", form_key="room_form", rows=rooms_of, save=_save_room,
)
RUBRIC = _ListSection(
    model=RubricItem, form_class=RubricItemForm, template="open_lessons/_rubric.html", anchor="#rubric",
    saved="评分表已保存。", rows_key="rubric", form_key="item_form",
    rows=lambda semester: rubric_of(semester, active_only=False), save=_save_rubric_item,
)


@bp.post("/semesters/<int:semester_id>/rooms")
@admin_required
def room_add(semester_id: int):
    """Add a room with its seats for observers."""
    return ROOMS.add(semester_id)


@bp.post("/semesters/<int:semester_id>/rooms/<int:room_id>")
@admin_required
def room_edit(semester_id: int, room_id: int):
    """Rename a room, change its seats, retire or restore it (lessons already declared keep their seats)."""
    return ROOMS.edit(semester_id, room_id)


@bp.post("/semesters/<int:semester_id>/rubric")
@admin_required
def rubric_add(semester_id: int):
    """Add a rubric item at the end."""
    return RUBRIC.add(semester_id)


@bp.post("/semesters/<int:semester_id>/rubric/<int:item_id>")
@admin_required
def rubric_edit(semester_id: int, item_id: int):
    """Rename, reorder, retire or restore a rubric item (feedback already written keeps its scores)."""
    return RUBRIC.edit(semester_id, item_id)
