"""Shared fixtures of the selection tests (imported by the test_selection_* modules): the 2026 selection
with its default windows, a day in each phase, candidates with nominations, and a clock to move."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app import db

#: A day in each phase of the 2026 selection (nominations 20–28 Aug, voting 1–7 Sep, honours 10 Sep).
DAYS = {
    "upcoming": date(2026, 8, 10),
    "nominating": date(2026, 8, 25),
    "reviewing": date(2026, 8, 30),
    "voting": date(2026, 9, 3),
    "counting": date(2026, 9, 8),
}
NOW = datetime(2026, 9, 3, 2, 0)


@pytest.fixture
def on_day(app):
    """Return a callable that pins the school clock on a day (by phase name or date) for views and panels."""

    def set_day(day) -> date:
        day = DAYS.get(day, day)
        app.config["FIXED_TODAY"] = day
        return day

    return set_day


@pytest.fixture
def make_selection(app):
    """Return a callable that opens the 2026 selection with the default windows, unless told otherwise."""
    from blueprints.selection.models import Selection
    from blueprints.selection.rules import default_settings

    def make(year: int = 2026, **fields) -> Selection:
        settings = default_settings(year)
        values = {name: getattr(settings, name) for name in settings.__dataclass_fields__}
        values.update(fields)
        selection = Selection(**values)
        db.session.add(selection)
        db.session.commit()
        return selection

    return make


@pytest.fixture
def make_candidate(app, make_staff):
    """Return a callable that makes a colleague an accepted candidate, with one accepted nomination."""
    from blueprints.selection.models import ACCEPTED, Candidate, Nomination

    def make(selection, person=None, *, reason: str = "担任寄宿班班主任十年，每晚查寝到十点。", nominator=None) -> Candidate:
        person = person or make_staff()
        nominator = nominator or make_staff()
        candidate = Candidate(selection_id=selection.id, staff=person, reason=reason)
        db.session.add(candidate)
        db.session.add(Nomination(selection_id=selection.id, nominee=person, nominator=nominator, reason=reason,
                                  status=ACCEPTED, candidate=candidate))
        db.session.commit()
        return candidate

    return make


def test_factories_make_a_selection_in_nominations_on_the_nominating_day(make_selection, make_candidate):
    from blueprints.selection.rules import phase_of

    selection = make_selection()
    candidate = make_candidate(selection)
    assert phase_of(selection, DAYS["nominating"]) == "nominating"
    assert candidate.selection_id == selection.id and selection.votes_per_voter == 10 and selection.seats == 10
