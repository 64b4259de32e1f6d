"""The demo's kiosk data: everyone has a working code, today's trip has a kiosk that signed in latecomers."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from app import db
from blueprints.events.models import Attendance
from blueprints.kiosk.codes import person_by_code
from blueprints.kiosk.models import Kiosk, SignInCode
from blueprints.kiosk.services import OPEN, kiosk_state
from demo import seed_30_events, seed_50_kiosk
from demo.school import build_school

#: The demo's "now": 2026-11-25 10:00 in Beijing.
DEMO_NOW = datetime(2026, 11, 25, 2, 0)


@pytest.fixture
def demo(app):
    app.config["FIXED_NOW"] = DEMO_NOW
    build_school(db.session)
    seed_30_events.seed(db.session)
    summary = seed_50_kiosk.seed(db.session)
    db.session.commit()
    return summary


def test_every_active_person_has_a_distinct_working_code(demo):
    codes = list(db.session.scalars(select(SignInCode)))
    assert len(codes) == 146 and len({c.code for c in codes}) == 146
    assert person_by_code(codes[0].code).id == codes[0].staff_id


def test_todays_trip_has_an_open_kiosk_that_signed_in_latecomers(demo):
    door = db.session.scalar(select(Kiosk).where(Kiosk.label == "集合点 大巴车旁"))
    assert kiosk_state(door, DEMO_NOW) == OPEN and door.token in demo
    sources = {a.source for a in db.session.scalars(select(Attendance).where(Attendance.event_id == door.event_id))}
    assert sources == {"hand", "kiosk"}
