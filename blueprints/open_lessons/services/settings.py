"""Per-semester settings: the declaration window, thresholds, period times, rooms and the rubric."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Semester
from blueprints.open_lessons.models import PERIOD_COUNT, LessonPeriod, LessonRoom, LessonSettings, OpenLesson, RubricItem

from .errors import RuleBroken

MIN_OBSERVERS = 5  #: the school's rule: invite at least five colleagues
OBSERVE_TARGET = 4
FEEDBACK_DAYS = 7
#: The longest feedback window the settings form accepts (days after the lesson).
MAX_FEEDBACK_DAYS = 60
DECLARE_WINDOW_DAYS = 28  #: by default teachers declare in the first four weeks
#: A primary school's day: four morning periods with the long break after the second, four in the afternoon.
DEFAULT_PERIODS = [
    (time(8, 0), time(8, 40)), (time(8, 50), time(9, 30)), (time(10, 0), time(10, 40)), (time(10, 50), time(11, 30)),
    (time(13, 30), time(14, 10)), (time(14, 20), time(15, 0)), (time(15, 10), time(15, 50)), (time(16, 0), time(16, 40)),
]
DEFAULT_RUBRIC = ["教学目标", "教学过程", "教学方法", "学生参与", "教学效果"]


@dataclass(frozen=True)
class Timetable:
    """A semester's period times by number, loaded once and asked many times."""

    periods: dict[int, LessonPeriod]

    def has(self, number: int | None) -> bool:
        return number in self.periods

    def start_end(self, day: date, number: int) -> tuple[datetime, datetime]:
        period = self.periods[number]
        return datetime.combine(day, period.starts_at), datetime.combine(day, period.ends_at)

    def label(self, number: int) -> str:
        period = self.periods.get(number)
        if period is None:
            return f"第{number}节"
        return f"第{number}节 {period.starts_at:%H:%M}–{period.ends_at:%H:%M}"

    def ordered(self) -> list[LessonPeriod]:
        return [self.periods[n] for n in sorted(self.periods)]


def settings_for(semester: Semester | None) -> LessonSettings | None:
    """The semester's open-lesson settings, None until the admin has set them up."""
    if semester is None:
        return None
    return db.session.scalar(select(LessonSettings).where(LessonSettings.semester_id == semester.id))


def default_settings(semester: Semester) -> LessonSettings:
    """Unsaved settings with the school's defaults, to prefill the admin's form."""
    return LessonSettings(
        semester_id=semester.id,
        declare_from=semester.start_date,
        declare_until=min(semester.start_date + timedelta(days=DECLARE_WINDOW_DAYS - 1), semester.end_date),
        min_observers=MIN_OBSERVERS,
        observe_target=OBSERVE_TARGET,
        feedback_days=FEEDBACK_DAYS,
        names_visible=True,
    )


def settings_problem(semester: Semester, declare_from: date, declare_until: date) -> dict[str, str]:
    """Field errors of the declaration window, empty when it is acceptable."""
    errors: dict[str, str] = {}
    if declare_until < declare_from:
        errors["declare_until"] = "截止日期不能早于开始日期。"
    if not semester.contains(declare_from):
        errors["declare_from"] = f"必须在本学期（{semester.start_date:%Y-%m-%d} 至 {semester.end_date:%Y-%m-%d}）之内。"
    if not semester.contains(declare_until) and "declare_until" not in errors:
        errors["declare_until"] = f"必须在本学期（{semester.start_date:%Y-%m-%d} 至 {semester.end_date:%Y-%m-%d}）之内。"
    return errors


def save_settings(semester: Semester, values: dict) -> LessonSettings:
    """Create or update the semester's settings; the first save also adds default periods and rubric."""
    errors = settings_problem(semester, values["declare_from"], values["declare_until"])
    if errors:
        field, message = next(iter(errors.items()))
        raise RuleBroken(message, field)
    settings = settings_for(semester)
    if settings is None:
        settings = LessonSettings(semester_id=semester.id, **values)
        db.session.add(settings)
        _add_defaults(semester)
    for name, value in values.items():
        setattr(settings, name, value)
    db.session.flush()
    return settings


def _add_defaults(semester: Semester) -> None:
    """Periods 1–8 with the usual times and the five-item rubric, unless the semester has them already."""
    if not db.session.scalar(select(LessonPeriod.id).where(LessonPeriod.semester_id == semester.id)):
        for number, (start, end) in enumerate(DEFAULT_PERIODS, start=1):
            db.session.add(LessonPeriod(semester_id=semester.id, number=number, starts_at=start, ends_at=end))
    if not db.session.scalar(select(RubricItem.id).where(RubricItem.semester_id == semester.id)):
        for position, name in enumerate(DEFAULT_RUBRIC, start=1):
            db.session.add(RubricItem(semester_id=semester.id, name=name, position=position))


def timetable(semester: Semester) -> Timetable:
    """The semester's periods by number (one query)."""
    periods = db.session.scalars(select(LessonPeriod).where(LessonPeriod.semester_id == semester.id))
    return Timetable({p.number: p for p in periods})


def set_period_times(semester: Semester, times: list[tuple[time, time]]) -> None:
    """Store the clock times of periods 1..8 in order, and move the lessons given in them to the new times."""
    if len(times) != PERIOD_COUNT:
        raise RuleBroken(f"需要填写全部 {PERIOD_COUNT} 节的时间。")
    for number, (start, end) in enumerate(times, start=1):
        if end <= start:
            raise RuleBroken(f"第{number}节的下课时间必须晚于上课时间。", f"periods-{number - 1}-ends_at")
        if number > 1 and start < times[number - 2][1]:
            raise RuleBroken(f"第{number}节不能早于第{number - 1}节下课。", f"periods-{number - 1}-starts_at")
    existing = timetable(semester).periods
    for number, (start, end) in enumerate(times, start=1):
        period = existing.get(number)
        if period is None:
            db.session.add(LessonPeriod(semester_id=semester.id, number=number, starts_at=start, ends_at=end))
            continue
        period.starts_at, period.ends_at = start, end
    db.session.flush()
    table = timetable(semester)
    lessons = db.session.scalars(select(OpenLesson).where(OpenLesson.semester_id == semester.id))
    for lesson in lessons:
        lesson.starts_at, lesson.ends_at = table.start_end(lesson.lesson_date, lesson.period)
    db.session.flush()


def rooms_of(semester: Semester, *, active_only: bool = False) -> list[LessonRoom]:
    """The semester's rooms by name."""
    statement = select(LessonRoom).where(LessonRoom.semester_id == semester.id).order_by(
        LessonRoom.is_active.desc(), LessonRoom.name
    )
    if active_only:
        statement = statement.where(LessonRoom.is_active.is_(True))
    return list(db.session.scalars(statement))


def save_room(semester: Semester, name: str, seats: int, *, room: LessonRoom | None = None, is_active: bool = True) -> LessonRoom:
    """Add a room or change one; names are unique within the semester."""
    clash = select(LessonRoom.id).where(LessonRoom.semester_id == semester.id, LessonRoom.name == name)
    if room is not None:
        clash = clash.where(LessonRoom.id != room.id)
    if db.session.scalar(clash):
        raise RuleBroken("已有同名教室。", "name")
    if room is None:
        room = LessonRoom(semester_id=semester.id)
        db.session.add(room)
    room.name, room.seats, room.is_active = name, seats, is_active
    db.session.flush()
    return room


def rubric_of(semester: Semester, *, active_only: bool = True) -> list[RubricItem]:
    """The semester's rubric items in their order."""
    statement = select(RubricItem).where(RubricItem.semester_id == semester.id).order_by(
        RubricItem.is_active.desc(), RubricItem.position, RubricItem.id
    )
    if active_only:
        statement = statement.where(RubricItem.is_active.is_(True))
    return list(db.session.scalars(statement))


def save_rubric_item(
    semester: Semester, name: str, *, item: RubricItem | None = None, position: int | None = None, is_active: bool = True
) -> RubricItem:
    """Add a rubric item (at the end) or rename, reorder, retire or restore one; names are unique in the semester."""
    clash = select(RubricItem.id).where(RubricItem.semester_id == semester.id, RubricItem.name == name)
    if item is not None:
        clash = clash.where(RubricItem.id != item.id)
    if db.session.scalar(clash):
        raise RuleBroken("已有同名评分项。", "name")
    if item is None:
        last = db.session.scalar(
            select(RubricItem.position).where(RubricItem.semester_id == semester.id).order_by(RubricItem.position.desc())
        )
        item = RubricItem(semester_id=semester.id, position=(last or 0) + 1)
        db.session.add(item)
    if is_active is False and item.is_active and len(rubric_of(semester)) <= 1:
        raise RuleBroken("评分表至少要保留一项。", "is_active")
    item.name, item.is_active = name, is_active
    if position is not None:
        item.position = position
    db.session.flush()
    return item


def declaration_open(settings: LessonSettings, today: date) -> bool:
    """Whether teachers may declare on this day."""
    return settings.declare_from <= today <= settings.declare_until

