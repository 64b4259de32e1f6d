"""Security headers on every response, the idle-session timeout and the lockout by address."""
from __future__ import annotations

from datetime import datetime, timedelta

from blueprints.core.security import CONTENT_SECURITY_POLICY
from tests.conftest import TEST_PASSWORD


def test_pages_carry_a_strict_csp_and_no_framing(client, login_as, teacher):
    login_as(teacher)
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_error_pages_and_login_page_carry_the_headers_too(client):
    for path in ("/login", "/no-such-page"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_non_html_answers_get_nosniff_but_no_page_policy(client):
    response = client.get("/healthz")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    if response.mimetype != "text/html":
        assert "Content-Security-Policy" not in response.headers


def test_static_files_are_not_sniffed(client):
    response = client.get("/static/js/app.js")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response.close()


def test_session_cookie_is_httponly_and_lax(client, teacher):
    response = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_an_idle_session_ends_and_says_why(app, client, login_as, teacher):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(SECURITY_NOW=start, SESSION_IDLE_MINUTES=120)
    login_as(teacher)
    app.config["SECURITY_NOW"] = start + timedelta(minutes=119)
    assert client.get("/").status_code == 200  # still active; this visit counts as activity
    app.config["SECURITY_NOW"] = start + timedelta(minutes=119 + 121)
    response = client.get("/")
    assert response.status_code == 303 and "/login" in response.headers["Location"]
    page = client.get("/login").get_data(as_text=True)
    assert "已自动退出" in page
    assert client.get("/").status_code in (302, 303)  # really logged out


def test_active_use_keeps_the_session(app, client, login_as, teacher):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(SECURITY_NOW=start, SESSION_IDLE_MINUTES=30)
    login_as(teacher)
    for step in range(1, 6):
        app.config["SECURITY_NOW"] = start + timedelta(minutes=25 * step)
        assert client.get("/").status_code == 200


def test_guessing_many_accounts_from_one_address_is_stopped(app, client, make_staff):
    app.config.update(LOGIN_ADDRESS_MAX_FAILURES=6, LOGIN_MAX_FAILURES=5)
    people = [make_staff() for _ in range(3)]
    for person in people:  # two wrong guesses per account: no account reaches its own lock
        for _ in range(2):
            client.post("/login", data={"staff_no": person.staff_no, "password": "wrong-guess"})
    other = make_staff()
    response = client.post("/login", data={"staff_no": other.staff_no, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "这台电脑登录失败次数过多" in response.get_data(as_text=True)
    # Another address is not affected.
    response = client.post("/login", data={"staff_no": other.staff_no, "password": TEST_PASSWORD},
                           environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert response.status_code == 303


def test_address_lock_ends_after_the_window(app, client, make_staff):
    start = datetime(2026, 11, 25, 1, 0)
    app.config.update(LOGIN_ADDRESS_MAX_FAILURES=2, SECURITY_NOW=start)
    person = make_staff()
    for _ in range(2):
        client.post("/login", data={"staff_no": "nobody", "password": "wrong-guess"})
    blocked = client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD})
    assert "这台电脑登录失败次数过多" in blocked.get_data(as_text=True)
    app.config["SECURITY_NOW"] = start + timedelta(minutes=app.config["LOGIN_LOCK_MINUTES"] + 1)
    assert client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD}).status_code == 303


def test_behind_the_local_nginx_the_forwarded_client_is_the_address(app, client, make_staff):
    app.config["LOGIN_ADDRESS_MAX_FAILURES"] = 2
    person = make_staff()
    for _ in range(2):
        client.post("/login", data={"staff_no": "nobody", "password": "wrong-guess"},
                    headers={"X-Forwarded-For": "6.6.6.6, 10.1.1.1"})
    # Another school computer behind the same nginx can still log in.
    ok = client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD},
                     headers={"X-Forwarded-For": "10.1.1.2"})
    assert ok.status_code == 303
    # The guessing computer itself stays blocked.
    client.post("/logout")
    blocked = client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD},
                          headers={"X-Forwarded-For": "10.1.1.1"})
    assert "这台电脑登录失败次数过多" in blocked.get_data(as_text=True)
