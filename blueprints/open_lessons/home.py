"""The open-lesson panel on the home page: invitations to answer, lessons to observe, feedback owed, one's own lesson.

The semester's settings and the person's lessons come from one query."""
from __future__ import annotations

from blueprints.accounts.services import current_semester

from blueprints.core import clock
from .services import settings_and_todos
from .services.lessons import TEACHING_SUBJECTS


def build_home_panel(user) -> dict | None:
    """The panel's context, or None when there is nothing to do (or no open lessons are set up)."""
    semester = current_semester()
    if semester is None:
        return None
    moment = clock.now_local()
    settings, todos = settings_and_todos(semester, user, moment, teaches=user.subject in TEACHING_SUBJECTS)
    if settings is None or todos.empty:
        return None
    return {"todos": todos, "now": moment, "settings": settings}
