"""Lessons as pages show them: the list, the week grid, one lesson, and a person's to-dos. A fixed number of queries each."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.open_lessons.models import CONFIRMED, INVITED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson

from .feedback import feedback_deadline
from .lessons import COMPLETED, HELD, PHASE_LABELS, Progress, phase_of
from .settings import Timetable, declaration_open, timetable


@dataclass
class LessonRow:
    """A lesson with its observer progress, its phase and the viewer's own part in it."""

    lesson: OpenLesson
    progress: Progress
    phase: str
    feedback_count: int
    my_status: str | None = None

    @property
    def phase_label(self) -> str:
        return PHASE_LABELS[self.phase]


def confirmed_by_lesson(lesson_ids: list[int]) -> dict[int, int]:
    """Confirmed observers per lesson (one query)."""
    if not lesson_ids:
        return {}
    rows = db.session.execute(
        select(LessonObserver.lesson_id, func.count())
        .where(LessonObserver.lesson_id.in_(lesson_ids), LessonObserver.status == CONFIRMED)
        .group_by(LessonObserver.lesson_id)
    )
    return dict(rows.all())


def feedback_by_lesson(lesson_ids: list[int]) -> dict[int, int]:
    """Feedback written per lesson (one query)."""
    if not lesson_ids:
        return {}
    rows = db.session.execute(
        select(LessonFeedback.lesson_id, func.count())
        .where(LessonFeedback.lesson_id.in_(lesson_ids))
        .group_by(LessonFeedback.lesson_id)
    )
    return dict(rows.all())


def statuses_of(person: Staff, lesson_ids: list[int]) -> dict[int, str]:
    """The person's invitation or sign-up status per lesson (one query)."""
    if not lesson_ids:
        return {}
    rows = db.session.execute(
        select(LessonObserver.lesson_id, LessonObserver.status).where(
            LessonObserver.staff_id == person.id, LessonObserver.lesson_id.in_(lesson_ids)
        )
    )
    return dict(rows.all())


def rows_for(lessons: list[OpenLesson], settings: LessonSettings, viewer: Staff, now: datetime) -> list[LessonRow]:
    """Wrap lessons with their counts and the viewer's status (three queries whatever the number)."""
    ids = [lesson.id for lesson in lessons]
    confirmed, written, mine = confirmed_by_lesson(ids), feedback_by_lesson(ids), statuses_of(viewer, ids)
    return [
        LessonRow(
            lesson=lesson,
            progress=Progress(confirmed.get(lesson.id, 0), settings.min_observers, lesson.seats),
            phase=phase_of(lesson, now, feedback_count=written.get(lesson.id, 0), min_observers=settings.min_observers),
            feedback_count=written.get(lesson.id, 0),
            my_status=mine.get(lesson.id),
        )
        for lesson in lessons
    ]


def row_for(lesson: OpenLesson, settings: LessonSettings, viewer: Staff, now: datetime) -> LessonRow:
    """One lesson wrapped like the list's rows."""
    return rows_for([lesson], settings, viewer, now)[0]


#: The list's filters: which lessons to show.
SCOPES = {"upcoming": "未开课", "past": "已上课", "mine": "与我有关", "all": "全部"}


def lesson_rows(
    semester: Semester,
    settings: LessonSettings,
    viewer: Staff,
    now: datetime,
    *,
    scope: str = "upcoming",
    subject: str = "",
    day_from: date | None = None,
    day_to: date | None = None,
) -> list[LessonRow]:
    """The semester's lessons in time order, filtered (four queries)."""
    statement = (
        select(OpenLesson)
        .where(OpenLesson.semester_id == semester.id)
        .options(joinedload(OpenLesson.teacher), joinedload(OpenLesson.room))
        .order_by(OpenLesson.starts_at, OpenLesson.id)
    )
    if subject:
        statement = statement.where(OpenLesson.subject == subject)
    if day_from is not None:
        statement = statement.where(OpenLesson.lesson_date >= day_from)
    if day_to is not None:
        statement = statement.where(OpenLesson.lesson_date <= day_to)
    if scope == "upcoming":
        statement = statement.where(OpenLesson.ends_at > now)
    elif scope == "past":
        statement = statement.where(OpenLesson.ends_at <= now).order_by(None).order_by(
            OpenLesson.starts_at.desc(), OpenLesson.id
        )
    elif scope == "mine":
        involved = select(LessonObserver.lesson_id).where(LessonObserver.staff_id == viewer.id)
        statement = statement.where((OpenLesson.teacher_id == viewer.id) | OpenLesson.id.in_(involved))
    return rows_for(list(db.session.scalars(statement)), settings, viewer, now)


@dataclass
class Week:
    """A week of lessons laid out by period (rows) and day (columns)."""

    monday: date
    days: list[date]
    table: Timetable
    cells: dict[tuple[date, int], list[LessonRow]] = field(default_factory=dict)
    in_semester: bool = True

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def count(self) -> int:
        return sum(len(rows) for rows in self.cells.values())


def week_of(semester: Semester, settings: LessonSettings, viewer: Staff, now: datetime, day: date) -> Week:
    """The week containing `day`: Monday to Friday, and the weekend only when a lesson falls on it (five queries)."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    rows = lesson_rows(semester, settings, viewer, now, scope="all", day_from=monday, day_to=sunday)
    week = Week(monday=monday, days=[], table=timetable(semester))
    for row in rows:
        week.cells.setdefault((row.lesson.lesson_date, row.lesson.period), []).append(row)
    weekend = {row.lesson.lesson_date for row in rows if row.lesson.lesson_date.weekday() >= 5}
    week.days = [monday + timedelta(days=n) for n in range(7) if n < 5 or monday + timedelta(days=n) in weekend]
    week.in_semester = semester.start_date <= sunday and monday <= semester.end_date
    return week


@dataclass
class Todos:
    """A person's open-lesson to-dos for the home page."""

    settings: LessonSettings
    my_lesson: LessonRow | None
    may_declare: bool
    invitations: list[LessonObserver]
    observing: list[OpenLesson]
    feedback_owed: list[tuple[OpenLesson, datetime]]

    @property
    def needs_reflection(self) -> bool:
        row = self.my_lesson
        return row is not None and row.phase == HELD and not row.lesson.reflection.strip()

    @property
    def empty(self) -> bool:
        return not (
            self.invitations or self.observing or self.feedback_owed or self.may_declare
            or (self.my_lesson and self.my_lesson.phase != COMPLETED)
        )


def todos_of(semester: Semester, settings: LessonSettings, person: Staff, now: datetime, *, teaches: bool) -> Todos:
    """Invitations to answer, lessons to observe, feedback owed, and the person's own lesson (six queries at most)."""
    own = db.session.scalars(
        select(OpenLesson)
        .where(OpenLesson.semester_id == semester.id, OpenLesson.teacher_id == person.id)
        .options(joinedload(OpenLesson.room))
    ).first()
    mine = list(
        db.session.scalars(
            select(LessonObserver)
            .join(LessonObserver.lesson)
            .where(
                LessonObserver.staff_id == person.id,
                LessonObserver.status.in_([INVITED, CONFIRMED]),
                OpenLesson.semester_id == semester.id,
            )
            .options(
                joinedload(LessonObserver.lesson).joinedload(OpenLesson.teacher),
                joinedload(LessonObserver.lesson).joinedload(OpenLesson.room),
            )
            .order_by(OpenLesson.starts_at)
        )
    )
    confirmed = [row.lesson for row in mine if row.status == CONFIRMED]
    written = set(
        db.session.scalars(
            select(LessonFeedback.lesson_id).where(
                LessonFeedback.observer_id == person.id, LessonFeedback.lesson_id.in_([l.id for l in confirmed])
            )
        )
    ) if confirmed else set()
    owed = []
    for lesson in confirmed:
        deadline = feedback_deadline(lesson, settings)
        if lesson.ends_at <= now <= deadline and lesson.id not in written:
            owed.append((lesson, deadline))
    return Todos(
        settings=settings,
        my_lesson=row_for(own, settings, person, now) if own else None,
        may_declare=own is None and teaches and declaration_open(settings, now.date()),
        invitations=[row for row in mine if row.status == INVITED and now < row.lesson.starts_at],
        observing=[lesson for lesson in confirmed if now < lesson.ends_at],
        feedback_owed=owed,
    )

