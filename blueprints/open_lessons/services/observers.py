"""Who observes a lesson: invitations, answers, self sign-up while seats last, cancelling before it starts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.locking import lock_rows
from blueprints.open_lessons.models import CONFIRMED, DECLINED, INVITED, LessonObserver, OpenLesson

from .errors import RuleBroken
from .lessons import confirmed_count, observing_clash, teaching_clash


def lock_lesson(lesson: OpenLesson, person: Staff) -> None:
    """Serialise everything that takes a seat of this lesson, so two people cannot both get the last one.

    The person is locked too (always first), so one person cannot take two lessons of one period at once.
    """
    lock_rows((Staff, person.id), (OpenLesson, lesson.id))


def row_of(lesson: OpenLesson, person: Staff) -> LessonObserver | None:
    """This person's invitation or sign-up for the lesson, read fresh from the database."""
    return db.session.scalars(
        select(LessonObserver)
        .where(LessonObserver.lesson_id == lesson.id, LessonObserver.staff_id == person.id)
        .execution_options(populate_existing=True)
    ).first()


def _check_open(lesson: OpenLesson, now: datetime, action: str) -> None:
    if now >= lesson.starts_at:
        raise RuleBroken(f"课已开始，不能再{action}。")


def _check_free(lesson: OpenLesson, person: Staff, *, who: str = "您") -> None:
    """The person is not the teacher, and neither teaches nor observes another lesson in that period."""
    if person.id == lesson.teacher_id:
        raise RuleBroken("不能听自己的公开课。" if who == "您" else "不能邀请授课教师本人。")
    if not person.is_active_member:
        raise RuleBroken(f"{who}的账号已停用。")
    own = teaching_clash(person.id, lesson.lesson_date, lesson.period, except_lesson_id=lesson.id)
    if own is not None:
        raise RuleBroken(f"{who}这一节要上自己的公开课《{own.topic}》。")
    other = observing_clash(person.id, lesson.lesson_date, lesson.period, except_lesson_id=lesson.id)
    if other is not None:
        raise RuleBroken(f"{who}这一节已报名听《{other.topic}》，同一节不能听两节课。")


def _check_seat(lesson: OpenLesson) -> None:
    if confirmed_count(lesson) >= lesson.seats:
        raise RuleBroken(f"座位已满（共 {lesson.seats} 座）。")


def sign_up(lesson: OpenLesson, person: Staff, *, now: datetime) -> LessonObserver:
    """Take a seat at the lesson (an open invitation counts as accepted)."""
    _check_open(lesson, now, "报名")
    _check_free(lesson, person)
    lock_lesson(lesson, person)
    row = row_of(lesson, person)
    if row is not None and row.status == CONFIRMED:
        raise RuleBroken("您已报名听这节课。")
    _check_free(lesson, person)  # again under the lock: a parallel sign-up of this person may have won
    _check_seat(lesson)
    if row is None:
        row = LessonObserver(lesson_id=lesson.id, staff_id=person.id, status=CONFIRMED, created_at=now, responded_at=now)
        db.session.add(row)
    else:
        row.status, row.responded_at = CONFIRMED, now
    db.session.flush()
    return row


def cancel(lesson: OpenLesson, person: Staff, *, now: datetime) -> None:
    """Give up one's seat before the lesson starts; an invitation is then marked declined."""
    row = row_of(lesson, person)
    if row is None or row.status != CONFIRMED:
        raise RuleBroken("您没有报名这节课。")
    _check_open(lesson, now, "取消")
    if row.invited_by_id is None:
        db.session.delete(row)
    else:
        row.status, row.responded_at = DECLINED, now
    db.session.flush()


def invite(lesson: OpenLesson, invitee: Staff, *, inviter: Staff, now: datetime) -> LessonObserver:
    """Invite a colleague; open invitations and confirmed observers together may not exceed the seats."""
    _check_open(lesson, now, "邀请")
    _check_free(lesson, invitee, who=invitee.name)
    lock_lesson(lesson, inviter)
    row = row_of(lesson, invitee)
    if row is not None and row.status == CONFIRMED:
        raise RuleBroken(f"{invitee.name}已在听课名单中。")
    if row is not None and row.status == INVITED:
        raise RuleBroken(f"已邀请过{invitee.name}，正在等待回复。")
    taken = db.session.scalar(
        select(func.count()).where(LessonObserver.lesson_id == lesson.id, LessonObserver.status.in_([CONFIRMED, INVITED]))
    )
    if taken >= lesson.seats:
        raise RuleBroken(f"座位已满（共 {lesson.seats} 座，含待回复的邀请），不能再邀请。")
    if row is None:
        row = LessonObserver(lesson_id=lesson.id, staff_id=invitee.id, created_at=now)
        db.session.add(row)
    row.status, row.invited_by_id, row.responded_at = INVITED, inviter.id, None
    db.session.flush()
    return row


def respond(lesson: OpenLesson, person: Staff, *, accept: bool, now: datetime) -> LessonObserver:
    """Accept (a seat is taken, the same rules as signing up) or decline an invitation."""
    row = row_of(lesson, person)
    if row is None or row.status != INVITED:
        raise RuleBroken("没有待回复的邀请。")
    _check_open(lesson, now, "回复")
    if not accept:
        row.status, row.responded_at = DECLINED, now
        db.session.flush()
        return row
    return sign_up(lesson, person, now=now)


def withdraw_invitation(lesson: OpenLesson, invitee: Staff) -> None:
    """The teacher takes back an invitation that was not accepted."""
    row = row_of(lesson, invitee)
    if row is None or row.status == CONFIRMED:
        raise RuleBroken("只能撤回未接受的邀请；已确认听课的同事请由本人取消。")
    db.session.delete(row)
    db.session.flush()
