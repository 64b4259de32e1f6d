"""Security timings run on the real wall clock, whatever the business clock says: a demo that pins the
school's day (FIXED_TODAY / FIXED_NOW) still ends idle sessions and lifts lockouts on time."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from app import db
from blueprints.audit.models import AuditEntry
from blueprints.core.security import security_now
from tests.conftest import TEST_PASSWORD

DEMO_DAY = date(2026, 11, 25)


def test_the_security_clock_is_real_time_even_when_the_business_day_is_pinned(app):
    app.config.update(FIXED_NOW=datetime(2020, 1, 1, 0, 0), FIXED_TODAY=date(2020, 1, 1))
    real = datetime.now(timezone.utc).replace(tzinfo=None)
    assert abs(security_now() - real) < timedelta(seconds=5)


def test_tests_move_the_security_clock_with_a_value_or_a_function(app):
    moment = datetime(2026, 11, 25, 3, 0)
    app.config["SECURITY_NOW"] = moment
    assert security_now() == moment
    app.config["SECURITY_NOW"] = lambda: moment + timedelta(minutes=5)
    assert security_now() == moment + timedelta(minutes=5)


def test_an_idle_session_ends_while_the_demo_day_stands_still(app, client, login_as, teacher):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(FIXED_TODAY=DEMO_DAY, SECURITY_NOW=start, SESSION_IDLE_MINUTES=30)
    login_as(teacher)
    app.config["SECURITY_NOW"] = start + timedelta(minutes=31)
    response = client.get("/")
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    assert "已自动退出" in client.get("/login").get_data(as_text=True)


def test_a_pinned_business_clock_running_ahead_does_not_end_a_fresh_session(app, client, login_as, teacher):
    # Before the fix the idle clock read the business clock: moving FIXED_NOW alone ended sessions.
    app.config.update(FIXED_NOW=datetime(2026, 11, 25, 1, 0), SESSION_IDLE_MINUTES=30)
    login_as(teacher)
    app.config["FIXED_NOW"] = datetime(2026, 11, 26, 1, 0)
    assert client.get("/").status_code == 200


def test_the_address_lockout_ends_after_the_real_window_with_the_demo_day_pinned(app, client, make_staff):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(FIXED_TODAY=DEMO_DAY, SECURITY_NOW=start, LOGIN_ADDRESS_MAX_FAILURES=2)
    person = make_staff()
    for _ in range(2):
        client.post("/login", data={"staff_no": "nobody", "password": "wrong-guess"})
    app.config["SECURITY_NOW"] = start + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] - 1)
    blocked = client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD})
    assert "这台电脑登录失败次数过多" in blocked.get_data(as_text=True)
    # The refusal is itself a failure (recorded at start + 14): the window runs from the last one.
    app.config["SECURITY_NOW"] = start + timedelta(minutes=2 * app.config["LOGIN_LOCK_MINUTES"] + 1)
    assert client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD}).status_code == 303


def test_the_account_lock_ends_on_the_security_clock(app, client, teacher):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(FIXED_NOW=start, SECURITY_NOW=start)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.post("/login", data={"staff_no": teacher.staff_no, "password": "wrong-guess"})
    locked = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    assert "账号已暂时锁定" in locked.get_data(as_text=True)
    app.config["SECURITY_NOW"] = start + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    assert client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD}).status_code == 303


def test_audit_entries_are_stamped_with_real_time_not_the_demo_day(app, client, teacher):
    moment = datetime(2026, 11, 25, 6, 30)
    app.config.update(FIXED_NOW=datetime(2020, 1, 1, 0, 0), SECURITY_NOW=moment)
    client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "login.success")).one()
    assert entry.at == moment
