"""Panels on the home page: logs to confirm, my mentor, my apprentices, and the coordinators' summary."""
from __future__ import annotations

from blueprints.accounts.services import current_semester
from blueprints.core import clock
from blueprints.pairings.access import is_coordinator, sides_held
from blueprints.pairings.board import board_pairings, pairings_as, rows_for
from blueprints.pairings.logs import logs_awaiting
from blueprints.pairings.suggestions import newcomers_without_mentor

PENDING_SHOWN = 5


def build_todo(user) -> dict | None:
    """Logs the other side wrote that this person has not confirmed yet."""
    if not sides_held(user):
        return None
    logs = logs_awaiting(user)
    if not logs:
        return None
    return {"logs": logs[:PENDING_SHOWN], "count": len(logs)}


def _open_rows(user, side: str):
    """The person's active pairings on one side, with their figures; no query if they have none."""
    if side not in sides_held(user):
        return []
    pairings = [p for p in pairings_as(user, side) if p.state == "active"]
    return rows_for(pairings, today=clock.today())


def build_my_mentor(user) -> dict | None:
    """The apprentice's active mentor(s) with progress."""
    rows = _open_rows(user, "apprentice")
    return {"rows": rows} if rows else None


def build_my_apprentices(user) -> dict | None:
    """The mentor's active apprentices with progress."""
    rows = _open_rows(user, "mentor")
    return {"rows": rows} if rows else None


def build_coordinator(user) -> dict | None:
    """For the admin and the team's leaders: who still lacks a mentor, and which pairings are quiet."""
    if not is_coordinator(user):
        return None
    semester = current_semester()
    if semester is None:
        return None
    rows = rows_for([p for p in board_pairings(semester) if p.state == "active"], today=clock.today())
    return {
        "semester": semester,
        "lacking": newcomers_without_mentor(semester),
        "quiet": [row for row in rows if row.is_quiet],
        "active": len(rows),
    }
