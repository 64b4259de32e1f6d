"""School-wide figures are kept between requests only while no data has changed: every transaction that writes
raises data_version in the same transaction, wherever it comes from, and a kept value is used only at the version
it was counted at."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
from flask import g
from sqlalchemy import insert, select, update

from app import create_app, db
from blueprints.accounts.models import Staff
from blueprints.core.freshness import cached, data_version
from blueprints.core.models import DataVersion
from tests.test_dashboard_outcomes import world  # noqa: F401  (fixture)
from tests.test_events_support import make_event  # noqa: F401  (fixture)
from tests.test_open_lessons_fixtures import lesson_school, make_lesson  # noqa: F401  (fixtures)


@contextmanager
def _request(app):
    """A request of its own: the test's app context stays pushed, so its `g` is emptied as a server's would be new."""
    with app.test_request_context("/"):
        for name in list(g):
            g.pop(name)
        yield


def _version() -> int:
    return db.session.scalar(select(DataVersion.version))


def _counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return calls, compute


def test_a_commit_that_writes_raises_the_version_and_one_that_only_reads_does_not(app, make_staff):
    before = _version()
    make_staff(name="张三")  # the factory commits
    after_write = _version()
    assert after_write == before + 1
    db.session.scalars(select(Staff)).all()
    db.session.commit()
    assert _version() == after_write


def test_bulk_statements_through_the_session_raise_the_version_too(app, make_staff):
    person = make_staff(name="张三")
    before = _version()
    db.session.execute(update(Staff).where(Staff.id == person.id).values(subject="数学"))
    db.session.commit()
    assert _version() == before + 1
    db.session.execute(insert(Staff), [{"staff_no": "X9001", "name": "李四", "gender": "F", "role": "teacher",
                                        "is_active_member": True}])
    db.session.commit()
    assert _version() == before + 2


def test_a_rolled_back_write_leaves_the_version_alone(app, make_staff):
    person = make_staff(name="张三")
    before = _version()
    person.subject = "美术"
    db.session.flush()
    db.session.rollback()
    assert _version() == before


def test_a_kept_value_is_used_until_the_data_changes(app, make_staff):
    calls, compute = _counter()
    with _request(app):
        assert cached("figure", "k", compute) == 1
    with _request(app):
        assert cached("figure", "k", compute) == 1  # nothing changed: not counted again
        assert cached("figure", "other key", compute) == 2
    make_staff(name="新同事")
    with _request(app):
        assert cached("figure", "k", compute) == 3
    assert len(calls) == 3


def test_a_request_that_wrote_and_committed_does_not_read_what_was_kept_before_its_write(app, make_staff):
    calls, compute = _counter()
    with _request(app):
        assert cached("figure", "k", compute) == 1
    with _request(app):
        assert cached("figure", "k", compute) == 1  # read at this request's first version
        make_staff(name="新同事")  # the request writes and commits, then draws the list again
        assert cached("figure", "k", compute) == 2
    assert len(calls) == 2


def test_a_database_without_the_version_row_never_keeps_anything(app):
    db.session.execute(DataVersion.__table__.delete())
    db.session.commit()
    calls, compute = _counter()
    try:
        for _ in range(2):
            with _request(app):
                assert data_version() is None
                cached("figure", "k", compute)
        assert len(calls) == 2
    finally:
        db.session.execute(insert(DataVersion), [{"id": 1, "version": 0}])
        db.session.commit()


def test_a_change_made_by_another_process_is_seen_at_once(app, database_url, make_staff):
    """Two app instances on one database stand for two gunicorn workers: each keeps its own values."""
    calls, compute = _counter()
    with _request(app):
        cached("figure", "k", compute)
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "x"})
    with other.app_context():
        db.session.add(Staff(staff_no="X9002", name="王五", gender="M", role="teacher"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    db.session.remove()
    with _request(app):
        cached("figure", "k", compute)
    assert len(calls) == 2


@pytest.mark.parametrize("change", ["lesson", "attendance"])
def test_the_admins_home_panel_counts_a_change_at_once(client, login_as, world, admin, make_lesson, change):
    login_as(admin)
    first = client.get("/").get_data(as_text=True)
    assert "申报 <strong>3</strong>" in first and "签到 <strong>3</strong>" in first
    if change == "lesson":
        make_lesson(world["people"][3], period=5, topic="新课")
    else:
        from blueprints.events.models import Attendance, Event

        held = db.session.scalar(select(Event).where(Event.title == "成长沙龙"))
        db.session.add(Attendance(event=held, staff=world["people"][5], signed_in_at=held.starts_at))
        db.session.commit()
    again = client.get("/").get_data(as_text=True)
    if change == "lesson":
        assert "申报 <strong>4</strong>" in again
    else:
        assert "签到 <strong>4</strong>" in again


def test_the_admins_home_panel_moves_with_the_clock_though_no_data_changed(app, client, login_as, world, admin):
    login_as(admin)
    assert "已上 <strong>2</strong>" in client.get("/").get_data(as_text=True)
    # 10 December: the third lesson (司马光) has been given since.
    app.config["FIXED_NOW"] = datetime(2026, 12, 10, 12, 0)
    assert "已上 <strong>3</strong>" in client.get("/").get_data(as_text=True)
