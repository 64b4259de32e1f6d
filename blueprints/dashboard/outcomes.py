"""The model's outcomes over a period, counted in the database: a fixed number of aggregate queries,
whatever the number of pairings, lessons, events, awards or people."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, case, func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.events.models import CANCELLED, Attendance, Event
from blueprints.honours.models import ESSAY_CATEGORY, PRIZE_GRADES, TITLE_CATEGORY, Award
from blueprints.honours.queries import prize_counts
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson
from blueprints.open_lessons.services.settings import MIN_OBSERVERS
from blueprints.pairings.models import Pairing

from .periods import Period

#: Political statuses of people on the way into the Party, and of those admitted within the last year.
APPLICANT_STATUSES = ("入党积极分子", "发展对象")
PROBATIONARY = "预备党员"


@dataclass
class Outcomes:
    period: Period
    pairings: Counter = field(default_factory=Counter)  #: state → pairings
    lessons: dict[str, int] = field(default_factory=dict)  #: declared, held, complete, observations, feedback
    events: dict[str, int] = field(default_factory=dict)  #: held, attendances, people
    teacher_prizes: list[tuple[str, int]] = field(default_factory=list)  #: ("县级一等奖", 7)
    group_prizes: list[tuple[str, int]] = field(default_factory=list)
    titles: list[tuple[str, int]] = field(default_factory=list)  #: ("市级名师", 1)
    essays: int = 0
    pupil_other: int = 0


def pairing_counts(periods: list[Period]) -> dict[str, Counter]:
    """Pairings by state for each period's semesters (one query for all periods)."""
    ids = {i for p in periods for i in p.semester_ids}
    rows = db.session.execute(
        select(Pairing.semester_id, Pairing.state, func.count()).where(Pairing.semester_id.in_(ids or {-1}))
        .group_by(Pairing.semester_id, Pairing.state)
    ).all()
    result = {}
    for period in periods:
        counted = Counter()
        for semester_id, state, n in rows:
            if semester_id in period.semester_ids:
                counted[state] += n
        result[period.key] = counted
    return result


def lesson_counts(period: Period, now_local: datetime) -> dict[str, int]:
    """Open lessons given in the period: declared, held, complete (enough feedback and a reflection),
    confirmed observers of the held ones, and feedback written (one query)."""
    feedback = (select(LessonFeedback.lesson_id, func.count().label("n")).group_by(LessonFeedback.lesson_id)).subquery()
    observers = (
        select(LessonObserver.lesson_id, func.count().label("n")).where(LessonObserver.status == CONFIRMED)
        .group_by(LessonObserver.lesson_id)
    ).subquery()
    held = OpenLesson.ends_at <= now_local
    given = func.coalesce(feedback.c.n, 0)
    complete = and_(held, given >= func.coalesce(LessonSettings.min_observers, MIN_OBSERVERS),
                    func.length(func.trim(OpenLesson.reflection)) > 0)
    start, end = period.local_bounds
    row = db.session.execute(
        select(
            func.count(OpenLesson.id),
            func.coalesce(func.sum(case((held, 1), else_=0)), 0),
            func.coalesce(func.sum(case((complete, 1), else_=0)), 0),
            func.coalesce(func.sum(case((held, func.coalesce(observers.c.n, 0)), else_=0)), 0),
            func.coalesce(func.sum(given), 0),
        )
        .select_from(OpenLesson)
        .outerjoin(feedback, feedback.c.lesson_id == OpenLesson.id)
        .outerjoin(observers, observers.c.lesson_id == OpenLesson.id)
        .outerjoin(LessonSettings, LessonSettings.semester_id == OpenLesson.semester_id)
        .where(OpenLesson.starts_at >= start, OpenLesson.starts_at < end)
    ).one()
    return dict(zip(("declared", "held", "complete", "observations", "feedback"), (int(v) for v in row)))


def event_counts(period: Period, now_utc: datetime) -> dict[str, int]:
    """Events that took place in the period (not cancelled, over), sign-ins at them, and the people who came."""
    start, end = period.utc_bounds
    took_place = and_(Event.status != CANCELLED, Event.starts_at >= start, Event.starts_at < end, Event.ends_at <= now_utc)
    held, attendances, people = db.session.execute(
        select(func.count(func.distinct(Event.id)), func.count(Attendance.id), func.count(func.distinct(Attendance.staff_id)))
        .select_from(Event).outerjoin(Attendance, Attendance.event_id == Event.id).where(took_place)
    ).one()
    return {"held": held, "attendances": attendances, "people": people}


def honour_counts(period: Period, outcomes: Outcomes) -> None:
    """Prizes by level and grade (teachers, groups), titles by name, pupils' essays (one query)."""
    title_name = case((Award.category == TITLE_CATEGORY, Award.title), else_="")
    rows = db.session.execute(
        select(Award.recipient_kind, Award.category, Award.level, Award.grade, title_name, func.count())
        .where(Award.awarded_on.between(period.start, period.end))
        .group_by(Award.recipient_kind, Award.category, Award.level, Award.grade, title_name)
    ).all()
    teacher, group, titles = Counter(), Counter(), Counter()
    for kind, category, level, grade, title, n in rows:
        if kind == "pupil":
            if category == ESSAY_CATEGORY:
                outcomes.essays += n
            else:
                outcomes.pupil_other += n
        elif category == TITLE_CATEGORY and grade not in PRIZE_GRADES:
            titles[title] += n
        elif kind == "group":
            group[(level, grade)] += n
        else:
            teacher[(level, grade)] += n
    outcomes.teacher_prizes = prize_counts([(lv, gr, n) for (lv, gr), n in teacher.items()])
    outcomes.group_prizes = prize_counts([(lv, gr, n) for (lv, gr), n in group.items()])
    outcomes.titles = sorted(titles.items(), key=lambda item: (-item[1], item[0]))


def party_counts() -> dict[str, int]:
    """Active staff by Party-joining status now: 入党积极分子, 发展对象, 预备党员 (one query)."""
    rows = db.session.execute(
        select(Staff.political_status, func.count()).where(
            Staff.is_active_member.is_(True), Staff.political_status.in_(APPLICANT_STATUSES + (PROBATIONARY,))
        ).group_by(Staff.political_status)
    ).all()
    counted = dict(rows)
    return {status: counted.get(status, 0) for status in APPLICANT_STATUSES + (PROBATIONARY,)}


def outcomes_for(periods: list[Period], *, now_utc: datetime, now_local: datetime) -> list[Outcomes]:
    """Every figure of the admin's dashboard for each period."""
    pairings = pairing_counts(periods)
    result = []
    for period in periods:
        outcomes = Outcomes(period, pairings[period.key])
        outcomes.lessons = lesson_counts(period, now_local)
        outcomes.events = event_counts(period, now_utc)
        honour_counts(period, outcomes)
        result.append(outcomes)
    return result
