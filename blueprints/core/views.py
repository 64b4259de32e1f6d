"""The home page and the health check."""
from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user

from blueprints.accounts.services import current_semester, groups_of
from blueprints.core.access import login_required, public
from blueprints.core.features import home_sections_for, tools_for
from blueprints.core.fragments import kept_fragment, this_minute

bp = Blueprint("core", __name__)


@bp.get("/")
@login_required
def index():
    """Greet the user with their groups, the current semester and each feature's to-dos."""
    content = kept_fragment("home", (current_user.id, this_minute()), _home_content)
    return render_template("core/index.html", content=content)


def _home_content() -> str:
    # The panels first: their figures ride on the query that also reads the person's memberships.
    sections = home_sections_for(current_user)
    return render_template("core/_home.html", memberships=groups_of(current_user), semester=current_semester(),
                           sections=sections)


@bp.get("/manage")
@login_required
def manage():
    """The administrator's tools of every feature, in one place."""
    tools = tools_for(current_user)
    if not tools:
        abort(403)
    return render_template("core/manage.html", tools=tools)


@bp.get("/healthz")
@public
def healthz():
    """For the reverse proxy: the process answers."""
    return {"status": "ok"}
