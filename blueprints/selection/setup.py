"""Opening a year's selection, changing its settings, ending the vote early. Flush, never commit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from app import db
from blueprints.selection.locks import lock_selection
from blueprints.selection.models import Selection, Vote
from blueprints.selection.rules import VOTING, Settings, SelectionError, phase_of, settings_problems


def has_votes(selection: Selection) -> bool:
    """Whether anyone has voted (then the rules of the vote are fixed)."""
    return bool(db.session.scalar(select(func.count()).select_from(Vote).where(Vote.selection_id == selection.id)))


def _year_taken(year: int, current: Selection | None) -> bool:
    statement = select(Selection.id).where(Selection.year == year)
    if current is not None:
        statement = statement.where(Selection.id != current.id)
    return db.session.scalar(statement) is not None


def check_settings(values: Settings, current: Selection | None = None) -> dict[str, str]:
    """The settings' problems against the database: the year free, the vote's rules fixed once votes exist."""
    return settings_problems(
        values, current=current, has_votes=current is not None and has_votes(current),
        # A year out of range is refused by the rules; asking the database about it could overflow its integer.
        year_taken=2000 <= values.year <= 2100 and _year_taken(values.year, current),
    )


def save_selection(values: Settings, *, now: datetime, current: Selection | None = None) -> Selection:
    """Create a selection, or change one's settings; raises SelectionError with the first problem."""
    if current is not None:
        lock_selection(current)  # a vote arriving now waits, so "no votes yet" stays true until commit
    problems = check_settings(values, current)
    if problems:
        name, message = next(iter(problems.items()))
        raise SelectionError(message, name)
    selection = current or Selection(created_at=now)
    for name in ("year", "title", "nominate_from", "nominate_until", "vote_from", "vote_until", "award_on",
                 "votes_per_voter", "seats", "note"):
        setattr(selection, name, getattr(values, name))
    db.session.add(selection)
    db.session.flush()
    return selection


def settings_of(selection: Selection) -> Settings:
    """A selection's settings, to fill the edit form."""
    return Settings(**{name: getattr(selection, name) for name in Settings.__dataclass_fields__})


def close_voting(selection: Selection, *, today: date, now: datetime) -> None:
    """End the vote before its last day (the admin); nobody can vote or change a vote afterwards."""
    lock_selection(selection)
    if phase_of(selection, today) != VOTING:
        raise SelectionError("只有投票进行中才能提前结束投票。")
    selection.closed_at = now
    db.session.flush()
