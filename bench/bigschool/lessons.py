"""Open lessons of every semester: about three in four teachers declare one, colleagues observe (same
subject first), held lessons get scored feedback and the teacher's reflection; as the demo's seed_20, in bulk.

The rules the services enforce hold here too: one lesson per teacher and semester, one lesson per room and
period, nobody in two places in the same period, no more observers than seats."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from blueprints.open_lessons.models import (
    CONFIRMED, DECLINED, INVITED, FeedbackScore, LessonFeedback, LessonObserver, OpenLesson, RubricItem,
)
from blueprints.open_lessons.services import DEFAULT_PERIODS
from demo.seed_20_open_lessons import PERIOD_WEIGHTS, REFLECTIONS, SHARE_DECLARED, STRENGTHS, SUGGESTIONS, _topic

from .people import Member
from .rows import NOW_LOCAL, TODAY, Rows, Term, chance, school_days

PLAN = "1. 情境导入；2. 自主学习，小组交流；3. 精讲点拨，突破难点；4. 分层练习；5. 总结延伸。"


def add_lessons(rows: Rows, rng: random.Random, term: Term, members: list[Member],
                rooms: list[tuple[int, int]]) -> tuple[int, int]:
    """The semester's lessons for teachers who have none yet; returns (lessons, feedback) written."""
    session = rows.session
    declared = set(session.scalars(select(OpenLesson.teacher_id).where(OpenLesson.semester_id == term.id)))
    busy: set[tuple] = set()  # (day, period, person) and (day, period, room) already taken
    for lesson in session.scalars(select(OpenLesson).where(OpenLesson.semester_id == term.id)):
        busy.add((lesson.lesson_date, lesson.period, "room", lesson.room_id))
        busy.add((lesson.lesson_date, lesson.period, lesson.teacher_id))
        for observer in lesson.observers:
            busy.add((lesson.lesson_date, lesson.period, observer.staff_id))
    rubric = list(session.scalars(select(RubricItem.id).where(RubricItem.semester_id == term.id, RubricItem.is_active)))
    present = [m for m in members if m.here_on(term.start)]
    teachers = [m for m in present if m.teaches and m.id not in declared and chance(rng, SHARE_DECLARED)]
    by_subject: dict[str, list[Member]] = {}
    for person in present:
        if person.teaches:
            by_subject.setdefault(person.subject, []).append(person)
    days = school_days(term.start + timedelta(days=20), term.end - timedelta(days=25))
    lessons = feedback = 0
    for teacher in teachers:
        placed = _place(rng, days, rooms, teacher, busy)
        if placed is None:
            continue
        day, period, room_id, seats = placed
        start, end = (datetime.combine(day, t) for t in DEFAULT_PERIODS[period - 1])
        topic, class_name = _topic(rng, teacher)
        held = end < NOW_LOCAL
        recent = day >= TODAY - timedelta(days=7)
        reflected = held and chance(rng, 0.4 if recent else 0.88)
        reflection = rng.choice(REFLECTIONS).format(rng.choice(SUGGESTIONS).rstrip("。")) if reflected else ""
        lesson = rows.add(OpenLesson, semester_id=term.id, teacher_id=teacher.id, subject=teacher.subject,
                          class_name=class_name, topic=topic, lesson_date=day, period=period, room_id=room_id,
                          seats=seats, plan=PLAN, starts_at=start, ends_at=end, reflection=reflection,
                          reflected_at=min(end + timedelta(days=1), NOW_LOCAL) if reflected else None,
                          created_at=datetime.combine(term.start, datetime.min.time()),
                          updated_at=datetime.combine(term.start, datetime.min.time()))
        lessons += 1
        colleagues = by_subject.get(teacher.subject, []) + rng.sample(present, min(40, len(present)))
        seated = _observers(rows, rng, lesson, teacher, colleagues, seats, day, period, start, held, busy)
        if held:
            feedback += _review(rows, rng, lesson, end, seated, rubric, recent)
    return lessons, feedback


def _place(rng, days, rooms, teacher: Member, busy: set) -> tuple | None:
    """A day, period and room free for the teacher, or None after a few tries."""
    for _ in range(12):
        day = rng.choice(days)
        period = rng.choices(range(1, 9), PERIOD_WEIGHTS)[0]
        room_id, seats = rng.choice(rooms)
        if (day, period, "room", room_id) in busy or (day, period, teacher.id) in busy:
            continue
        busy.add((day, period, "room", room_id))
        busy.add((day, period, teacher.id))
        return day, period, room_id, seats
    return None


def _observers(rows, rng, lesson: int, teacher: Member, colleagues: list[Member], seats: int, day, period,
               start: datetime, held: bool, busy: set) -> list[Member]:
    """Confirmed observers (invited and accepted, or signed up), a few who declined, open invitations if ahead."""
    if held:
        want = rng.choice([3, 4]) if chance(rng, 0.08) else rng.randint(5, min(8, seats))
        pending = 0
    else:
        want = min(seats, rng.choice([0, 1, 2, 3, 4, 5, 5, 6, 7]))
        pending = rng.choice([0, 1, 2]) if want < 5 else 0
    before = start - timedelta(days=rng.randint(2, 9))
    seated, waiting, seen = [], 0, set()
    for person in colleagues:
        if len(seated) >= want and waiting >= pending:
            break
        if person.id in seen or person is teacher or (day, period, person.id) in busy:
            continue
        seen.add(person.id)
        if len(seated) >= want:
            if len(seated) + waiting < seats:
                rows.add(LessonObserver, lesson_id=lesson, staff_id=person.id, status=INVITED,
                         invited_by_id=teacher.id, created_at=before, responded_at=None)
                waiting += 1
            continue
        invited = chance(rng, 0.6)
        if invited and chance(rng, 0.06):
            rows.add(LessonObserver, lesson_id=lesson, staff_id=person.id, status=DECLINED,
                     invited_by_id=teacher.id, created_at=before, responded_at=before + timedelta(hours=5))
            continue
        busy.add((day, period, person.id))
        rows.add(LessonObserver, lesson_id=lesson, staff_id=person.id, status=CONFIRMED,
                 invited_by_id=teacher.id if invited else None, created_at=before,
                 responded_at=before + timedelta(hours=5 if invited else 0))
        seated.append(person)
    return seated


def _review(rows, rng, lesson: int, end: datetime, seated: list[Member], rubric: list[int], recent: bool) -> int:
    """Scored feedback from most observers (half of them for last week's lessons, still within the window)."""
    quality = rng.uniform(3.4, 4.7)
    written = 0
    for person in seated:
        if not chance(rng, 0.5 if recent else 0.93):
            continue
        when = min(end + timedelta(hours=rng.randint(2, 40)), NOW_LOCAL)
        feedback = rows.add(LessonFeedback, lesson_id=lesson, observer_id=person.id, strengths=rng.choice(STRENGTHS),
                            suggestions=rng.choice(SUGGESTIONS), created_at=when, updated_at=when)
        for item in rubric:
            rows.add(FeedbackScore, feedback_id=feedback, rubric_item_id=item,
                     score=max(1, min(5, round(rng.gauss(quality, 0.6)))))
        written += 1
    return written
