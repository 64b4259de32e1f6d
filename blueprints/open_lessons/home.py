"""The open-lesson panel on the home page: invitations to answer, lessons to observe, feedback owed, one's own lesson."""
from __future__ import annotations

from blueprints.accounts.services import current_semester

from blueprints.core import clock
from .services import settings_for, todos_of
from .services.lessons import TEACHING_SUBJECTS


def build_home_panel(user) -> dict | None:
    """The panel's context, or None when there is nothing to do (or no open lessons are set up)."""
    semester = current_semester()
    settings = settings_for(semester)
    if semester is None or settings is None:
        return None
    moment = clock.now_local()
    todos = todos_of(semester, settings, user, moment, teaches=user.subject in TEACHING_SUBJECTS)
    if todos.empty:
        return None
    return {"todos": todos, "now": moment, "settings": settings}
