"""Compliance (达标情况) for the admin and group leaders: who has not declared, lessons short of observers,
feedback owed, and lessons observed against the target. Built in a fixed number of queries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.accounts.services import groups_led
from blueprints.open_lessons.models import CONFIRMED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson

from .feedback import feedback_deadline
from .lessons import PHASE_LABELS, TEACHING_SUBJECTS, Progress, phase_of


@dataclass
class TeacherLine:
    """One teacher's part: their lesson and its phase, lessons observed, feedback given and owed."""

    staff: Staff
    lesson: OpenLesson | None
    phase: str | None
    observed: int  #: confirmed at lessons already given
    signed_up: int  #: confirmed at lessons still to come
    feedback_given: int
    feedback_owed: int
    target: int

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase] if self.phase else "未申报"

    @property
    def target_met(self) -> bool:
        return self.observed >= self.target


@dataclass
class OwedFeedback:
    observer: Staff
    lesson: OpenLesson
    deadline: datetime
    overdue: bool


@dataclass
class ShortLesson:
    lesson: OpenLesson
    progress: Progress


@dataclass
class ComplianceReport:
    semester: Semester
    settings: LessonSettings
    teachers: list[TeacherLine]
    short: list[ShortLesson]
    owed: list[OwedFeedback]

    @property
    def not_declared(self) -> list[TeacherLine]:
        return [line for line in self.teachers if line.lesson is None]

    @property
    def below_target(self) -> int:
        return sum(1 for line in self.teachers if not line.target_met)


def teachers_in_scope(*, subject: str = "", group_ids: list[int] | None = None) -> list[Staff]:
    """Active teaching staff, by subject and (when given) members of any of the groups; one query."""
    statement = (
        select(Staff)
        .where(Staff.is_active_member.is_(True), Staff.subject.in_(TEACHING_SUBJECTS))
        .order_by(Staff.subject, Staff.staff_no)
    )
    if subject:
        statement = statement.where(Staff.subject == subject)
    if group_ids is not None:
        members = select(Membership.staff_id).where(Membership.group_id.in_(group_ids))
        statement = statement.where(Staff.id.in_(members))
    return list(db.session.scalars(statement))


def groups_led_by(person: Staff) -> list[Group]:
    """Active groups this person leads (read once per request with the person's facts)."""
    return groups_led(person)


def compliance_report(
    semester: Semester, settings: LessonSettings, now: datetime, *, subject: str = "", group_ids: list[int] | None = None
) -> ComplianceReport:
    """The whole compliance picture for the teachers in scope (five queries)."""
    teachers = teachers_in_scope(subject=subject, group_ids=group_ids)
    people = {person.id: person for person in teachers}
    lessons = list(
        db.session.scalars(
            select(OpenLesson)
            .where(OpenLesson.semester_id == semester.id)
            .options(joinedload(OpenLesson.teacher), joinedload(OpenLesson.room))
            .order_by(OpenLesson.starts_at)
        )
    )
    by_id = {lesson.id: lesson for lesson in lessons}
    seats = db.session.execute(
        select(LessonObserver.lesson_id, LessonObserver.staff_id)
        .join(OpenLesson, OpenLesson.id == LessonObserver.lesson_id)
        .where(OpenLesson.semester_id == semester.id, LessonObserver.status == CONFIRMED)
    ).all()
    written = {
        (lesson_id, observer_id)
        for lesson_id, observer_id in db.session.execute(
            select(LessonFeedback.lesson_id, LessonFeedback.observer_id)
            .join(OpenLesson, OpenLesson.id == LessonFeedback.lesson_id)
            .where(OpenLesson.semester_id == semester.id)
        )
    }
    confirmed: dict[int, int] = {}
    feedback_count: dict[int, int] = {}
    for lesson_id, _observer in written:
        feedback_count[lesson_id] = feedback_count.get(lesson_id, 0) + 1
    tallies = {pid: {"observed": 0, "signed_up": 0, "given": 0, "owed": 0} for pid in people}
    owed: list[OwedFeedback] = []
    for lesson_id, staff_id in seats:
        confirmed[lesson_id] = confirmed.get(lesson_id, 0) + 1
        lesson = by_id[lesson_id]
        if staff_id not in people:
            continue
        tally = tallies[staff_id]
        if now < lesson.ends_at:
            tally["signed_up"] += 1
        elif (lesson_id, staff_id) in written:
            tally["observed"] += 1
            tally["given"] += 1
        else:
            tally["observed"] += 1
            tally["owed"] += 1
            deadline = feedback_deadline(lesson, settings)
            owed.append(OwedFeedback(people[staff_id], lesson, deadline, overdue=now > deadline))
    own = {lesson.teacher_id: lesson for lesson in lessons}
    lines = []
    for person in teachers:
        lesson = own.get(person.id)
        phase = (
            phase_of(lesson, now, feedback_count=feedback_count.get(lesson.id, 0), min_observers=settings.min_observers)
            if lesson else None
        )
        tally = tallies[person.id]
        lines.append(TeacherLine(person, lesson, phase, tally["observed"], tally["signed_up"], tally["given"],
                                 tally["owed"], settings.observe_target))
    short = [
        ShortLesson(lesson, Progress(confirmed.get(lesson.id, 0), settings.min_observers, lesson.seats))
        for lesson in lessons
        if lesson.teacher_id in people and now < lesson.ends_at and confirmed.get(lesson.id, 0) < settings.min_observers
    ]
    owed.sort(key=lambda item: (item.deadline, item.observer.staff_no))
    return ComplianceReport(semester, settings, lines, short, owed)
