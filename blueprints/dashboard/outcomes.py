"""The model's outcomes over a period, counted in the database: named scalars (asked for in one query, on the
home page together with the other panels' figures) and one grouped query of awards, whatever the data."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from app import db
from blueprints.core.features import run_figures
from blueprints.accounts.models import Staff
from blueprints.events.models import CANCELLED, Attendance, Event
from blueprints.honours.models import ESSAY_CATEGORY, PRIZE_GRADES, TITLE_CATEGORY, Award
from blueprints.honours.queries import prize_counts
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson
from blueprints.open_lessons.services.settings import MIN_OBSERVERS
from blueprints.pairings.models import STATES, Pairing

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


def pairing_figures(period: Period) -> dict[str, Any]:
    """Pairings by state for the period's semesters, one scalar per state."""
    ids = period.semester_ids or (-1,)
    return {
        f"dash_{period.key}_pairings_{state}": select(func.count()).select_from(Pairing)
        .where(Pairing.semester_id.in_(ids), Pairing.state == state).scalar_subquery()
        for state in STATES
    }


def lesson_figures(period: Period, now_local: datetime) -> dict[str, Any]:
    """Open lessons given in the period: declared, held, complete (enough feedback and a reflection), confirmed
    observers of the held ones, and feedback written; one scalar each."""
    # Counted per lesson of the period through the lesson_id indexes, not grouped over the whole tables: the
    # cost follows the period's lessons, not ten years of feedback.
    given = select(func.count()).where(LessonFeedback.lesson_id == OpenLesson.id).correlate(OpenLesson).scalar_subquery()
    seen = (
        select(func.count()).where(LessonObserver.lesson_id == OpenLesson.id, LessonObserver.status == CONFIRMED)
        .correlate(OpenLesson).scalar_subquery()
    )
    held = OpenLesson.ends_at <= now_local
    complete = and_(held, given >= func.coalesce(LessonSettings.min_observers, MIN_OBSERVERS),
                    func.length(func.trim(OpenLesson.reflection)) > 0)
    start, end = period.local_bounds
    aggregates = {
        "declared": func.count(OpenLesson.id),
        "held": func.coalesce(func.sum(case((held, 1), else_=0)), 0),
        "complete": func.coalesce(func.sum(case((complete, 1), else_=0)), 0),
        "observations": func.coalesce(func.sum(case((held, seen), else_=0)), 0),
        "feedback": func.coalesce(func.sum(given), 0),
    }
    return {
        f"dash_{period.key}_lessons_{name}": select(aggregate)
        .select_from(OpenLesson)
        .outerjoin(LessonSettings, LessonSettings.semester_id == OpenLesson.semester_id)
        .where(OpenLesson.starts_at >= start, OpenLesson.starts_at < end)
        .scalar_subquery()
        for name, aggregate in aggregates.items()
    }


def event_figures(period: Period, now_utc: datetime) -> dict[str, Any]:
    """Events that took place in the period (not cancelled, over), sign-ins at them, and the people who came."""
    start, end = period.utc_bounds
    took_place = and_(Event.status != CANCELLED, Event.starts_at >= start, Event.starts_at < end, Event.ends_at <= now_utc)
    aggregates = {
        "held": func.count(func.distinct(Event.id)),
        "attendances": func.count(Attendance.id),
        "people": func.count(func.distinct(Attendance.staff_id)),
    }
    return {
        f"dash_{period.key}_events_{name}": select(aggregate).select_from(Event)
        .outerjoin(Attendance, Attendance.event_id == Event.id).where(took_place).scalar_subquery()
        for name, aggregate in aggregates.items()
    }


def honour_counts(periods: list[Period]) -> dict[str, list[tuple]]:
    """Awards by kind, category, level, grade and title for each period (one query for all periods)."""
    if not periods:
        return {}
    title_name = case((Award.category == TITLE_CATEGORY, Award.title), else_="")
    within = {p.key: Award.awarded_on.between(p.start, p.end) for p in periods}
    rows = db.session.execute(
        select(Award.recipient_kind, Award.category, Award.level, Award.grade, title_name,
               *(func.coalesce(func.sum(case((condition, 1), else_=0)), 0) for condition in within.values()))
        .where(or_(*within.values()))
        .group_by(Award.recipient_kind, Award.category, Award.level, Award.grade, title_name)
    ).all()
    return {key: [(*row[:5], row[5 + i]) for row in rows if row[5 + i]] for i, key in enumerate(within)}


def _honours_into(outcomes: Outcomes, rows: list[tuple]) -> None:
    """Prizes by level and grade (teachers, groups), titles by name, pupils' essays."""
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


def party_figures() -> dict[str, Any]:
    """Active staff by Party-joining status now: 入党积极分子, 发展对象, 预备党员; one scalar each."""
    return {
        f"dash_party_{i}": select(func.count()).select_from(Staff)
        .where(Staff.is_active_member.is_(True), Staff.political_status == status).scalar_subquery()
        for i, status in enumerate(APPLICANT_STATUSES + (PROBATIONARY,))
    }


def party_from(values: dict[str, Any]) -> dict[str, int]:
    """The Party-joining counts out of `party_figures` values."""
    return {status: int(values[f"dash_party_{i}"]) for i, status in enumerate(APPLICANT_STATUSES + (PROBATIONARY,))}


def party_counts() -> dict[str, int]:
    """Active staff by Party-joining status now (one query)."""
    return party_from(run_figures(party_figures()))


def outcome_figures(periods: list[Period], *, now_utc: datetime, now_local: datetime) -> dict[str, Any]:
    """Every count of the admin's dashboard for each period, as named scalars (awards are counted apart)."""
    figures: dict[str, Any] = {}
    for period in periods:
        figures |= pairing_figures(period) | lesson_figures(period, now_local) | event_figures(period, now_utc)
    return figures


def outcomes_from(periods: list[Period], values: dict[str, Any]) -> list[Outcomes]:
    """The Outcomes of each period out of `outcome_figures` values, and the awards (one query)."""
    honours = honour_counts(periods)
    result = []
    for period in periods:
        prefix = f"dash_{period.key}_"
        outcomes = Outcomes(period, Counter({
            state: int(n) for state in STATES if (n := values[f"{prefix}pairings_{state}"])
        }))
        outcomes.lessons = {name: int(values[f"{prefix}lessons_{name}"]) for name in LESSON_FIGURES}
        outcomes.events = {name: int(values[f"{prefix}events_{name}"]) for name in EVENT_FIGURES}
        _honours_into(outcomes, honours[period.key])
        result.append(outcomes)
    return result


def outcomes_for(periods: list[Period], *, now_utc: datetime, now_local: datetime) -> list[Outcomes]:
    """Every figure of the admin's dashboard for each period (two queries)."""
    return outcomes_from(periods, run_figures(outcome_figures(periods, now_utc=now_utc, now_local=now_local)))


LESSON_FIGURES = ("declared", "held", "complete", "observations", "feedback")
EVENT_FIGURES = ("held", "attendances", "people")

