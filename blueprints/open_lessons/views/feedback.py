"""After the lesson: an observer's feedback (评课) and the teacher's reflection (教学反思)."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from flask_login import current_user

from app import db
from blueprints.core.access import login_required
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.open_lessons.forms import ReflectionForm, feedback_form_class
from blueprints.open_lessons.models import CONFIRMED
from blueprints.open_lessons.services import (
    RuleBroken,
    feedback_deadline,
    feedback_of,
    feedback_problem,
    row_of,
    rubric_of,
    write_feedback,
    write_reflection,
)

from . import bp
from .common import context_of, load_lesson, now, require_teacher


@bp.route("/<int:lesson_id>/feedback", methods=["GET", "POST"])
@login_required
def feedback(lesson_id: int):
    """A confirmed observer writes (or rewrites) feedback between the end of the lesson and the deadline."""
    lesson = load_lesson(lesson_id)
    me = current_user._get_current_object()
    mine = row_of(lesson, me)
    if mine is None or mine.status != CONFIRMED:
        abort(403)
    ctx = context_of(lesson)
    moment = now()
    existing = feedback_of(lesson, me)
    rubric = rubric_of(ctx.semester)
    form_class = feedback_form_class(rubric)
    form = form_class()
    if existing is not None and not form.is_submitted():
        form.strengths.data, form.suggestions.data = existing.strengths, existing.suggestions
        for score in existing.scores:
            field = form._fields.get(f"score_{score.rubric_item_id}")
            if field is not None:
                field.data = score.score
    blocked = feedback_problem(lesson, ctx.settings, me, moment)
    if not blocked and form.validate_on_submit():
        try:
            write_feedback(
                lesson, ctx.settings, me, scores=form.scores(), strengths=form.strengths.data,
                suggestions=form.suggestions.data, rubric=rubric, now=moment,
            )
            db.session.commit()
        except RuleBroken as error:
            db.session.rollback()
            target = form._fields.get(error.field) if error.field else None
            if target is not None:
                target.errors.append(error.message)
            else:
                form.form_errors.append(error.message)
        else:
            flash("评课已提交，谢谢您的指导。", "success")
            return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    return render_template(
        "open_lessons/feedback_form.html",
        lesson=lesson,
        form=form,
        blocked=blocked,
        existing=existing,
        deadline=feedback_deadline(lesson, ctx.settings),
    )


@bp.post("/<int:lesson_id>/reflection")
@login_required
def reflection(lesson_id: int):
    """The teacher writes or revises the reflection on their lesson."""
    lesson = load_lesson(lesson_id)
    require_teacher(lesson)
    form = ReflectionForm()
    saved = False
    if form.validate_on_submit():
        try:
            write_reflection(lesson, form.reflection.data, now=now())
            db.session.commit()
            saved = True
        except RuleBroken as error:
            db.session.rollback()
            form.reflection.errors.append(error.message)
    if not is_htmx():
        flash("教学反思已保存。" if saved else form.reflection.errors[0], "success" if saved else "error")
        return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    return render_template("open_lessons/_reflection.html", lesson=lesson, reflection_form=form, is_teacher=True, saved=saved)
