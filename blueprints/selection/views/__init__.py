"""The selection blueprint: the yearly selection, nominations, the admin's review, the ballot, results."""
from __future__ import annotations

from flask import Blueprint, abort
from sqlalchemy import select

from app import db
from blueprints.selection.models import Selection

bp = Blueprint("selection", __name__, url_prefix="/selection")


def load_selection(year: int) -> Selection:
    """The selection of the year in the URL, or 404."""
    selection = db.session.scalar(select(Selection).where(Selection.year == year))
    if selection is None:
        abort(404)
    return selection


from . import ballot, nominate, overview, review, settings  # noqa: E402,F401  (routes register on import)
