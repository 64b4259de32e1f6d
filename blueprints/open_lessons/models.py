"""Open lessons (公开课): each semester's settings, the lessons, their observers and the feedback they write.

Datetimes here are naive school-local time (China Standard Time): the services stamp them with the `now`
they are given, so lesson times, sign-ups and feedback compare on one clock."""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Semester, Staff, utcnow

#: The school day has periods (节次) 1 to PERIOD_COUNT.
PERIOD_COUNT = 8

#: What an observer row says about a person and a lesson.
INVITED, CONFIRMED, DECLINED = "invited", "confirmed", "declined"
OBSERVER_STATUSES = {INVITED: "待回复", CONFIRMED: "已确认", DECLINED: "已婉拒"}


class LessonSettings(db.Model):
    """The admin's rules for one semester's open lessons."""

    __tablename__ = "lesson_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), unique=True)
    declare_from: Mapped[date] = mapped_column(Date)  #: first day teachers may declare
    declare_until: Mapped[date] = mapped_column(Date)  #: last day teachers may declare (inclusive)
    min_observers: Mapped[int] = mapped_column(Integer, default=5)  #: the school's rule: at least 5
    observe_target: Mapped[int] = mapped_column(Integer, default=4)  #: lessons each teacher should observe
    feedback_days: Mapped[int] = mapped_column(Integer, default=7)  #: days after the lesson to write feedback
    names_visible: Mapped[bool] = mapped_column(Boolean, default=True)  #: False: the teacher reads feedback anonymously

    semester: Mapped[Semester] = relationship()


class LessonPeriod(db.Model):
    """A period (节次) of the school day with its clock times, per semester (timetables change)."""

    __tablename__ = "lesson_period"
    __table_args__ = (UniqueConstraint("semester_id", "number", name="uq_lesson_period_semester_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)


class LessonRoom(db.Model):
    """A room open lessons are given in; seats are the places for observers."""

    __tablename__ = "lesson_room"
    __table_args__ = (UniqueConstraint("semester_id", "name", name="uq_lesson_room_semester_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    seats: Mapped[int] = mapped_column(Integer)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)  #: retired rooms keep their old lessons


class RubricItem(db.Model):
    """One line of the feedback rubric (教学目标, 教学过程 ...), rated 1–5."""

    __tablename__ = "rubric_item"
    __table_args__ = (UniqueConstraint("semester_id", "name", name="uq_rubric_item_semester_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)  #: retired items keep their old scores


class OpenLesson(db.Model):
    """A declared open lesson."""

    __tablename__ = "open_lesson"
    __table_args__ = (
        # A room holds one lesson per period, whatever the forms let through at the same moment.
        UniqueConstraint("room_id", "lesson_date", "period", name="uq_open_lesson_room_slot"),
        # One open lesson per teacher and semester (每学期每位教师申报一节).
        UniqueConstraint("semester_id", "teacher_id", name="uq_open_lesson_semester_teacher"),
        Index("ix_open_lesson_slot", "lesson_date", "period"),
        CheckConstraint(f"period BETWEEN 1 AND {PERIOD_COUNT}", name="period_range"),
        CheckConstraint("seats >= 1", name="seats_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    semester_id: Mapped[int] = mapped_column(ForeignKey("semester.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(20))
    class_name: Mapped[str] = mapped_column(String(20))  #: e.g. 四年级（3）班
    topic: Mapped[str] = mapped_column(String(60))
    lesson_date: Mapped[date] = mapped_column(Date)
    period: Mapped[int] = mapped_column(Integer)  #: 节次 number, 1..PERIOD_COUNT
    room_id: Mapped[int] = mapped_column(ForeignKey("lesson_room.id"), index=True)
    seats: Mapped[int] = mapped_column(Integer)  #: the room's seats when declared: the most observers allowed
    plan: Mapped[str] = mapped_column(Text, default="")  #: a short lesson plan (教学简案)
    #: Start and end from the period's clock times, kept so queries can compare with "now";
    #: updated when the admin changes the period times.
    starts_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    reflection: Mapped[str] = mapped_column(Text, default="")  #: 教学反思, written after the lesson
    reflected_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    teacher: Mapped[Staff] = relationship()
    room: Mapped[LessonRoom] = relationship()
    observers: Mapped[list["LessonObserver"]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", passive_deletes=True
    )
    feedback: Mapped[list["LessonFeedback"]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", passive_deletes=True
    )

    def __repr__(self) -> str:
        return f"<OpenLesson {self.id} {self.lesson_date} p{self.period}>"


class LessonObserver(db.Model):
    """A colleague invited to, or signed up for, a lesson; only confirmed ones take a seat."""

    __tablename__ = "lesson_observer"
    __table_args__ = (
        UniqueConstraint("lesson_id", "staff_id", name="uq_lesson_observer_lesson_staff"),
        Index("ix_lesson_observer_staff_status", "staff_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("open_lesson.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10), default=CONFIRMED)
    #: Who invited this person; None for a self sign-up.
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    responded_at: Mapped[datetime | None] = mapped_column(DateTime)

    lesson: Mapped[OpenLesson] = relationship(back_populates="observers")
    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])
    invited_by: Mapped[Staff | None] = relationship(foreign_keys=[invited_by_id])

    @property
    def status_label(self) -> str:
        return OBSERVER_STATUSES.get(self.status, self.status)


class LessonFeedback(db.Model):
    """An observer's written feedback (评课): rubric scores, strengths (亮点) and suggestions (建议)."""

    __tablename__ = "lesson_feedback"
    __table_args__ = (UniqueConstraint("lesson_id", "observer_id", name="uq_lesson_feedback_lesson_observer"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("open_lesson.id", ondelete="CASCADE"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    strengths: Mapped[str] = mapped_column(Text)
    suggestions: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    lesson: Mapped[OpenLesson] = relationship(back_populates="feedback")
    observer: Mapped[Staff] = relationship()
    scores: Mapped[list["FeedbackScore"]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", passive_deletes=True
    )


class FeedbackScore(db.Model):
    """One rubric item's score, 1 to 5, in one piece of feedback."""

    __tablename__ = "feedback_score"
    __table_args__ = (
        UniqueConstraint("feedback_id", "rubric_item_id", name="uq_feedback_score_feedback_item"),
        CheckConstraint("score BETWEEN 1 AND 5", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("lesson_feedback.id", ondelete="CASCADE"), index=True)
    rubric_item_id: Mapped[int] = mapped_column(ForeignKey("rubric_item.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)

    feedback: Mapped[LessonFeedback] = relationship(back_populates="scores")
    rubric_item: Mapped[RubricItem] = relationship()
