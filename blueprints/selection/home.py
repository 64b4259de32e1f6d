"""The selection's panel on the home page: nominate now, vote now (with the votes left), or the new honour list."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import cache

from sqlalchemy import Date, DateTime, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.core import clock
from blueprints.core.features import Figures, home_figures
from blueprints.selection.models import PENDING, Candidate, Nomination, Selection
from blueprints.selection.rules import CONFIRMED, COUNTING, NOMINATING, REVIEWING, UPCOMING, VOTING, phase_of
from blueprints.selection.voting import ballot_state

#: How long the home page shows the newly confirmed honour list.
ANNOUNCE_FOR = timedelta(days=30)


def current_selection(today) -> tuple[Selection, str, int] | None:
    """The selection people should hear about today (the latest under way, or just announced), with its phase and
    its nominations awaiting review (counted in the same query)."""
    for selection, waiting in db.session.execute(_latest_statement()):
        phase = phase_of(selection, today)
        if phase in (NOMINATING, REVIEWING, VOTING, COUNTING):
            return selection, phase, waiting
        if phase == CONFIRMED and clock.to_local(selection.confirmed_at).date() + ANNOUNCE_FOR >= today:
            return selection, phase, waiting
        if phase != UPCOMING:
            return None
    return None


@cache
def _latest_statement():
    """The three latest selections with their nominations awaiting review; built once."""
    pending = select(func.count()).select_from(Nomination).where(
        Nomination.selection_id == Selection.id, Nomination.status == PENDING).scalar_subquery()
    return select(Selection, pending).order_by(Selection.year.desc()).limit(3)


def selection_figures(user) -> Figures:
    """Whether any selection might be under way or just announced (current_selection finds none otherwise): most of
    the year none is, and the panel then costs no query of its own."""
    today = clock.today()
    return Figures(_selection_expressions(), {
        "selection_today": today,
        "selection_announced_since": clock.to_utc(datetime.combine(today - ANNOUNCE_FOR, time())),
    })


@cache
def _selection_expressions() -> dict:
    return {"selection_relevant": exists().where(or_(
        and_(Selection.confirmed_at.is_(None), Selection.nominate_from <= bindparam("selection_today", type_=Date)),
        Selection.confirmed_at >= bindparam("selection_announced_since", type_=DateTime),
    ))}


def build_panel(user) -> dict | None:
    """What the panel shows this person, or None when no selection is under way."""
    if not home_figures(user, selection_figures)["selection_relevant"]:
        return None
    today = clock.today()
    found = current_selection(today)
    if found is None:
        return None
    selection, phase, waiting = found
    panel = {"selection": selection, "phase": phase}
    if phase == VOTING:
        panel["ballot"] = ballot_state(selection, user)
    if phase == CONFIRMED:
        panel["honoured"] = list(db.session.scalars(
            select(Candidate).where(Candidate.selection_id == selection.id, Candidate.award_id.is_not(None))
            .options(joinedload(Candidate.staff))
        ))
    if user.is_admin and phase in (NOMINATING, REVIEWING):
        panel["pending"] = waiting
    return panel
