"""A teacher's own year in figures: lessons given and observed, feedback written, events attended,
pairings, honours. Five aggregate queries and one short list of awards, whatever the data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, or_, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.events.models import CANCELLED, Attendance, Event
from blueprints.honours.models import Award
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, OpenLesson
from blueprints.pairings.models import Pairing

from .periods import Period

#: Awards listed by name on the panel; more are counted and linked.
AWARDS_SHOWN = 5


@dataclass
class MyYear:
    period: Period
    lessons_given: int = 0
    lessons_declared: int = 0
    lessons_observed: int = 0
    feedback_written: int = 0
    events_attended: int = 0
    as_mentor: int = 0
    as_apprentice: int = 0
    awards: list[Award] = field(default_factory=list)
    award_count: int = 0
    pupils_guided: int = 0

    @property
    def empty(self) -> bool:
        return not any((self.lessons_declared, self.lessons_observed, self.feedback_written, self.events_attended,
                        self.as_mentor, self.as_apprentice, self.award_count, self.pupils_guided))


def my_year(person: Staff, period: Period, *, now_utc: datetime, now_local: datetime) -> MyYear:
    """The person's figures for the period."""
    year = MyYear(period)
    start, end = period.local_bounds
    in_period = and_(OpenLesson.starts_at >= start, OpenLesson.starts_at < end)
    held = OpenLesson.ends_at <= now_local
    year.lessons_declared, year.lessons_given = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((held, 1), else_=0)), 0))
        .where(OpenLesson.teacher_id == person.id, in_period)
    ).one()
    year.lessons_observed = db.session.scalar(
        select(func.count()).select_from(LessonObserver).join(OpenLesson, OpenLesson.id == LessonObserver.lesson_id)
        .where(LessonObserver.staff_id == person.id, LessonObserver.status == CONFIRMED, in_period, held)
    )
    year.feedback_written = db.session.scalar(
        select(func.count()).select_from(LessonFeedback).join(OpenLesson, OpenLesson.id == LessonFeedback.lesson_id)
        .where(LessonFeedback.observer_id == person.id, in_period)
    )
    utc_start, utc_end = period.utc_bounds
    year.events_attended = db.session.scalar(
        select(func.count()).select_from(Attendance).join(Event, Event.id == Attendance.event_id)
        .where(Attendance.staff_id == person.id, Event.status != CANCELLED, Event.starts_at >= utc_start,
               Event.starts_at < utc_end)
    )
    year.as_mentor, year.as_apprentice = (int(v) for v in db.session.execute(
        select(
            func.coalesce(func.sum(case((Pairing.mentor_id == person.id, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Pairing.apprentice_id == person.id, 1), else_=0)), 0),
        ).where(
            Pairing.semester_id.in_(period.semester_ids or (-1,)), Pairing.state.in_(("active", "completed")),
            or_(Pairing.mentor_id == person.id, Pairing.apprentice_id == person.id),
        )
    ).one())
    awards = list(db.session.scalars(
        select(Award).where(Award.staff_id == person.id, Award.awarded_on.between(period.start, period.end))
        .order_by(Award.awarded_on.desc(), Award.id.desc())
    ))
    own = [a for a in awards if a.recipient_kind == "teacher"]
    year.awards, year.award_count = own[:AWARDS_SHOWN], len(own)
    year.pupils_guided = sum(a.recipient_kind == "pupil" for a in awards)
    return year
