"""Logging in and out, the lockout, safe redirects and the forced password change."""
from datetime import datetime, timedelta

import pytest

from app import db
from blueprints.accounts.passwords import authenticate, password_problem
from tests.conftest import TEST_PASSWORD


def test_login_with_staff_number_and_password_reaches_home(client, teacher):
    response = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD})
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "张三老师，您好" in page


def test_wrong_password_says_so_and_counts_down(client, teacher):
    page = client.post("/login", data={"staff_no": teacher.staff_no, "password": "nope"}).get_data(as_text=True)
    assert "工号或密码不正确" in page
    assert "再错 4 次" in page


def test_unknown_staff_number_gets_the_same_message(client):
    page = client.post("/login", data={"staff_no": "X999", "password": "whatever1"}).get_data(as_text=True)
    assert "工号或密码不正确" in page


def test_full_width_staff_number_is_normalised(client, make_staff):
    person = make_staff(staff_no="T0123")
    response = client.post("/login", data={"staff_no": "Ｔ０１２３", "password": TEST_PASSWORD})
    assert response.status_code == 303


def test_fifth_failure_locks_the_account_even_for_the_right_password(app, teacher):
    now = datetime(2026, 11, 25, 9, 0)
    for _ in range(5):
        result = authenticate(teacher.staff_no, "wrong", now)
    assert "已锁定 15 分钟" in result.error
    blocked = authenticate(teacher.staff_no, TEST_PASSWORD, now + timedelta(minutes=5))
    assert blocked.staff is None and "11 分钟后再试" in blocked.error
    later = authenticate(teacher.staff_no, TEST_PASSWORD, now + timedelta(minutes=16))
    assert later.staff == teacher


def test_locked_account_is_told_on_the_login_page(client, teacher):
    for _ in range(5):
        client.post("/login", data={"staff_no": teacher.staff_no, "password": "wrong"})
    page = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD}).get_data(as_text=True)
    assert "账号已暂时锁定" in page
    assert client.get("/").status_code == 303  # still not logged in


def test_deactivated_person_cannot_log_in(client, make_staff):
    person = make_staff(is_active_member=False)
    page = client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD}).get_data(as_text=True)
    assert "已停用" in page


def test_deactivation_ends_a_running_session(client, login_as, teacher):
    login_as(teacher)
    teacher.is_active_member = False
    db.session.commit()
    assert client.get("/").status_code == 303


@pytest.mark.parametrize("target", ["/staff/", "/groups/?x=1"])
def test_next_leads_back_to_the_page_asked_for(client, teacher, target):
    response = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD, "next": target})
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", "evil"])
def test_next_never_leads_off_the_site(client, teacher, target):
    response = client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD, "next": target})
    assert response.headers["Location"] == "/"


def test_anonymous_visitor_is_sent_to_login_with_next(client):
    response = client.get("/staff/")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/login?next=/staff/")


def test_htmx_request_of_an_expired_session_redirects_the_whole_page(client):
    response = client.get("/staff/?q=zs", headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/login")


def test_logout_ends_the_session(client, login_as, teacher):
    login_as(teacher)
    response = client.post("/logout")
    assert response.status_code == 303
    assert client.get("/").status_code == 303


def test_logout_is_not_a_get(client, login_as, teacher):
    login_as(teacher)
    assert client.get("/logout").status_code == 405


def test_first_login_forces_a_password_change(client, make_staff):
    person = make_staff(must_change_password=True)
    client.post("/login", data={"staff_no": person.staff_no, "password": TEST_PASSWORD})
    response = client.get("/staff/")
    assert response.status_code == 303 and response.headers["Location"] == "/password"
    page = client.get("/password").get_data(as_text=True)
    assert "请先设置自己的新密码" in page
    response = client.post(
        "/password",
        data={"current_password": TEST_PASSWORD, "new_password": "tiandi-new-9", "confirm_password": "tiandi-new-9"},
    )
    assert response.status_code == 303
    assert client.get("/staff/").status_code == 200
    assert not person.must_change_password


@pytest.mark.parametrize(
    "new, confirm, message",
    [
        ("short1", "short1", "至少需要 8 位"),
        ("12345678", "12345678", "太容易被猜到"),
        ("good-pass-1", "other-pass-1", "两次输入的新密码不一致"),
        (TEST_PASSWORD, TEST_PASSWORD, "不能与当前密码相同"),
    ],
)
def test_bad_new_password_is_refused_next_to_the_field(client, login_as, teacher, new, confirm, message):
    login_as(teacher)
    page = client.post(
        "/password", data={"current_password": TEST_PASSWORD, "new_password": new, "confirm_password": confirm}
    ).get_data(as_text=True)
    assert message in page
    login_again = client.post("/logout")
    assert client.post("/login", data={"staff_no": teacher.staff_no, "password": TEST_PASSWORD}).status_code == 303


def test_wrong_current_password_is_refused(client, login_as, teacher):
    login_as(teacher)
    page = client.post(
        "/password", data={"current_password": "not-it", "new_password": "fresh-pass-7", "confirm_password": "fresh-pass-7"}
    ).get_data(as_text=True)
    assert "当前密码不正确" in page


def test_password_equal_to_staff_number_is_refused():
    assert password_problem("T00012345", "T00012345") is not None
    assert password_problem("T0001", "aaaaaaaa") is not None
    assert password_problem("T0001", "qingchun-2026") is None
