"""Shared fixtures of the events tests (imported by the test_events_* modules): a fixed clock and an event factory."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app import db

#: 2026-11-25 10:00 in Beijing, as stored (naive UTC).
NOW = datetime(2026, 11, 25, 2, 0)


@pytest.fixture
def fixed_now(app):
    """Pin the events clock at NOW for views and home panels."""
    app.config["FIXED_NOW"] = NOW
    return NOW


@pytest.fixture
def make_event(app, make_group):
    """Return a callable that creates a scheduled event two days ahead, two hours long, for anyone, with no limit."""
    from blueprints.events.checklist import ensure_checklist
    from blueprints.events.models import Event

    default_group = []

    def make(**fields) -> Event:
        if "group" not in fields and "group_id" not in fields:
            if not default_group:
                default_group.append(make_group(name="特级教师工作室", kind="studio"))
            fields["group"] = default_group[0]
        audience_groups = fields.pop("audience_groups", [])
        starts = fields.pop("starts_at", NOW + timedelta(days=2))
        values = {
            "kind": "growth_salon",
            "title": "教师成长沙龙",
            "place": "三楼会议室",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "audience": "groups" if audience_groups else "all",
        }
        values.update(fields)
        event = Event(**values)
        event.audience_groups = list(audience_groups)
        db.session.add(event)
        db.session.flush()
        ensure_checklist(event)
        db.session.commit()
        return event

    return make


def test_factory_makes_a_scheduled_event_for_everyone(make_event):
    event = make_event(capacity=3)
    assert event.status == "scheduled" and event.audience == "all" and event.capacity == 3
    assert event.ends_at - event.starts_at == timedelta(hours=2)
