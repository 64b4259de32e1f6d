"""Taking part: sign up and cancel, answer an invitation, the teacher's invitations, and the live badge."""
from __future__ import annotations

from flask import abort, flash, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.access import login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import is_htmx, redirect_to, trigger
from blueprints.open_lessons.forms import InviteForm
from blueprints.open_lessons.models import CONFIRMED, DECLINED, INVITED, LessonObserver, OpenLesson
from blueprints.open_lessons.services import UPCOMING, RuleBroken, cancel, invite, respond, row_for, sign_up, withdraw_invitation

from . import bp
from .common import context_of, load_lesson, may_manage, now, require_manager

#: Confirmed first, then open invitations, then those who declined.
_STATUS_ORDER = case({CONFIRMED: 0, INVITED: 1, DECLINED: 2}, value=LessonObserver.status)


def changed(response, lesson: OpenLesson):
    """Tell the page that the lesson's observers changed, so its badge and lists fetch themselves again."""
    return trigger(response, f"lesson-{lesson.id}-changed")


def observer_rows(lesson: OpenLesson) -> list[LessonObserver]:
    """Everyone invited to or signed up for the lesson, with their names (two queries)."""
    return list(
        db.session.scalars(
            select(LessonObserver)
            .where(LessonObserver.lesson_id == lesson.id)
            .options(selectinload(LessonObserver.staff))
            .order_by(_STATUS_ORDER, LessonObserver.created_at, LessonObserver.id)
        )
    )


def _signup_box(lesson: OpenLesson, error: str | None = None, done: str | None = None):
    """The sign-up box of one lesson, as it now stands for the current user, saying what just happened."""
    ctx = context_of(lesson)
    row = row_for(lesson, ctx.settings, current_user, now())
    return render_template("open_lessons/_signup.html", row=row, error=error, done=done)


def _take_part(lesson_id: int, action, done: str):
    """Run one sign-up action; htmx gets the box back (with the reason when refused), a form post a redirect."""
    lesson = load_lesson(lesson_id)
    error = None
    try:
        action(lesson)
        db.session.commit()
    except RuleBroken as broken:
        db.session.rollback()
        error = broken.message
    except IntegrityError:  # the same person twice at the same moment: the unique index held
        db.session.rollback()
        error = "操作太快了，请刷新后再试。"
    if request.form.get("from") == "home" and is_htmx():
        response = render_template("open_lessons/_invitation_done.html", lesson=lesson, error=error, done=done)
        return changed(make_response(response), lesson)
    if is_htmx():
        return changed(make_response(_signup_box(lesson, error, None if error else done)), lesson)
    flash(error or done, "error" if error else "success")
    return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))


@bp.post("/<int:lesson_id>/signup")
@login_required
def signup(lesson_id: int):
    """Sign up to observe while seats last (not one's own lesson, not two in one period)."""
    me = current_user._get_current_object()
    return _take_part(lesson_id, lambda lesson: sign_up(lesson, me, now=now()), "已报名听课。")


@bp.post("/<int:lesson_id>/cancel")
@login_required
def cancel_signup(lesson_id: int):
    """Give up one's seat before the lesson starts."""
    me = current_user._get_current_object()
    return _take_part(lesson_id, lambda lesson: cancel(lesson, me, now=now()), "已取消报名。")


@bp.post("/<int:lesson_id>/respond")
@login_required
def answer(lesson_id: int):
    """Accept or decline an invitation (from the home page or the lesson's page)."""
    me = current_user._get_current_object()
    decision = request.form.get("decision")

    def act(lesson: OpenLesson) -> None:
        if decision not in ("accept", "decline"):  # never read a missing answer as a refusal
            raise RuleBroken("请点“接受”或“婉拒”回复邀请。")
        respond(lesson, me, accept=decision == "accept", now=now())

    return _take_part(lesson_id, act, "已接受邀请，到时请准时听课。" if decision == "accept" else "已婉拒邀请。")


@bp.get("/<int:lesson_id>/badge")
@login_required
def badge(lesson_id: int):
    """The observer-count badge alone, fetched again when the page hears the lesson changed."""
    lesson = load_lesson(lesson_id)
    row = row_for(lesson, context_of(lesson).settings, current_user, now())
    return render_template("open_lessons/_badge.html", row=row)


def _observers_section(lesson: OpenLesson, form: InviteForm | None = None):
    row = row_for(lesson, context_of(lesson).settings, current_user, now())
    return render_template(
        "open_lessons/_observers.html",
        lesson=lesson,
        row=row,
        observers=observer_rows(lesson),
        may_manage=may_manage(lesson),
        upcoming=row.phase == UPCOMING,
        invite_form=form or InviteForm(formdata=None),
    )


@bp.get("/<int:lesson_id>/observers")
@login_required
def observers(lesson_id: int):
    """The observer list alone (refreshed in place after sign-ups)."""
    return _observers_section(load_lesson(lesson_id))


@bp.post("/<int:lesson_id>/invitations")
@login_required
def invite_colleague(lesson_id: int):
    """The teacher (or the admin) invites a colleague found with the colleague search."""
    lesson = load_lesson(lesson_id)
    require_manager(lesson)
    form = InviteForm()
    if form.validate_on_submit():
        invitee = db.session.get(Staff, parse_id(form.staff_id.data)) if parse_id(form.staff_id.data) else None
        if invitee is None:
            form.staff_id.errors.append("找不到这位同事，请重新搜索选择。")
        else:
            try:
                invite(lesson, invitee, inviter=current_user._get_current_object(), now=now())
                db.session.commit()
            except RuleBroken as error:
                db.session.rollback()
                form.staff_id.errors.append(error.message)
            except IntegrityError:
                db.session.rollback()
                form.staff_id.errors.append("已邀请过这位同事。")
            else:
                if not is_htmx():
                    flash(f"已邀请{invitee.name}。", "success")
                    return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
                return changed(make_response(_observers_section(lesson)), lesson)
    if not is_htmx():
        flash(form.staff_id.errors[0] if form.staff_id.errors else "请先搜索并选择一位同事。", "error")
        return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    return _observers_section(lesson, form)


@bp.route("/<int:lesson_id>/invitations/<int:staff_id>", methods=["DELETE", "POST"])
@login_required
def withdraw_invite(lesson_id: int, staff_id: int):
    """The teacher takes back an invitation not (yet) accepted (htmx DELETE; POST without JavaScript)."""
    lesson = load_lesson(lesson_id)
    require_manager(lesson)
    invitee = db.session.get(Staff, staff_id) or abort(404)
    message = None
    try:
        withdraw_invitation(lesson, invitee)
        db.session.commit()
    except RuleBroken as error:
        db.session.rollback()
        message = error.message
    if not is_htmx():
        flash(message or f"已撤回对{invitee.name}的邀请。", "error" if message else "success")
        return redirect_to(url_for("open_lessons.detail", lesson_id=lesson.id))
    form = InviteForm(formdata=None)
    if message:
        form.staff_id.errors = [message]
    return _observers_section(lesson, form)
