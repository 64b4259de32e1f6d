"""Semesters (学年学期): their dates and which one is current."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from sqlalchemy import select

from app import db
from blueprints.accounts.forms import SemesterForm
from blueprints.accounts.models import Semester
from blueprints.accounts.services import make_current, semester_problem
from blueprints.core.access import admin_required
from blueprints.core.htmx import redirect_to

from . import bp


def _load(semester_id: int) -> Semester:
    semester = db.session.get(Semester, semester_id)
    if semester is None:
        abort(404)
    return semester


def _save(form: SemesterForm, semester: Semester) -> bool:
    """Validate the dates and name against the other semesters; store when they hold."""
    errors = semester_problem(form.name.data, form.start_date.data, form.end_date.data, except_id=semester.id)
    for field, message in errors.items():
        getattr(form, field).errors.append(message)
    if errors:
        return False
    semester.name = form.name.data
    semester.start_date = form.start_date.data
    semester.end_date = form.end_date.data
    if semester.id is None:
        db.session.add(semester)
        db.session.flush()
    if form.is_current.data:
        make_current(semester)
    return True


@bp.get("/semesters/")
@admin_required
def semester_index():
    """All semesters, newest first."""
    semesters = list(db.session.scalars(select(Semester).order_by(Semester.start_date.desc())))
    return render_template("accounts/semesters.html", semesters=semesters)


@bp.route("/semesters/new", methods=["GET", "POST"])
@admin_required
def semester_create():
    """Add a semester."""
    form = SemesterForm()
    if form.validate_on_submit() and _save(form, Semester(is_current=False)):
        db.session.commit()
        flash(f"已添加「{form.name.data}」。", "success")
        return redirect_to(url_for("accounts.semester_index"))
    return render_template("accounts/semester_form.html", form=form, semester=None)


@bp.route("/semesters/<int:semester_id>/edit", methods=["GET", "POST"])
@admin_required
def semester_edit(semester_id: int):
    """Change a semester's name or dates."""
    semester = _load(semester_id)
    form = SemesterForm(obj=semester)
    if form.validate_on_submit() and _save(form, semester):
        db.session.commit()
        flash("已保存。", "success")
        return redirect_to(url_for("accounts.semester_index"))
    return render_template("accounts/semester_form.html", form=form, semester=semester)


@bp.post("/semesters/<int:semester_id>/current")
@admin_required
def semester_make_current(semester_id: int):
    """Make this the current semester (the previous one stops being current)."""
    semester = _load(semester_id)
    make_current(semester)
    db.session.commit()
    flash(f"当前学期已设为「{semester.name}」。", "success")
    return redirect_to(url_for("accounts.semester_index"))
