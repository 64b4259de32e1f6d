"""A teacher's own year in figures: lessons given and observed, feedback written, events attended,
pairings, honours. Named scalars (one query; on the home page asked with the other panels' figures) and one
short list of awards, whatever the data."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, Integer, and_, bindparam, case, func, or_, select

from app import db
from blueprints.core.features import Figures, run_figures
from blueprints.accounts.models import Staff
from blueprints.events.models import CANCELLED, Attendance, Event
from blueprints.honours.models import Award
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, OpenLesson
from blueprints.pairings.models import Pairing

from .periods import Period

#: Awards listed by name on the panel; more are counted and linked.
AWARDS_SHOWN = 5


@dataclass(frozen=True)
class AwardLine:
    """An award as the panel names it (plain values: the panel is kept between requests)."""

    level_label: str
    summary: str
    awarded_on: date


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
    awards: list[AwardLine] = field(default_factory=list)
    award_count: int = 0
    pupils_guided: int = 0

    @property
    def empty(self) -> bool:
        return not any((self.lessons_declared, self.lessons_observed, self.feedback_written, self.events_attended,
                        self.as_mentor, self.as_apprentice, self.award_count, self.pupils_guided))


def my_year_figures(person: Staff, period: Period, *, now_local: datetime) -> Figures:
    """The person's counts for the period as named scalars."""
    (local_start, local_end), (utc_start, utc_end) = period.local_bounds, period.utc_bounds
    return Figures(_my_year_expressions(), {
        "mine_person": person.id, "mine_now_local": now_local,
        "mine_local_start": local_start, "mine_local_end": local_end, "mine_utc_start": utc_start, "mine_utc_end": utc_end,
        "mine_first_day": period.start, "mine_last_day": period.end, "mine_semesters": list(period.semester_ids or (-1,)),
    })


@cache
def _my_year_expressions() -> dict[str, Any]:
    """Built once (building them cost more than counting): the person, the period and the moment are bound."""
    person = bindparam("mine_person", type_=Integer)
    in_period = and_(OpenLesson.starts_at >= bindparam("mine_local_start", type_=DateTime),
                     OpenLesson.starts_at < bindparam("mine_local_end", type_=DateTime))
    held = OpenLesson.ends_at <= bindparam("mine_now_local", type_=DateTime)
    own_lessons = select().select_from(OpenLesson).where(OpenLesson.teacher_id == person, in_period)
    pairings = select().select_from(Pairing).where(
        Pairing.semester_id.in_(bindparam("mine_semesters", expanding=True)), Pairing.state.in_(("active", "completed")),
        or_(Pairing.mentor_id == person, Pairing.apprentice_id == person),
    )
    awards = select(func.count()).select_from(Award).where(
        Award.staff_id == person,
        Award.awarded_on.between(bindparam("mine_first_day", type_=Date), bindparam("mine_last_day", type_=Date)))
    return {
        "mine_lessons_declared": own_lessons.add_columns(func.count()).scalar_subquery(),
        "mine_lessons_given": own_lessons.add_columns(func.coalesce(func.sum(case((held, 1), else_=0)), 0)).scalar_subquery(),
        "mine_lessons_observed": select(func.count()).select_from(LessonObserver)
        .join(OpenLesson, OpenLesson.id == LessonObserver.lesson_id)
        .where(LessonObserver.staff_id == person, LessonObserver.status == CONFIRMED, in_period, held)
        .scalar_subquery(),
        "mine_feedback_written": select(func.count()).select_from(LessonFeedback)
        .join(OpenLesson, OpenLesson.id == LessonFeedback.lesson_id)
        .where(LessonFeedback.observer_id == person, in_period).scalar_subquery(),
        "mine_events_attended": select(func.count()).select_from(Attendance).join(Event, Event.id == Attendance.event_id)
        .where(Attendance.staff_id == person, Event.status != CANCELLED,
               Event.starts_at >= bindparam("mine_utc_start", type_=DateTime),
               Event.starts_at < bindparam("mine_utc_end", type_=DateTime)).scalar_subquery(),
        "mine_as_mentor": pairings.add_columns(
            func.coalesce(func.sum(case((Pairing.mentor_id == person, 1), else_=0)), 0)).scalar_subquery(),
        "mine_as_apprentice": pairings.add_columns(
            func.coalesce(func.sum(case((Pairing.apprentice_id == person, 1), else_=0)), 0)).scalar_subquery(),
        "mine_award_count": awards.where(Award.recipient_kind == "teacher").scalar_subquery(),
        "mine_pupils_guided": awards.where(Award.recipient_kind == "pupil").scalar_subquery(),
    }


def my_year_from(person: Staff, period: Period, values: dict[str, Any]) -> MyYear:
    """The person's year out of `my_year_figures` values, and the awards to name (one query, only if any)."""
    year = MyYear(period)
    for name in ("lessons_declared", "lessons_given", "lessons_observed", "feedback_written", "events_attended",
                 "as_mentor", "as_apprentice", "award_count", "pupils_guided"):
        setattr(year, name, int(values[f"mine_{name}"]))
    if year.award_count:
        year.awards = [AwardLine(award.level_label, award.summary, award.awarded_on) for award in db.session.scalars(
            select(Award).where(Award.staff_id == person.id, Award.recipient_kind == "teacher",
                                Award.awarded_on.between(period.start, period.end))
            .order_by(Award.awarded_on.desc(), Award.id.desc()).limit(AWARDS_SHOWN)
        )]
    return year


def my_year(person: Staff, period: Period, *, now_utc: datetime, now_local: datetime) -> MyYear:
    """The person's figures for the period (one query, and one more to name their awards)."""
    return my_year_from(person, period, run_figures(my_year_figures(person, period, now_local=now_local)))
