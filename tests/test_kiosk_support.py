"""Shared fixtures of the kiosk tests (imported by the test_kiosk_* modules): kiosks, codes, request keys."""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from app import db
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures)


def new_key() -> str:
    """A one-time request key as the kiosk script makes them."""
    return uuid.uuid4().hex


@pytest.fixture
def make_kiosk(app, make_staff):
    """Return a callable that opens a kiosk for an event (by default one under way at NOW)."""
    from blueprints.kiosk.services import open_kiosk

    organiser = []

    def make(event, *, label: str = "门口 1 号", opens: int = 60, closes: int = 30, by=None):
        if by is None:
            if not organiser:
                organiser.append(make_staff(name="组织者", role="admin"))
            by = organiser[0]
        kiosk = open_kiosk(event, label=label, opens_minutes_before=opens, closes_minutes_after=closes, by=by,
                           now=NOW - timedelta(days=1))
        db.session.commit()
        return kiosk

    return make


@pytest.fixture
def event_now(make_event):
    """An event under way at NOW: started half an hour ago, ends in ninety minutes, walk-ins welcome."""
    return make_event(starts_at=NOW - timedelta(minutes=30), title="青年教师成长沙龙")


@pytest.fixture
def code_for(app):
    """Return a callable giving a person's sign-in code (issued on first use), committed."""
    from blueprints.kiosk.codes import ensure_code

    def give(person) -> str:
        row = ensure_code(person, NOW)
        db.session.commit()
        return row.code

    return give


def test_a_kiosk_for_an_event_under_way_is_open(app, event_now, make_kiosk):
    from blueprints.kiosk.services import OPEN, kiosk_state

    assert kiosk_state(make_kiosk(event_now), NOW) == OPEN
