"""Factories shared by the open-lesson tests (imported by those modules; the lead may move them to conftest.py).

`lesson_school` sets up the current semester with open-lesson settings (window 1 Sep – 31 Oct, at least
5 observers, target 4, feedback within 7 days), the default periods and rubric, and three rooms.
`make_lesson` declares a lesson (as the admin would, so the window does not matter) and signs up observers.
`clock` sets the school's clock that the views read."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.open_lessons.models import LessonRoom, LessonSettings, OpenLesson
from blueprints.open_lessons.services import LessonDetails, declare_lesson, save_room, save_settings, sign_up

#: A Monday morning inside the declaration window.
NOW = datetime(2026, 10, 12, 9, 0)
#: The default lesson day: Tuesday 20 October 2026.
LESSON_DAY = date(2026, 10, 20)
BEFORE = datetime(2026, 10, 1, 8, 0)  #: when make_lesson's observers signed up
#: Period 3 runs 10:00–10:40 by default.
DURING = datetime(2026, 10, 20, 10, 10)
AFTER = datetime(2026, 10, 20, 11, 0)


@dataclass
class LessonSchool:
    semester: Semester
    settings: LessonSettings
    rooms: dict[str, LessonRoom]


class Clock:
    """The time the views see; tests move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def set(self, now: datetime) -> None:
        self.now = now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    state = Clock(NOW)
    monkeypatch.setattr("blueprints.core.clock.now_local", lambda: state.now)
    return state


@pytest.fixture
def lesson_school(app, make_semester) -> LessonSchool:
    semester = make_semester()
    settings = save_settings(
        semester,
        {
            "declare_from": date(2026, 9, 1),
            "declare_until": date(2026, 10, 31),
            "min_observers": 5,
            "observe_target": 4,
            "feedback_days": 7,
            "names_visible": True,
        },
    )
    rooms = {
        "录播教室": save_room(semester, "录播教室", 6),
        "阶梯教室": save_room(semester, "阶梯教室", 40),
        "科学实验室": save_room(semester, "科学实验室", 2),
    }
    db.session.commit()
    return LessonSchool(semester, settings, rooms)


def details(**overrides) -> LessonDetails:
    values = {
        "subject": "语文",
        "class_name": "四年级（3）班",
        "topic": "秋天的雨",
        "lesson_date": LESSON_DAY,
        "period": 3,
        "room_id": None,
        "plan": "",
    }
    values.update(overrides)
    return LessonDetails(**values)


@pytest.fixture
def make_lesson(lesson_school, make_staff):
    """Return a callable that declares a lesson and signs up the given observers."""

    def make(teacher: Staff | None = None, *, day: date = LESSON_DAY, period: int = 3, room: str = "阶梯教室",
             topic: str = "秋天的雨", observers=()) -> OpenLesson:
        teacher = teacher or make_staff()
        lesson = declare_lesson(
            lesson_school.semester, lesson_school.settings, teacher,
            details(lesson_date=day, period=period, room_id=lesson_school.rooms[room].id, topic=topic),
            now=BEFORE, by_admin=True,
        )
        for person in observers:
            sign_up(lesson, person, now=BEFORE)
        db.session.commit()
        return lesson

    return make
