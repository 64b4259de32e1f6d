"""The home page and the health check."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from blueprints.accounts.services import current_semester, groups_of
from blueprints.core.access import login_required, public
from blueprints.core.features import home_sections_for

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def index():
    """Greet the user with their groups, the current semester and each feature's to-dos."""
    return render_template(
        "core/index.html",
        memberships=groups_of(current_user),
        semester=current_semester(),
        sections=home_sections_for(current_user),
    )


@bp.get("/healthz")
@public
def healthz():
    """For the reverse proxy: the process answers."""
    return {"status": "ok"}
