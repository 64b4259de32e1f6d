"""Shared fixtures of the pairings tests (imported by the test_pairings_* modules): a fixed day, a
semester, the mentoring team, mentors and newcomers, and a pairing factory."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app import db

#: The day every pairings test lives on (mid-semester).
TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 2, 0)
NEWCOMER_DAY = date(2026, 9, 1)


@pytest.fixture
def fixed_today(app):
    """Pin the pairings clock at TODAY for services, views and home panels."""
    app.config["FIXED_TODAY"] = TODAY
    return TODAY


@pytest.fixture
def semester(make_semester, fixed_today):
    """The current semester, 2026-09-01 to 2027-01-22."""
    return make_semester()


@pytest.fixture
def make_mentor(make_staff):
    """Return a callable that creates a backbone teacher (语文, 中段, 高级教师) unless told otherwise."""

    def make(**fields):
        values = {"subject": "语文", "grade_band": "中段", "title": "高级教师", "is_backbone": True}
        values.update(fields)
        return make_staff(**values)

    return make


@pytest.fixture
def make_newcomer(make_staff):
    """Return a callable that creates a teacher who arrived at the start of the semester."""

    def make(**fields):
        values = {"subject": "语文", "grade_band": "中段", "title": "未定级", "arrival_date": NEWCOMER_DAY}
        values.update(fields)
        return make_staff(**values)

    return make


@pytest.fixture
def mentor(make_mentor):
    return make_mentor(name="徐玉兰")


@pytest.fixture
def newcomer(make_newcomer):
    return make_newcomer(name="刘雪晴")


@pytest.fixture
def team_leader(make_staff, make_group):
    """A teacher who leads the 师徒帮扶工作队 group (a coordinator without being admin)."""
    leader = make_staff(name="汪志强", title="高级教师")
    make_group(name="师徒帮扶工作队", kind="team", leaders=[leader])
    return leader


@pytest.fixture
def make_pairing(app, admin, semester):
    """Return a callable that pairs a mentor and an apprentice through the service, committed."""
    from blueprints.pairings.services import create_pairing

    def make(mentor, apprentice, *, activate: bool = True, in_semester=None, **fields):
        pairing = create_pairing(
            in_semester or semester, mentor, apprentice, actor=admin, now=NOW, activate=activate, **fields
        )
        db.session.commit()
        return pairing

    return make


@pytest.fixture
def make_log(app):
    """Return a callable that writes a log straight into the database (confirmed unless told otherwise)."""
    from blueprints.pairings.models import MentoringLog

    def make(pairing, *, side="mentor", kind="observe_apprentice", held_on=date(2026, 11, 2), confirmed=True, minutes=40):
        author = pairing.mentor if side == "mentor" else pairing.apprentice
        other = pairing.apprentice if side == "mentor" else pairing.mentor
        log = MentoringLog(
            pairing=pairing, author=author, author_side=side, kind=kind, held_on=held_on,
            duration_minutes=minutes, content="听课并交流", created_at=NOW,
        )
        if confirmed:
            log.confirmed_by, log.confirmed_at = other, NOW
        db.session.add(log)
        db.session.commit()
        return log

    return make
