"""The week of open lessons: periods as rows, days as columns, and which lessons each cell (day × period) draws.

Which lessons a week holds, where each falls, its teacher, room and confirmed observers are the same for every
viewer, so they are read and arranged once per process and kept until the school's data changes
(core.freshness.cached). Per request only the viewer's own part is read (one small query): the lessons they give,
observe or are invited to come first in a crowded cell, and those they give or observe are marked. The subject filter
and the cell's cap are applied here, in Python, to the one kept list, so every subject and the "还有 N 节" list of a
cell (slot_of) share it and count the same lessons.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple, Sequence

from sqlalchemy import Date, Integer, bindparam, func, select

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.accounts.services import current_semester
from blueprints.core.freshness import cached
from blueprints.open_lessons.models import (
    CONFIRMED, INVITED, LessonObserver, LessonPeriod, LessonRoom, LessonSettings, OpenLesson,
)

from .settings import settings_for

#: Lessons drawn in one cell (day × period) of the week; the rest open from a "还有 N 节" link. The lessons the viewer
#: gives or is confirmed to observe are always drawn (whatever the cap or subject) and come first, then invitations.
CELL_LIMIT = 2

#: A safety bound for one period's lessons: a room holds one lesson per period, so there are never more than rooms.
SLOT_LIMIT = 200

#: How a lesson ranks in a crowded cell for the viewer: their own (given or confirmed to observe), invited, other.
MINE, INVITED_TO, OTHER = 0, 1, 2


class WeekLesson(NamedTuple):
    """A lesson as a cell of the week draws it: plain values, nothing left to load or compute while rendering."""

    id: int
    topic: str
    byline: str  #: teacher · subject · room
    mine: bool  #: the viewer gives it or is confirmed to observe it
    reached: bool  #: enough observers confirmed
    progress: str  #: "已达标", "3/5 待邀请" before the lesson, "3/5" after it


@dataclass
class Cell:
    """One day and period: the lessons drawn and how many there are in all."""

    day: date
    period: int
    lessons: list[WeekLesson] = field(default_factory=list)
    total: int = 0

    @property
    def hidden(self) -> int:
        return self.total - len(self.lessons)


class PeriodTimes(NamedTuple):
    """A period's number and clock times as plain values."""

    number: int
    starts_at: time
    ends_at: time

    @property
    def label(self) -> str:
        return f"第{self.number}节 {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"


def period_times(semester_id: int) -> tuple[PeriodTimes, ...]:
    """The semester's periods in order, kept by the process for as long as no data changes (no query then)."""
    return cached("open_lessons.period_times", semester_id, lambda: tuple(
        PeriodTimes(*row) for row in db.session.execute(
            select(LessonPeriod.number, LessonPeriod.starts_at, LessonPeriod.ends_at)
            .where(LessonPeriod.semester_id == semester_id).order_by(LessonPeriod.number))))


@dataclass(frozen=True)
class Term:
    """A semester as the week draws it, with its minimum of observers: plain values, kept between requests."""

    id: int
    name: str
    start_date: date
    end_date: date
    min_observers: int

    @classmethod
    def of(cls, semester: Semester, settings: LessonSettings) -> Term:
        return cls(semester.id, semester.name, semester.start_date, semester.end_date, settings.min_observers)


def current_term() -> Term | None:
    """The current semester with its open-lesson settings, None until both are set up. Kept until data changes:
    every visit to the week otherwise loaded every semester and the settings (two queries, 0.5 ms on the 10x school)."""
    return cached("open_lessons.current_term", None, _read_term)


def _read_term() -> Term | None:
    semester = current_semester()
    settings = settings_for(semester)
    return None if settings is None else Term.of(semester, settings)


@dataclass
class Week:
    """A week of lessons laid out by period (rows) and day (columns), optionally of one subject."""

    monday: date
    days: list[date]
    rows: list[tuple[PeriodTimes, list[Cell]]] = field(default_factory=list)
    subject: str = ""
    count: int = 0
    in_semester: bool = True

    @property
    def previous(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.monday + timedelta(days=7)


@dataclass(frozen=True, slots=True)
class Listed:
    """A lesson of the kept week: what any viewer's cell draws of it, and what the filter and the ranking ask."""

    id: int
    subject: str
    teacher_id: int
    starts_at: datetime
    confirmed: int  #: confirmed observers
    topic: str
    byline: str  #: teacher · subject · room


@dataclass(frozen=True)
class KeptWeek:
    """Monday to Sunday of one semester as every viewer sees it: kept between requests, so never altered."""

    cells: dict[tuple[date, int], tuple[Listed, ...]]  #: (day, period) → its lessons by start, then id
    given: dict[int, tuple[int, ...]]  #: teacher id → the lessons they give this week
    count: int  #: lessons in all


@cache
def _week_statement():
    """Every lesson of a semester between two days with its teacher, room and confirmed observers. Built once."""
    confirmed = (select(func.count()).select_from(LessonObserver)
                 .where(LessonObserver.lesson_id == OpenLesson.id, LessonObserver.status == CONFIRMED)
                 .scalar_subquery())
    return (
        select(OpenLesson.id, OpenLesson.lesson_date, OpenLesson.period, OpenLesson.subject, OpenLesson.teacher_id,
               OpenLesson.starts_at, OpenLesson.topic, Staff.name, LessonRoom.name, confirmed)
        .join(Staff, Staff.id == OpenLesson.teacher_id)
        .join(LessonRoom, LessonRoom.id == OpenLesson.room_id)
        .where(
            OpenLesson.lesson_date.between(bindparam("first_day", type_=Date), bindparam("last_day", type_=Date)),
            # The days find the rows (ix_open_lesson_slot) and the semester only checks them: without statistics
            # SQLite would rather walk the whole semester by its own index, so no index may serve this comparison.
            OpenLesson.semester_id + 0 == bindparam("semester_id", type_=Integer),
        )
        .order_by(OpenLesson.lesson_date, OpenLesson.period, OpenLesson.starts_at, OpenLesson.id)
    )


def kept_week(term: Term, monday: date) -> KeptWeek:
    """The semester's lessons of the week starting `monday`, arranged once per process until data changes."""
    return cached("open_lessons.week", (term.id, monday), lambda: _arrange(term.id, monday))


def _arrange(semester_id: int, monday: date) -> KeptWeek:
    rows = db.session.connection().execute(_week_statement(), {
        "semester_id": semester_id, "first_day": monday, "last_day": monday + timedelta(days=6)}).all()
    cells: dict[tuple[date, int], list[Listed]] = {}
    given: dict[int, list[int]] = {}
    for lesson_id, day, period, subject, teacher_id, starts_at, topic, teacher, room, confirmed in rows:
        listed = Listed(lesson_id, subject, teacher_id, starts_at, confirmed, topic, f"{teacher} · {subject} · {room}")
        cells.setdefault((day, period), []).append(listed)
        given.setdefault(teacher_id, []).append(lesson_id)
    return KeptWeek({key: tuple(lessons) for key, lessons in cells.items()},
                    {teacher: tuple(ids) for teacher, ids in given.items()}, len(rows))


@cache
def _involvement_statement():
    """The viewer's observer rows on the lessons of some days. Built once. The status is left to Python: asked here,
    it made SQLite lead with the (person, status) index, every observation the person ever made (thousands, ten
    years on), instead of the week's lessons each looked up in the (lesson, person) index."""
    days = select(OpenLesson.id).where(
        OpenLesson.lesson_date.between(bindparam("first_day", type_=Date), bindparam("last_day", type_=Date)))
    return select(LessonObserver.lesson_id, LessonObserver.status).where(
        LessonObserver.staff_id == bindparam("viewer", type_=Integer), LessonObserver.lesson_id.in_(days))


def involvement(week: KeptWeek, viewer: Staff, monday: date) -> dict[int, int]:
    """{lesson id: MINE or INVITED_TO} for the viewer's part in the week's lessons (one query)."""
    rows = db.session.connection().execute(_involvement_statement(), {
        "viewer": viewer.id, "first_day": monday, "last_day": monday + timedelta(days=6)})
    ranks = {lesson_id: MINE if status == CONFIRMED else INVITED_TO
             for lesson_id, status in rows if status in (CONFIRMED, INVITED)}
    for lesson_id in week.given.get(viewer.id, ()):
        ranks[lesson_id] = MINE
    return ranks


class Drawing:
    """What one viewer's cells draw, from the kept lessons: the subject filter, the ranking and the cap."""

    def __init__(self, ranks: dict[int, int], minimum: int, now: datetime, subject: str):
        self.ranks, self.minimum, self.now, self.subject = ranks, minimum, now, subject

    def passing(self, lessons: Sequence[Listed]) -> Sequence[Listed]:
        """The cell's lessons the subject keeps (and the viewer's own, whatever their subject)."""
        if not self.subject:
            return lessons
        subject, ranks = self.subject, self.ranks
        return [listed for listed in lessons if listed.subject == subject or ranks.get(listed.id) == MINE]

    def cell(self, day: date, period: int, lessons: Sequence[Listed], shown: int) -> Cell:
        """The passing lessons of a cell, the viewer's own first, then invitations, then by start: at most
        `shown` besides the viewer's own."""
        ranks = self.ranks
        if ranks and any(listed.id in ranks for listed in lessons):
            lessons = sorted(lessons, key=lambda listed: ranks.get(listed.id, OTHER))  # stable: by start within a rank
            shown = max(shown, sum(1 for listed in lessons if ranks.get(listed.id) == MINE))
        return Cell(day, period, [self.lesson(listed) for listed in lessons[:shown]], len(lessons))

    def lesson(self, listed: Listed) -> WeekLesson:
        """The lesson as the viewer's cell draws it; whether it has begun decides "待邀请"."""
        confirmed, minimum = listed.confirmed, self.minimum
        if confirmed >= minimum:
            reached, progress = True, "已达标"
        else:
            reached = False
            progress = f"{confirmed}/{minimum} 待邀请" if self.now < listed.starts_at else f"{confirmed}/{minimum}"
        return WeekLesson(listed.id, listed.topic, listed.byline, self.ranks.get(listed.id) == MINE, reached, progress)


def week_of(term: Term, viewer: Staff, now: datetime, day: date, *, subject: str = "") -> Week:
    """The week containing `day`: Monday to Friday, and the weekend only when a lesson falls on it (a query for the
    viewer's part, and one for the week's lessons when no request since the last change kept them).

    Each cell draws at most CELL_LIMIT lessons besides the viewer's own, so the page stays the same size however
    many lessons a big school declares in a week; `subject` keeps only that subject's (and the viewer's own)."""
    monday = day - timedelta(days=day.weekday())
    sunday = monday + timedelta(days=6)
    kept = kept_week(term, monday)
    drawing = Drawing(involvement(kept, viewer, monday), term.min_observers, now, subject)
    if subject:
        cells = {key: passing for key, lessons in kept.cells.items() if (passing := drawing.passing(lessons))}
        count = sum(len(lessons) for lessons in cells.values())
    else:
        cells, count = kept.cells, kept.count
    days = [monday + timedelta(days=n) for n in range(5)]
    days += [d for d in (monday + timedelta(days=5), sunday) if any(key[0] == d for key in cells)]
    rows = []
    for period in period_times(term.id):
        number = period.number
        rows.append((period, [drawing.cell(d, number, lessons, CELL_LIMIT) if (lessons := cells.get((d, number)))
                              else Cell(d, number) for d in days]))
    return Week(monday=monday, days=days, rows=rows, subject=subject, count=count,
                in_semester=term.start_date <= sunday and monday <= term.end_date)


def slot_of(term: Term, viewer: Staff, now: datetime, day: date, period: int, *, subject: str = "") -> Cell:
    """Every lesson of one day and period, the viewer's own first: what "还有 N 节" opens (the same kept week)."""
    monday = day - timedelta(days=day.weekday())
    kept = kept_week(term, monday)
    drawing = Drawing(involvement(kept, viewer, monday), term.min_observers, now, subject)
    return drawing.cell(day, period, drawing.passing(kept.cells.get((day, period), ())), SLOT_LIMIT)
