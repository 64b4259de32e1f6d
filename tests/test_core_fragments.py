"""The home page's content is rendered once and served again to the same person while nothing changes: a change
of any data, by anyone, or the next minute renders it afresh; each person and each session gets their own."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.fragments import CSRF_MARK, kept_fragment
from blueprints.events.models import Registration
from blueprints.events.registration import register
from tests.conftest import TEST_PASSWORD, PerRequestGlobalsClient, csrf_token_from
from tests.test_core_freshness import _request
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures)

_TOKEN = re.compile(r'(?<=name="csrf_token" value=")[^"]+|(?<="X-CSRFToken": ")[^"]+')


def _home(client, count_queries) -> tuple[str, int]:
    """The home page with its CSRF tokens masked (each request signs its own, stamped to the second), and how many
    statements it took."""
    with count_queries() as statements:
        page = client.get("/").get_data(as_text=True)
    return _TOKEN.sub("TOKEN", page), len(statements)


def test_a_second_visit_asks_the_database_only_who_is_signed_in_until_data_changes(
        client, login_as, teacher, make_event, fixed_now, count_queries):
    make_event(title="读书沙龙", starts_at=NOW + timedelta(days=3))
    login_as(teacher)
    first, asked_first = _home(client, count_queries)
    again, asked_again = _home(client, count_queries)
    assert "读书沙龙" in first and again == first
    assert asked_again < asked_first and asked_again <= 3

    make_event(title="青年教师论坛", starts_at=NOW + timedelta(days=4))  # someone else's write, committed
    after, asked_after = _home(client, count_queries)
    assert "青年教师论坛" in after and "读书沙龙" in after
    assert asked_after == asked_first


def test_each_person_gets_their_own_home_page(client, login_as, make_staff, fixed_now):
    first, second = make_staff(name="王芳"), make_staff(name="刘洋")
    login_as(first)
    assert "王芳老师，您好" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login_as(second)
    page = client.get("/").get_data(as_text=True)
    assert "刘洋老师，您好" in page and "王芳" not in page


def test_the_next_minute_renders_it_afresh_without_any_write(client, login_as, teacher, make_event, app, fixed_now):
    soon = make_event(title="午间沙龙", starts_at=NOW + timedelta(seconds=30), ends_at=NOW + timedelta(minutes=50))
    register(soon, teacher, NOW - timedelta(days=1))
    db.session.commit()
    login_as(teacher)
    assert "午间沙龙" in client.get("/").get_data(as_text=True)
    app.config["FIXED_NOW"] = NOW + timedelta(minutes=51)  # over by now: no longer among my coming events
    assert "午间沙龙" not in client.get("/").get_data(as_text=True)


def _log_in_elsewhere(app, person):
    """A second session of the same person (another device)."""
    other = PerRequestGlobalsClient(app, app.response_class, use_cookies=True)
    token = csrf_token_from(other.get("/login").get_data(as_text=True))
    answer = other.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD, "csrf_token": token})
    assert answer.status_code == 303
    return other


@pytest.mark.csrf
def test_a_kept_page_carries_each_sessions_own_csrf_token(app, client, login_as, make_staff, make_event, fixed_now):
    event = make_event(title="读书沙龙", capacity=1)
    person = make_staff(name="陈静")
    registration = register(event, person, NOW).registration
    registration.notice_pending = True
    db.session.commit()
    login_as(person)
    assert "有名额空出来了" in client.get("/").get_data(as_text=True)

    phone = _log_in_elsewhere(app, person)
    page = phone.get("/").get_data(as_text=True)  # the kept content, served to another session
    assert "有名额空出来了" in page and CSRF_MARK not in page
    form_token = page.split('name="csrf_token" value="')[1].split('"')[0]
    assert form_token == csrf_token_from(page)  # the token this session's own header carries
    answer = phone.post(f"/events/notices/{registration.id}/dismiss", data={"csrf_token": form_token})
    assert answer.status_code == 303
    assert db.session.scalar(select(Registration.notice_pending).where(Registration.id == registration.id)) is False
    assert "有名额空出来了" not in client.get("/").get_data(as_text=True)


def test_what_a_request_renders_after_writing_is_not_kept(app, make_staff):
    person_id = make_staff(name="张三").id
    renders = []

    def render() -> str:
        renders.append(1)
        return f"<p>{db.session.get(Staff, person_id).name}</p>"

    with _request(app):
        db.session.get(Staff, person_id).name = "张三丰"  # changed, not yet committed: another request must not be shown it
        db.session.flush()
        assert kept_fragment("test", 1, render) == "<p>张三丰</p>"
        db.session.rollback()
    db.session.remove()  # the request ends, and its session with it
    with _request(app):
        assert kept_fragment("test", 1, render) == "<p>张三</p>"
    with _request(app):
        kept_fragment("test", 1, render)
    assert len(renders) == 2
