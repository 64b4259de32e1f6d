"""What every open-lesson view starts with: the semester and its settings, the lesson from the URL, who may act."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import abort, make_response, render_template
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Semester
from blueprints.accounts.services import current_semester
from blueprints.core import clock
from blueprints.open_lessons.models import LessonSettings, OpenLesson
from blueprints.open_lessons.services import TEACHING_SUBJECTS, settings_for


@dataclass(frozen=True)
class Context:
    semester: Semester
    settings: LessonSettings


def now() -> datetime:
    """The time every view hands to the services (the clock module is what tests set)."""
    return clock.now_local()


def teaches(person) -> bool:
    """Whether the person gives lessons (and so declares one and observes others)."""
    return person.subject in TEACHING_SUBJECTS


def require_context() -> Context:
    """The current semester with its open-lesson settings, or a page saying they are not set up yet."""
    semester = current_semester()
    settings = settings_for(semester)
    if semester is None or settings is None:
        page = render_template("open_lessons/not_ready.html", semester=semester)
        abort(make_response(page, 200))
    return Context(semester, settings)


def load_lesson(lesson_id: int) -> OpenLesson:
    """The lesson from the URL with its teacher and room, or 404."""
    lesson = db.session.get(OpenLesson, lesson_id, options=[joinedload(OpenLesson.teacher), joinedload(OpenLesson.room)])
    if lesson is None:
        abort(404)
    return lesson


def context_of(lesson: OpenLesson) -> Context:
    """The lesson's own semester and settings (a past semester's lesson keeps its rules)."""
    semester = db.session.get(Semester, lesson.semester_id)
    settings = settings_for(semester)
    if settings is None:  # a lesson exists only once its semester has settings
        abort(404)
    return Context(semester, settings)


def may_manage(lesson: OpenLesson) -> bool:
    """The lesson's teacher and the admin manage it (invitations, changes)."""
    return current_user.is_admin or current_user.id == lesson.teacher_id


def require_manager(lesson: OpenLesson) -> None:
    """Stop with 403 unless the current user is the lesson's teacher or the admin."""
    if not may_manage(lesson):
        abort(403)


def require_teacher(lesson: OpenLesson) -> None:
    """Stop with 403 unless the current user gives this lesson."""
    if current_user.id != lesson.teacher_id:
        abort(403)
