"""The list of open lessons, declaring one, a lesson's page, changing and withdrawing it."""
from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.access import login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import redirect_to, render_page_or_partial
from blueprints.open_lessons.forms import InviteForm, LessonForm, ReflectionForm
from blueprints.open_lessons.services import (
    SCOPES,
    TEACHING_SUBJECTS,
    UPCOMING,
    LessonDetails,
    RuleBroken,
    change_lesson,
    declaration_open,
    declare_lesson,
    feedback_deadline,
    feedback_of,
    feedback_problem,
    feedback_summary,
    lesson_of,
    lesson_rows,
    rooms_of,
    row_for,
    timetable,
    withdraw_lesson,
)

from . import bp
from .common import context_of, load_lesson, may_manage, now, require_context, require_manager, teaches
from .observers import observer_rows

ROOM_TAKEN = "这间教室这一节刚被别的老师订走了，请换一间教室或换一节。"


@bp.get("/")
@login_required
def index():
    """The semester's open lessons, filtered by time and subject; sign up from the list."""
    ctx = require_context()
    scope = request.args.get("scope", "upcoming")
    scope = scope if scope in SCOPES else "upcoming"
    subject = request.args.get("subject", "")
    subject = subject if subject in TEACHING_SUBJECTS else ""
    moment = now()
    rows = lesson_rows(ctx.semester, ctx.settings, current_user, moment, scope=scope, subject=subject)
    own = lesson_of(ctx.semester, current_user)
    return render_page_or_partial(
        "open_lessons/index.html",
        "open_lessons/_lesson_list.html",
        ctx=ctx,
        rows=rows,
        scope=scope,
        scopes=SCOPES,
        subject=subject,
        subjects=TEACHING_SUBJECTS,
        own=own,
        may_declare=own is None and (current_user.is_admin or (teaches(current_user) and declaration_open(ctx.settings, moment.date()))),
    )


def _fill_choices(form: LessonForm, ctx, lesson=None) -> None:
    table = timetable(ctx.semester)
    form.period.choices = [SelectChoice("", "（请选择）")] + [SelectChoice(p.number, table.label(p.number)) for p in table.ordered()]
    rooms = [r for r in rooms_of(ctx.semester) if r.is_active or (lesson is not None and r.id == lesson.room_id)]
    form.room_id.choices = [SelectChoice("", "（请选择）")] + [SelectChoice(r.id, f"{r.name}（{r.seats} 座）") for r in rooms]


def _details(form: LessonForm) -> LessonDetails:
    return LessonDetails(
        subject=form.subject.data,
        class_name=form.class_name.data,
        topic=form.topic.data,
        lesson_date=form.lesson_date.data,
        period=form.period.data,
        room_id=form.room_id.data,
        plan=form.plan.data or "",
    )


def _attach(form: LessonForm, error: RuleBroken) -> None:
    """Put a rule's message beside its field, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = list(field.errors) + [error.message]
    else:
        form.form_errors.append(error.message)


def _teacher_for(form: LessonForm) -> Staff | None:
    """Whom the lesson is for: oneself, or (the admin only) the colleague picked in the form."""
    if not current_user.is_admin or not form.teacher_id.data:
        return current_user._get_current_object()
    picked = db.session.get(Staff, parse_id(form.teacher_id.data)) if parse_id(form.teacher_id.data) else None
    if picked is None or not picked.is_active_member:
        form.teacher_id.errors = ["找不到这位教师，请重新搜索选择。"]
        return None
    return picked


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    """Declare one's open lesson in the window (the admin: at any time, for any teacher)."""
    ctx = require_context()
    moment = now()
    form = LessonForm()
    if request.method == "GET":
        form.subject.data = current_user.subject if current_user.subject in TEACHING_SUBJECTS else ""
    _fill_choices(form, ctx)
    window_open = declaration_open(ctx.settings, moment.date())
    if form.validate_on_submit():
        teacher = _teacher_for(form)
        if teacher is not None:
            try:
                lesson = declare_lesson(
                    ctx.semester, ctx.settings, teacher, _details(form), now=moment, by_admin=current_user.is_admin
                )
                db.session.commit()
            except RuleBroken as error:
                db.session.rollback()
                _attach(form, error)
            except IntegrityError:
                db.session.rollback()
                _attach(form, RuleBroken(ROOM_TAKEN, "room_id"))
            else:
                flash("公开课已申报。请邀请至少 %d 位同事听课。" % ctx.settings.min_observers, "success")
                return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    return render_template("open_lessons/form.html", form=form, ctx=ctx, lesson=None, window_open=window_open)


@bp.get("/<int:lesson_id>")
@login_required
def detail(lesson_id: int):
    """A lesson's page: facts, plan, observers, sign-up, and after the lesson feedback and reflection."""
    lesson = load_lesson(lesson_id)
    ctx = context_of(lesson)
    moment = now()
    row = row_for(lesson, ctx.settings, current_user, moment)
    is_teacher = current_user.id == lesson.teacher_id
    summary = None
    if is_teacher or current_user.is_admin:
        summary = feedback_summary(lesson, ctx.settings, names=ctx.settings.names_visible or current_user.is_admin)
    return render_template(
        "open_lessons/detail.html",
        row=row,
        lesson=lesson,
        ctx=ctx,
        table=timetable(ctx.semester),
        is_teacher=is_teacher,
        may_manage=may_manage(lesson),
        observers=observer_rows(lesson),
        invite_form=InviteForm(),
        summary=summary,
        my_feedback=feedback_of(lesson, current_user) if row.my_status else None,
        feedback_blocked=feedback_problem(lesson, ctx.settings, current_user, moment) if row.my_status else None,
        deadline=feedback_deadline(lesson, ctx.settings),
        reflection_form=ReflectionForm(reflection=lesson.reflection),
        upcoming=row.phase == UPCOMING,
    )


@bp.route("/<int:lesson_id>/edit", methods=["GET", "POST"])
@login_required
def edit(lesson_id: int):
    """Change a lesson before it starts (its teacher), or at any time (the admin)."""
    lesson = load_lesson(lesson_id)
    require_manager(lesson)
    ctx = context_of(lesson)
    form = LessonForm(obj=lesson)
    _fill_choices(form, ctx, lesson)
    if form.validate_on_submit():
        try:
            change_lesson(lesson, _details(form), now=now(), by_admin=current_user.is_admin)
            db.session.commit()
        except RuleBroken as error:
            db.session.rollback()
            _attach(form, error)
        except IntegrityError:
            db.session.rollback()
            _attach(form, RuleBroken(ROOM_TAKEN, "room_id"))
        else:
            flash("已保存。", "success")
            return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    return render_template("open_lessons/form.html", form=form, ctx=ctx, lesson=lesson, window_open=True)


@bp.post("/<int:lesson_id>/withdraw")
@login_required
def withdraw(lesson_id: int):
    """Withdraw a lesson before it starts (its teacher), or at any time (the admin)."""
    lesson = load_lesson(lesson_id)
    require_manager(lesson)
    topic = lesson.topic
    try:
        withdraw_lesson(lesson, now=now(), by_admin=current_user.is_admin)
        db.session.commit()
    except RuleBroken as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect_to(url_for("open_lessons.detail", lesson_id=lesson_id))
    flash(f"已撤销公开课《{topic}》。", "success")
    return redirect_to(url_for("open_lessons.index"))
