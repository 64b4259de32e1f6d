"""Shared fixtures of the honours tests (imported by the test_honours_* modules): a fixed day and an award factory."""
from __future__ import annotations

from datetime import date

import pytest

from app import db

TODAY = date(2026, 11, 25)


@pytest.fixture
def fixed_today(app):
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


@pytest.fixture
def make_award(app, make_staff):
    """Return a callable that registers a teacher's county first prize, unless told otherwise."""
    from blueprints.honours.models import Award

    def make(**fields) -> Award:
        values = {"recipient_kind": "teacher", "title": "开化县小学语文优质课评比", "category": "优质课评比",
                  "level": "县", "grade": "一等奖", "awarded_on": date(2026, 5, 22), "issuer": "开化县教育局"}
        values.update(fields)
        if values["recipient_kind"] == "teacher" and "staff_id" not in values and "staff" not in values:
            values["staff"] = make_staff()
        award = Award(**values)
        db.session.add(award)
        db.session.commit()
        return award

    return make


def test_factory_makes_a_teachers_county_first_prize(make_award):
    award = make_award()
    assert award.summary == "县级开化县小学语文优质课评比一等奖" and award.recipient_label == award.staff.name
