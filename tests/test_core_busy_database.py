"""Another writer holding SQLite's lock longer than we wait: a clear Chinese 503, never a 500 with a
traceback, and nothing half-saved; once the lock is gone, the same request succeeds."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import event, func, select

from app import db
from blueprints.audit.models import AuditEntry
from tests.conftest import TEST_PASSWORD


@pytest.fixture
def short_wait(app):
    """Wait 200 ms for a lock instead of 10 s, so the test is quick."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single writer lock")

    def shorten(dbapi_connection, _record, _proxy):
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    event.listen(db.engine, "checkout", shorten)
    yield
    event.remove(db.engine, "checkout", shorten)


def test_a_locked_database_answers_busy_in_chinese_and_saves_nothing(app, client, teacher, short_wait):  # noqa: C901
    staff_no = teacher.staff_no
    entries_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    db.session.remove()
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a long import elsewhere, holding the write lock
    try:
        response = client.post("/login", data={"staff_no": staff_no, "password": TEST_PASSWORD})
        page = response.get_data(as_text=True)
        assert response.status_code == 503
        assert "系统繁忙，请稍后再试" in page and "Traceback" not in page
        assert response.headers["Retry-After"] == "5"
        htmx = client.post("/login", data={"staff_no": staff_no, "password": TEST_PASSWORD},
                           headers={"HX-Request": "true"})
        assert htmx.status_code == 503 and "<html" not in htmx.get_data(as_text=True)
        assert client.get("/").status_code in (302, 303)  # the failed login did not log anyone in
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db.session.remove()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries_before  # nothing half-written
    assert client.post("/login", data={"staff_no": staff_no, "password": TEST_PASSWORD}).status_code == 303


def test_other_database_errors_are_still_a_plain_500(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from blueprints.accounts.views import auth
    from blueprints.core.errors import is_busy

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE staff", {}, Exception("disk I/O error"))

    monkeypatch.setattr(auth, "authenticate", broken)
    response = client.post("/login", data={"staff_no": "S0001", "password": TEST_PASSWORD})
    assert response.status_code == 500 and "系统出错了" in response.get_data(as_text=True)
    assert is_busy(OperationalError("x", {}, Exception("database is locked")))
    assert not is_busy(OperationalError("x", {}, Exception("no such table: staff")))
