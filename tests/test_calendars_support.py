"""Shared fixtures of the calendar tests (imported by the test_calendars_* modules): series and holiday factories.

The clock is the events' one (tests/test_events_support.py): 2026-11-25 10:00 in Beijing."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from app import db
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures re-exported)

#: When the test series were created: well before NOW.
CREATED = datetime(2026, 8, 20, 1, 0)


def template(group, **fields) -> dict:
    """Event values of a series' occurrences (what SeriesForm.details() gives)."""
    values = {
        "kind": "womens_home", "dimension": "", "group_id": group.id, "title": "妇女之家", "description": "",
        "place": "教工之家", "audience": "all", "young_max_age": 35, "audience_group_ids": [], "capacity": None,
        "walk_ins_allowed": True, "training_hours": Decimal("0"),
    }
    values.update(fields)
    return values


@pytest.fixture
def chair(make_staff, make_group):
    """The women's committee chair, leading 妇委会 (and so its series)."""
    person = make_staff(name="妇委会主任", staff_no="W0001")
    make_group(name="妇委会", kind="women", leaders=[person])
    return person


@pytest.fixture
def womens_committee(chair):
    from sqlalchemy import select

    from blueprints.accounts.models import Group

    return db.session.scalar(select(Group).where(Group.name == "妇委会"))


@pytest.fixture
def make_series(app, chair, womens_committee):
    """Return a callable that creates a committed series (default: 每月第二个周三 15:30–17:00, Sep 2026 – Jan 2027)."""
    from blueprints.calendars.recurrence import Pattern, Schedule
    from blueprints.calendars.series import create_series

    def make(pattern: Pattern | None = None, *, first: date = date(2026, 9, 1), starts: time = time(15, 30),
             ends: time = time(17, 0), opens_days_before: int | None = None, by=None, group=None, **fields):
        pattern = pattern or Pattern("monthly_nth", nth=2, nth_weekday=2, until=date(2027, 1, 22))
        series = create_series(template(group or womens_committee, **fields), Schedule(pattern, first, starts, ends),
                               opens_days_before, by or chair, CREATED)
        db.session.commit()
        return series

    return make


@pytest.fixture
def make_holiday(app, admin):
    """Return a callable that enters a holiday."""
    from blueprints.calendars.holidays import save_holiday
    from blueprints.calendars.models import Holiday

    def make(name="元旦", first=date(2027, 1, 1), last=date(2027, 1, 3), kind="public") -> Holiday:
        holiday = save_holiday(Holiday(created_by_id=admin.id),
                               {"name": name, "kind": kind, "start_date": first, "end_date": last})
        db.session.commit()
        return holiday

    return make


def test_the_default_series_is_the_womens_home_on_second_wednesdays(make_series):
    series = make_series()
    assert [o.starts_at for o in series.occurrences][:2] == [datetime(2026, 9, 9, 7, 30), datetime(2026, 10, 14, 7, 30)]
    assert NOW.year == 2026
