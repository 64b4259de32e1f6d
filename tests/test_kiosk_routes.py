"""The kiosk in a browser's shoes: the secret link reaches only its own event's kiosk, retries change nothing,
closed links are refused, and personal codes can be re-issued."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.events.models import Attendance
from blueprints.events.registration import register
from blueprints.kiosk.models import KioskRequest
from blueprints.kiosk.services import revoke_kiosk
from tests.test_kiosk_support import NOW, code_for, event_now, fixed_now, make_event, make_kiosk, new_key  # noqa: F401


def _base(kiosk) -> str:
    return f"/kiosk/k/{kiosk.token}"


def _scan(client, kiosk, code, key=None, **headers):
    return client.post(_base(kiosk) + "/sign-in", data={"code": code, "key": key or new_key()}, headers=headers)


def _attendance_of(event) -> list[Attendance]:
    db.session.expire_all()
    return list(db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)))


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_kiosk_page_needs_no_login_and_offers_nothing_else(client, fixed_now, event_now, make_kiosk):
    kiosk = make_kiosk(event_now)
    response = client.get(_base(kiosk))
    page = _text(response)
    assert response.status_code == 200
    assert "青年教师成长沙龙" in page and "已签到" in page and "/ 报名 0" in page
    assert 'id="kiosk-field"' in page and "js/kiosk.js" in page
    assert "<nav" not in page and "/events" not in page and "退出" not in page
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Referrer-Policy"] == "no-referrer"


def test_an_unknown_token_is_no_page_at_all(client, fixed_now, event_now, make_kiosk):
    make_kiosk(event_now)
    assert client.get("/kiosk/k/not-a-real-token").status_code == 404
    assert client.post("/kiosk/k/not-a-real-token/sign-in", data={"code": "X", "key": new_key()}).status_code == 404


def test_a_scan_signs_in_and_a_second_scan_says_already(client, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk, code = make_kiosk(event_now), code_for(teacher)
    first = _text(_scan(client, kiosk, code))
    assert "签到成功" in first and "张三" in first and "10:00" in first and "撤销这次签到" in first
    second = _text(_scan(client, kiosk, code.lower()))
    assert "张三 已于 10:00 签到" in second and "已签到" in second
    assert [(a.staff_id, a.source) for a in _attendance_of(event_now)] == [(teacher.id, "kiosk")]


def test_a_retried_request_gets_the_first_answer_and_stores_nothing_new(client, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk, code, key = make_kiosk(event_now), code_for(teacher), new_key()
    first = _scan(client, kiosk, code, key)
    retry = _scan(client, kiosk, code, key)
    assert first.headers["X-Kiosk-Replayed"] == "0" and retry.headers["X-Kiosk-Replayed"] == "1"
    assert "签到成功" in _text(retry) and "已于" not in _text(retry)
    assert db.session.scalar(select(func.count()).select_from(KioskRequest)) == 1
    assert len(_attendance_of(event_now)) == 1


def test_the_token_signs_in_to_its_own_event_only(client, fixed_now, event_now, make_event, make_kiosk, teacher, code_for):
    other = make_event(starts_at=NOW - timedelta(minutes=10), title="妇女之家")
    kiosk = make_kiosk(event_now)
    client.post(_base(kiosk) + "/sign-in", data={"code": code_for(teacher), "key": new_key(), "event_id": other.id})
    assert len(_attendance_of(event_now)) == 1 and _attendance_of(other) == []


def test_the_kiosk_opens_no_other_page(client, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk = make_kiosk(event_now)
    _scan(client, kiosk, code_for(teacher))
    for url in ["/", "/events/", f"/events/{event_now.id}/manage", f"/kiosk/events/{event_now.id}",
                f"/kiosk/events/{event_now.id}/attendance", "/kiosk/my-code", "/staff/", f"{_base(kiosk)}/../../my-code"]:
        response = client.get(url)
        assert response.status_code in (303, 404) and "/kiosk/k/" not in response.headers.get("Location", ""), url
        if response.status_code == 303:
            assert "/login" in response.headers["Location"], url
    assert client.post(f"/events/{event_now.id}/attendance", data={"staff_id": teacher.id}).status_code == 303


def test_a_link_that_is_not_open_yet_waits_and_refreshes(client, fixed_now, make_event, make_kiosk, teacher, code_for):
    kiosk = make_kiosk(make_event(starts_at=NOW + timedelta(days=1)))
    page = client.get(_base(kiosk))
    assert page.status_code == 200 and "签到将于" in _text(page) and 'data-reload-after="30"' in _text(page)
    assert "签到已关闭" in _text(_scan(client, kiosk, code_for(teacher)))


def test_an_expired_link_is_refused(client, app, event_now, make_kiosk, teacher, code_for):
    kiosk = make_kiosk(event_now, closes=10)
    app.config["FIXED_NOW"] = event_now.ends_at + timedelta(minutes=11)
    page = client.get(_base(kiosk))
    assert page.status_code == 410 and "签到已结束" in _text(page) and event_now.title not in _text(page)
    assert "签到已关闭" in _text(_scan(client, kiosk, code_for(teacher)))
    assert _attendance_of(event_now) == []


def test_a_revoked_link_is_refused_at_once(client, fixed_now, event_now, make_kiosk, teacher, admin, code_for):
    kiosk = make_kiosk(event_now)
    revoke_kiosk(kiosk, by=admin, now=NOW)
    db.session.commit()
    assert client.get(_base(kiosk)).status_code == 410
    assert "签到已关闭" in _text(_scan(client, kiosk, code_for(teacher)))
    count = client.get(_base(kiosk) + "/count")
    assert count.headers.get("HX-Refresh") == "true"
    assert _attendance_of(event_now) == []


def test_a_reissued_code_replaces_the_old_one(client, login_as, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk, old = make_kiosk(event_now), code_for(teacher)
    login_as(teacher)
    form = re.search(r'<form method="post" action="/kiosk/my-code/reissue">(.*?)</form>', _text(client.get("/kiosk/my-code")), re.S)
    fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.group(1)))
    response = client.post("/kiosk/my-code/reissue", data=fields)  # exactly what the page's button sends
    assert response.status_code == 303
    page = _text(client.get("/kiosk/my-code"))
    assert "已生成新的签到码" in page
    new = re.search(r'class="my-code-text">([0-9A-Z]{5}) ([0-9A-Z]{5})<', page)
    assert new and new.group(1) + new.group(2) != old
    assert "签到码无效" in _text(_scan(client, kiosk, old))
    assert "签到成功" in _text(_scan(client, kiosk, new.group(1) + " " + new.group(2)))


def test_name_search_from_two_characters_shows_names_only(client, fixed_now, event_now, make_kiosk, make_staff):
    zhang = make_staff(name="张三", staff_no="T0321", subject="数学")
    kiosk = make_kiosk(event_now)
    assert "kiosk-name" not in _text(client.get(_base(kiosk) + "/search?q=z"))
    found = _text(client.get(_base(kiosk) + "/search?q=zs"))
    assert f'data-staff-id="{zhang.id}"' in found and ">张三<" in found
    assert "T0321" not in found and "数学" not in found
    assert "kiosk-name" not in _text(client.get(_base(kiosk) + "/search?q=T0321"))
    assert "没有找到" in _text(client.get(_base(kiosk) + "/search?q=qqqq"))


def test_tapping_a_name_signs_in_and_the_count_follows(client, fixed_now, event_now, make_kiosk, make_staff):
    zhang, li = make_staff(name="张三"), make_staff(name="李四")
    register(event_now, li, NOW - timedelta(days=1))
    register(event_now, zhang, NOW - timedelta(days=1))
    db.session.commit()
    kiosk = make_kiosk(event_now)
    answer = client.post(_base(kiosk) + "/sign-in", data={"staff_id": zhang.id, "key": new_key()})
    assert "签到成功" in _text(answer) and "张三" in _text(answer)
    assert "<strong class=\"count-number\">1</strong>" in _text(client.get(_base(kiosk) + "/count"))
    assert "/ 报名 2" in _text(client.get(_base(kiosk) + "/count"))


def test_not_listed_when_walk_ins_are_not_allowed(client, fixed_now, make_event, make_kiosk, teacher, code_for):
    kiosk = make_kiosk(make_event(starts_at=NOW - timedelta(minutes=5), walk_ins_allowed=False))
    answer = _text(_scan(client, kiosk, code_for(teacher)))
    assert "不在本次活动名单" in answer and "张三" not in answer


def test_undo_through_the_kiosk_and_only_its_own(client, fixed_now, event_now, make_kiosk, teacher):
    door, hall = make_kiosk(event_now), make_kiosk(event_now, label="门口 2 号")
    made = client.post(_base(door) + "/sign-in", data={"staff_id": teacher.id, "key": new_key()})
    request_id = re.search(r'data-request="(\d+)"', _text(made)).group(1)
    refused = client.post(_base(hall) + "/undo", data={"request": request_id, "key": new_key()})
    assert "无法撤销" in _text(refused) and len(_attendance_of(event_now)) == 1
    undone = client.post(_base(door) + "/undo", data={"request": request_id, "key": new_key()})
    assert "已撤销签到" in _text(undone) and _attendance_of(event_now) == []


def test_a_request_without_a_proper_key_changes_nothing(client, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk = make_kiosk(event_now)
    for key in ["", "short", "x" * 65, "bad key with spaces!!"]:
        response = client.post(_base(kiosk) + "/sign-in", data={"code": code_for(teacher), "key": key})
        assert response.status_code == 400 and "页面已过期" in _text(response)
    assert client.post(_base(kiosk) + "/sign-in", data={"key": new_key()}).status_code == 400
    assert _attendance_of(event_now) == []


@pytest.mark.csrf
def test_kiosk_posts_carry_the_pages_csrf_token(client, fixed_now, event_now, make_kiosk, teacher, code_for):
    kiosk, code = make_kiosk(event_now), code_for(teacher)
    page = _text(client.get(_base(kiosk)))
    token = re.search(r'data-csrf="([^"]+)"', page).group(1)
    refused = _scan(client, kiosk, code)
    assert refused.status_code == 400 and "data-outcome" not in _text(refused)
    assert _attendance_of(event_now) == []
    assert "签到成功" in _text(_scan(client, kiosk, code, **{"X-CSRFToken": token}))
