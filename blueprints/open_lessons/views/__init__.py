"""The open-lessons blueprint: the list and week view, a lesson's page, observers, feedback, compliance, settings."""
from flask import Blueprint
from flask_login import current_user

from blueprints.open_lessons.services import groups_led_by

bp = Blueprint("open_lessons", __name__, url_prefix="/open-lessons")


@bp.context_processor
def _feature_links():
    """Whether to show the compliance tab (admin and group leaders); asked only when a page draws the tabs."""

    def sees_compliance() -> bool:
        return current_user.is_admin or bool(groups_led_by(current_user))

    return {"sees_compliance": sees_compliance}


from . import compliance, feedback, lessons, observers, settings, week  # noqa: E402,F401  (routes register on import)
