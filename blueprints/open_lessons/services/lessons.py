"""Declaring, changing and withdrawing a lesson, and what state a lesson is in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import SUBJECTS, Semester, Staff
from blueprints.open_lessons.models import CONFIRMED, LessonObserver, LessonRoom, LessonSettings, OpenLesson

from .errors import RuleBroken
from .settings import declaration_open, timetable

#: Office and support staff give no lessons, so they declare none and owe no observations.
NON_TEACHING_SUBJECTS = ("行政", "后勤")
TEACHING_SUBJECTS = [s for s in SUBJECTS if s not in NON_TEACHING_SUBJECTS]

UPCOMING, ONGOING, HELD, COMPLETED = "upcoming", "ongoing", "held", "completed"
PHASE_LABELS = {UPCOMING: "待上课", ONGOING: "上课中", HELD: "已上课", COMPLETED: "已完成"}


@dataclass(frozen=True)
class LessonDetails:
    """What the teacher fills in when declaring or changing a lesson."""

    subject: str
    class_name: str
    topic: str
    lesson_date: date
    period: int | None
    room_id: int | None
    plan: str = ""


@dataclass(frozen=True)
class Progress:
    """Confirmed observers against the minimum and the seats: "3/5 待邀请" until the minimum, then "已达标"."""

    confirmed: int
    minimum: int
    seats: int

    @property
    def reached(self) -> bool:
        return self.confirmed >= self.minimum

    @property
    def label(self) -> str:
        return "已达标" if self.reached else f"{self.confirmed}/{self.minimum} 待邀请"

    @property
    def seats_left(self) -> int:
        return max(self.seats - self.confirmed, 0)


def phase_of(lesson: OpenLesson, now: datetime, *, feedback_count: int, min_observers: int) -> str:
    """Upcoming, ongoing, held, or completed: held, at least the minimum gave feedback, and reflected on."""
    if now < lesson.starts_at:
        return UPCOMING
    if now < lesson.ends_at:
        return ONGOING
    if feedback_count >= min_observers and lesson.reflection.strip():
        return COMPLETED
    return HELD


def confirmed_count(lesson: OpenLesson) -> int:
    """Confirmed observers of one lesson, counted in the database (fresh, also under a lock)."""
    return db.session.scalar(
        select(func.count()).where(LessonObserver.lesson_id == lesson.id, LessonObserver.status == CONFIRMED)
    )


def lesson_of(semester: Semester, teacher: Staff) -> OpenLesson | None:
    """The teacher's lesson in the semester, if declared."""
    return db.session.scalar(
        select(OpenLesson).where(OpenLesson.semester_id == semester.id, OpenLesson.teacher_id == teacher.id)
    )


def teaching_clash(person_id: int, day: date, period: int, *, except_lesson_id: int | None = None) -> OpenLesson | None:
    """The open lesson this person gives on that day and period, if any."""
    statement = select(OpenLesson).where(
        OpenLesson.teacher_id == person_id, OpenLesson.lesson_date == day, OpenLesson.period == period
    )
    if except_lesson_id is not None:
        statement = statement.where(OpenLesson.id != except_lesson_id)
    return db.session.scalars(statement).first()


def observing_clash(person_id: int, day: date, period: int, *, except_lesson_id: int | None = None) -> OpenLesson | None:
    """Another lesson this person is confirmed to observe on that day and period, if any."""
    statement = (
        select(OpenLesson)
        .join(LessonObserver, LessonObserver.lesson_id == OpenLesson.id)
        .where(
            LessonObserver.staff_id == person_id,
            LessonObserver.status == CONFIRMED,
            OpenLesson.lesson_date == day,
            OpenLesson.period == period,
        )
    )
    if except_lesson_id is not None:
        statement = statement.where(OpenLesson.id != except_lesson_id)
    return db.session.scalars(statement).first()


def declare_lesson(
    semester: Semester, settings: LessonSettings, teacher: Staff, details: LessonDetails, *, now: datetime, by_admin: bool
) -> OpenLesson:
    """Declare the teacher's lesson for the semester; only the admin may do so outside the window."""
    if not by_admin and not declaration_open(settings, now.date()):
        raise RuleBroken(
            f"申报时间为 {settings.declare_from:%Y-%m-%d} 至 {settings.declare_until:%Y-%m-%d}，现在不在申报期内。"
        )
    if not teacher.is_active_member:
        raise RuleBroken("这位教师的账号已停用。")
    if lesson_of(semester, teacher) is not None:
        raise RuleBroken(f"{teacher.name}本学期已申报过公开课，每学期申报一节。")
    lesson = OpenLesson(semester_id=semester.id, teacher_id=teacher.id, teacher=teacher, created_at=now)
    _apply(semester, lesson, details, now=now, by_admin=by_admin)
    db.session.add(lesson)
    db.session.flush()
    return lesson


def change_lesson(lesson: OpenLesson, details: LessonDetails, *, now: datetime, by_admin: bool) -> OpenLesson:
    """Change a lesson before it starts (the admin: at any time); the observers must still fit the new slot."""
    if not by_admin and now >= lesson.starts_at:
        raise RuleBroken("课已开始，不能再修改。")
    semester = db.session.get(Semester, lesson.semester_id)
    _apply(semester, lesson, details, now=now, by_admin=by_admin)
    db.session.flush()
    return lesson


def withdraw_lesson(lesson: OpenLesson, *, now: datetime, by_admin: bool) -> None:
    """Withdraw a lesson before it starts (the admin: at any time); its invitations and sign-ups go with it."""
    if not by_admin and now >= lesson.starts_at:
        raise RuleBroken("课已开始，不能撤销。")
    db.session.delete(lesson)
    db.session.flush()


def _apply(semester: Semester, lesson: OpenLesson, details: LessonDetails, *, now: datetime, by_admin: bool) -> None:
    """Check the details against the rules and copy them onto the lesson."""
    if details.subject not in TEACHING_SUBJECTS:
        raise RuleBroken("请选择学科。", "subject")
    if not semester.contains(details.lesson_date):
        raise RuleBroken(
            f"日期必须在本学期（{semester.start_date:%Y-%m-%d} 至 {semester.end_date:%Y-%m-%d}）之内。", "lesson_date"
        )
    table = timetable(semester)
    if not table.has(details.period):
        numbers = sorted(table.periods)
        span = f"第 {numbers[0]}–{numbers[-1]} 节" if numbers else "已设置的节次"
        raise RuleBroken(f"没有这一节，请在{span}中选择。", "period")
    room = db.session.get(LessonRoom, details.room_id) if details.room_id else None
    if room is None or room.semester_id != semester.id or (not room.is_active and room.id != lesson.room_id):
        raise RuleBroken("请选择一间教室。", "room_id")
    starts_at, ends_at = table.start_end(details.lesson_date, details.period)
    if not by_admin and starts_at <= now:
        raise RuleBroken("上课时间必须在现在之后。", "lesson_date")
    taken = db.session.scalars(
        select(OpenLesson).where(
            OpenLesson.room_id == room.id,
            OpenLesson.lesson_date == details.lesson_date,
            OpenLesson.period == details.period,
            OpenLesson.id != (lesson.id or 0),
        )
    ).first()
    if taken is not None:
        raise RuleBroken(f"{room.name}在这一节已安排了《{taken.topic}》，请换一间教室或换一节。", "room_id")
    watching = observing_clash(lesson.teacher_id, details.lesson_date, details.period, except_lesson_id=lesson.id)
    if watching is not None:
        raise RuleBroken(f"授课教师这一节已报名听《{watching.topic}》，请换一节或先取消听课。", "period")
    if lesson.id is not None:
        _check_observers_fit(lesson, details, room)
    lesson.subject, lesson.class_name, lesson.topic = details.subject, details.class_name, details.topic
    lesson.lesson_date, lesson.period, lesson.plan = details.lesson_date, details.period, details.plan
    lesson.room_id, lesson.room, lesson.seats = room.id, room, room.seats
    lesson.starts_at, lesson.ends_at = starts_at, ends_at


def _check_observers_fit(lesson: OpenLesson, details: LessonDetails, room: LessonRoom) -> None:
    """On a change: the confirmed observers fit in the room and are free in the new period."""
    observers = list(
        db.session.scalars(
            select(LessonObserver).where(LessonObserver.lesson_id == lesson.id, LessonObserver.status == CONFIRMED)
        )
    )
    if len(observers) > room.seats:
        raise RuleBroken(f"{room.name}只有 {room.seats} 个座位，已有 {len(observers)} 位同事确认听课。", "room_id")
    if (details.lesson_date, details.period) == (lesson.lesson_date, lesson.period):
        return
    busy = []
    for row in observers:
        if observing_clash(row.staff_id, details.lesson_date, details.period, except_lesson_id=lesson.id) or teaching_clash(
            row.staff_id, details.lesson_date, details.period
        ):
            busy.append(db.session.get(Staff, row.staff_id).name)
    if busy:
        raise RuleBroken(f"已确认听课的{'、'.join(busy)}在新的时间另有安排，请换一节。", "period")
