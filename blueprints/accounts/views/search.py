"""The shared colleague search that every "pick a colleague" field uses."""
from __future__ import annotations

from flask import render_template, request

from blueprints.accounts.services import search_staff
from blueprints.core.access import login_required

from . import bp

PICKER_LIMIT = 8


@bp.get("/search/colleagues")
@login_required
def search():
    """Up to eight colleagues matching a name, staff number or pinyin, as buttons to pick from."""
    query = request.args.get("q", "")
    people = search_staff(query, limit=PICKER_LIMIT) if len(query.strip()) >= 1 else []
    return render_template("accounts/_colleague_results.html", people=people, query=query.strip())
