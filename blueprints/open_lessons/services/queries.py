"""Lessons as pages show them: the list, one lesson, and a person's to-dos (the week grid is week.py). A fixed number of queries each."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache

from sqlalchemy import Date, DateTime, Integer, and_, bindparam, exists, func, or_, select, text
from sqlalchemy.orm import aliased, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.open_lessons.models import (
    CONFIRMED, INVITED, LessonFeedback, LessonObserver, LessonSettings, OpenLesson,
)

from .feedback import feedback_deadline
from .lessons import COMPLETED, HELD, PHASE_LABELS, Progress, phase_of
from .settings import MAX_FEEDBACK_DAYS, declaration_open


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


#: How many of the lessons a person is still to observe, and of their open invitations, the home page lists (the
#: rest are counted).
OBSERVING_SHOWN = 5
INVITATIONS_SHOWN = 5


@dataclass
class Todos:
    """A person's open-lesson to-dos for the home page."""

    settings: LessonSettings
    my_lesson: LessonRow | None
    may_declare: bool
    invitations: list[LessonObserver]  #: the soonest INVITATIONS_SHOWN open ones
    observing: list[OpenLesson]  #: the soonest OBSERVING_SHOWN of them
    feedback_owed: list[tuple[OpenLesson, datetime]]
    observing_total: int = 0  #: how many lessons the person is still to observe this semester
    invitations_more: int = 0  #: open invitations beyond those listed

    @property
    def observing_more(self) -> int:
        return self.observing_total - len(self.observing)

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


#: The values a to-do query is asked with (its statement is built once): the person, the moment (local time), the
#: semester, and the first day a lesson may still be owed feedback on.
_PERSON, _NOW = bindparam("person_id", type_=Integer), bindparam("now", type_=DateTime)
_SEMESTER, _FEEDBACK_SINCE = bindparam("semester_id", type_=Integer), bindparam("feedback_since", type_=Date)


def _soonest_observations():
    """The lessons of the semester the person signed up to observe that are not over yet, numbered soonest first,
    each row with how many there are: the panel loads the first few and says how many more.

    Written out because of its join: "CROSS JOIN" keeps SQLite going from the semester's lessons to the person's row
    on each through the (lesson, person) index; left to choose, it went from the person's observations of every year
    (thousands, ten years on) to their lessons, and with "+ 0" on the person it read every observer of each lesson
    (10x school: 4.3 -> 1.8 ms for the whole to-do query). PostgreSQL plans a CROSS JOIN with WHERE as any join."""
    numbered = text(
        "SELECT watching.lesson_id AS lesson_id,"
        " row_number() OVER (ORDER BY ahead_lesson.starts_at, ahead_lesson.id) AS place,"
        " count(*) OVER () AS total"
        " FROM open_lesson AS ahead_lesson CROSS JOIN lesson_observer AS watching"
        " WHERE watching.lesson_id = ahead_lesson.id AND watching.staff_id = :person_id"
        " AND watching.status = :ahead_status"
        " AND ahead_lesson.semester_id = :semester_id AND ahead_lesson.ends_at > :now"
    ).bindparams(_PERSON, _NOW, _SEMESTER, bindparam("ahead_status", CONFIRMED))
    return (
        numbered.columns(lesson_id=Integer, place=Integer, total=Integer)
        .cte("ahead").prefix_with("MATERIALIZED")  # numbered once, not again for each lesson of the semester
    )


@cache
def _todo_statement():
    """The semester's settings with the person's to-do lessons, each with the person's observer row on it, the
    lesson's counts, whether the person wrote feedback on it and how many lessons they are still to observe.

    The lessons are the person's own, those they are invited to, the soonest few they signed up for and those whose
    feedback may still be owed (_todos_from decides exactly), asked of each lesson of the semester (an "id IN (the
    person's observer rows)" read every lesson the person had ever observed). Built once: building it cost more
    than running it."""
    watcher = aliased(LessonObserver, name="watcher")
    ahead = _soonest_observations()
    of_lesson = LessonObserver.lesson_id == OpenLesson.id
    unwritten = ~exists().where(
        LessonFeedback.lesson_id == OpenLesson.id, LessonFeedback.observer_id == _PERSON).correlate(OpenLesson)
    # The soonest lessons to observe are listed apart from the correlated test: inside it, SQLite numbered them
    # again for every lesson of the semester.
    involved = or_(
        OpenLesson.teacher_id == _PERSON,
        OpenLesson.id.in_(select(ahead.c.lesson_id).where(ahead.c.place <= OBSERVING_SHOWN)),
        exists().where(
            of_lesson, LessonObserver.staff_id == _PERSON,
            or_(and_(LessonObserver.status == INVITED, OpenLesson.starts_at > _NOW),
                and_(LessonObserver.status == CONFIRMED, OpenLesson.ends_at <= _NOW,
                     OpenLesson.lesson_date >= _FEEDBACK_SINCE, unwritten)),
        ).correlate(OpenLesson))
    columns = [
        OpenLesson,
        watcher,
        select(func.count()).where(of_lesson, LessonObserver.status == CONFIRMED).scalar_subquery().label("confirmed"),
        select(func.count()).select_from(LessonFeedback).where(LessonFeedback.lesson_id == OpenLesson.id)
        .scalar_subquery().label("feedback"),
        select(LessonObserver.status).where(of_lesson, LessonObserver.staff_id == _PERSON)
        .scalar_subquery().label("my_status"),
        exists().where(LessonFeedback.lesson_id == OpenLesson.id, LessonFeedback.observer_id == _PERSON).label("written"),
        func.coalesce(select(func.max(ahead.c.total)).scalar_subquery(), 0).label("observing_total"),
    ]
    watching = and_(watcher.lesson_id == OpenLesson.id, watcher.staff_id == _PERSON,
                    watcher.status.in_((INVITED, CONFIRMED)))
    return _loaded_lessons(
        select(LessonSettings, *columns).select_from(LessonSettings)
        .outerjoin(OpenLesson, and_(OpenLesson.semester_id == LessonSettings.semester_id, involved))
        .outerjoin(watcher, watching)
        .where(LessonSettings.semester_id == _SEMESTER)
    )


def _loaded_lessons(statement):
    return statement.options(joinedload(OpenLesson.teacher), joinedload(OpenLesson.room)).order_by(OpenLesson.starts_at)


def _todos_from(rows, settings: LessonSettings, person: Staff, now: datetime, *, teaches: bool) -> Todos:
    rows = [row for row in rows if row.OpenLesson is not None]
    own = next((row for row in rows if row.OpenLesson.teacher_id == person.id), None)
    mine = [row for row in rows if row.watcher is not None]
    for row in mine:  # the invitation keeps its lesson (with teacher and room) instead of loading it again
        set_committed_value(row.watcher, "lesson", row.OpenLesson)
    confirmed = [row for row in mine if row.watcher.status == CONFIRMED]
    owed = []
    for row in confirmed:
        lesson, deadline = row.OpenLesson, feedback_deadline(row.OpenLesson, settings)
        if lesson.ends_at <= now <= deadline and not row.written:
            owed.append((lesson, deadline))
    my_lesson = None
    if own is not None:
        lesson = own.OpenLesson
        my_lesson = LessonRow(
            lesson=lesson,
            progress=Progress(own.confirmed, settings.min_observers, lesson.seats),
            phase=phase_of(lesson, now, feedback_count=own.feedback, min_observers=settings.min_observers),
            feedback_count=own.feedback,
            my_status=own.my_status,
        )
    invited = [row.watcher for row in mine if row.watcher.status == INVITED and now < row.OpenLesson.starts_at]
    return Todos(
        settings=settings,
        my_lesson=my_lesson,
        may_declare=own is None and teaches and declaration_open(settings, now.date()),
        invitations=invited[:INVITATIONS_SHOWN],
        invitations_more=max(len(invited) - INVITATIONS_SHOWN, 0),
        observing=[row.OpenLesson for row in confirmed if now < row.OpenLesson.ends_at],
        feedback_owed=owed,
        observing_total=rows[0].observing_total if rows else 0,
    )


def settings_and_todos(semester: Semester, person: Staff, now: datetime, *, teaches: bool) -> tuple[LessonSettings | None, Todos | None]:
    """The semester's settings and the person's to-dos together (one query); (None, None) until the admin set it up."""
    rows = db.session.execute(_todo_statement(), {
        "person_id": person.id, "now": now, "semester_id": semester.id,
        "feedback_since": now.date() - timedelta(days=MAX_FEEDBACK_DAYS),
    }).all()
    if not rows:
        return None, None
    settings = rows[0].LessonSettings
    return settings, _todos_from(rows, settings, person, now, teaches=teaches)
