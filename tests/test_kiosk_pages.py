"""Organisers' kiosk pages and attendance by means; 我的签到码; the admin's badge sheets."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from app import db
from blueprints.events.operations import record_attendance
from blueprints.events.registration import register
from blueprints.kiosk.models import Kiosk, SignInCode
from blueprints.kiosk.signin import sign_in
from tests.test_kiosk_support import NOW, event_now, fixed_now, make_event, make_kiosk, new_key  # noqa: F401


def _text(response) -> str:
    return response.get_data(as_text=True)


def _leader(make_staff, make_group, event):
    from blueprints.accounts.models import Membership

    leader = make_staff(name="林组长")
    db.session.add(Membership(group_id=event.group_id, staff_id=leader.id, is_leader=True))
    db.session.commit()
    return leader


def test_the_event_page_links_to_its_kiosks(client, login_as, admin, fixed_now, event_now):
    login_as(admin)
    page = _text(client.get(f"/events/{event_now.id}/manage"))
    assert f"/kiosk/events/{event_now.id}" in page and f"/kiosk/events/{event_now.id}/attendance" in page


def test_a_group_leader_opens_a_kiosk_and_gets_its_link_and_qr(client, login_as, fixed_now, event_now, make_staff, make_group):
    login_as(_leader(make_staff, make_group, event_now))
    response = client.post(f"/kiosk/events/{event_now.id}/kiosks",
                           data={"label": "报告厅门口", "opens_minutes_before": 30, "closes_minutes_after": 15})
    assert response.status_code == 303
    kiosk = db.session.scalars(select(Kiosk)).one()
    assert (kiosk.label, kiosk.opens_minutes_before, kiosk.closes_minutes_after) == ("报告厅门口", 30, 15)
    page = _text(client.get(response.headers["Location"]))
    assert "已开启签到机「报告厅门口」" in page and f"http://localhost/kiosk/k/{kiosk.token}" in page
    assert 'src="data:image/svg+xml' in page and "可以签到" in page


def test_kiosk_form_errors_are_shown_and_nothing_is_opened(client, login_as, admin, fixed_now, event_now):
    login_as(admin)
    response = client.post(f"/kiosk/events/{event_now.id}/kiosks",
                           data={"label": "", "opens_minutes_before": 90, "closes_minutes_after": -1})
    page = _text(response)
    assert response.status_code == 200
    assert "请填写签到机名称" in page and "应在 0 到 60 分钟之间" in page and "应在 0 到 30 分钟之间" in page
    assert db.session.scalars(select(Kiosk)).all() == []


def test_no_kiosk_for_a_cancelled_event(client, login_as, admin, fixed_now, make_event):
    event = make_event(status="cancelled")
    login_as(admin)
    assert "活动已取消，不能再开启签到机" in _text(client.get(f"/kiosk/events/{event.id}"))
    client.post(f"/kiosk/events/{event.id}/kiosks", data={"label": "门口", "opens_minutes_before": 30, "closes_minutes_after": 15})
    assert db.session.scalars(select(Kiosk)).all() == []


def test_revoking_a_kiosk(client, login_as, admin, fixed_now, event_now, make_kiosk):
    kiosk = make_kiosk(event_now)
    login_as(admin)
    response = client.post(f"/kiosk/events/{event_now.id}/kiosks/{kiosk.id}/revoke", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.headers["HX-Redirect"] == f"/kiosk/events/{event_now.id}"
    page = _text(client.get(f"/kiosk/events/{event_now.id}"))
    assert "已停用" in page and kiosk.token not in page
    assert client.get(f"/kiosk/k/{kiosk.token}").status_code == 410


def test_only_organisers_reach_kiosk_pages(client, login_as, teacher, fixed_now, event_now, make_kiosk):
    kiosk = make_kiosk(event_now)
    login_as(teacher)
    for url in [f"/kiosk/events/{event_now.id}", f"/kiosk/events/{event_now.id}/attendance"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/kiosk/events/{event_now.id}/kiosks", data={"label": "x"}).status_code == 403
    assert client.post(f"/kiosk/events/{event_now.id}/kiosks/{kiosk.id}/revoke").status_code == 403
    assert client.get("/kiosk/events/99999").status_code == 404


def test_a_kiosk_of_another_event_cannot_be_revoked_through_this_one(client, login_as, admin, fixed_now, event_now, make_event, make_kiosk):
    kiosk = make_kiosk(make_event(title="别的活动"))
    login_as(admin)
    assert client.post(f"/kiosk/events/{event_now.id}/kiosks/{kiosk.id}/revoke").status_code == 404


def _attendance_scene(event, make_staff, make_kiosk, admin, people: int):
    seated = [make_staff() for _ in range(people)]
    for person in seated:
        register(event, person, NOW - timedelta(days=1))
    kiosk = make_kiosk(event, label="报告厅门口")
    for person in seated[: people // 2]:
        sign_in(kiosk, new_key(), NOW, staff_id=person.id)
    record_attendance(event, seated[-1], NOW, source="hand", by=admin)
    sign_in(kiosk, new_key(), NOW, staff_id=make_staff(name="现场来宾").id)
    db.session.commit()
    return seated


def test_attendance_by_means_and_who_did_not_come(client, login_as, admin, fixed_now, event_now, make_staff, make_kiosk):
    seated = _attendance_scene(event_now, make_staff, make_kiosk, admin, 4)
    login_as(admin)
    page = _text(client.get(f"/kiosk/events/{event_now.id}/attendance"))
    arrived, absent = page.split("<h2>报名未到</h2>")
    assert "签到机 <small class=\"muted\">报告厅门口</small>" in arrived
    assert "手工登记 <small class=\"muted\">管理员</small>" in arrived
    assert "现场来宾" in arrived and "现场签到" in arrived
    assert seated[2].name in absent and seated[0].name not in absent
    assert "报名 <strong>4</strong>" in page and "已签到 <strong>4</strong>" in page and "报名未到 <strong>1</strong>" in page


def test_attendance_page_queries_do_not_grow_with_the_people(client, login_as, admin, fixed_now, make_event, make_staff, make_kiosk, count_queries):
    small, large = make_event(starts_at=NOW - timedelta(minutes=5)), make_event(starts_at=NOW - timedelta(minutes=5))
    _attendance_scene(small, make_staff, make_kiosk, admin, 2)
    _attendance_scene(large, make_staff, make_kiosk, admin, 20)
    login_as(admin)
    counts = []
    for event in (small, large, small, large):
        with count_queries() as statements:
            assert client.get(f"/kiosk/events/{event.id}/attendance").status_code == 200
        counts.append(len(statements))
    assert counts[2] == counts[3], counts


def test_my_code_page_shows_the_qr_and_the_code_and_keeps_it(client, login_as, teacher):
    login_as(teacher)
    first = _text(client.get("/kiosk/my-code"))
    code = db.session.scalars(select(SignInCode)).one().code
    assert f"{code[:5]} {code[5:]}" in first and 'alt="我的签到二维码"' in first and "张三" in first
    assert f"{code[:5]} {code[5:]}" in _text(client.get("/kiosk/my-code"))
    assert "管理员：打印全体" not in first


def test_my_badge_is_a_pdf(client, login_as, teacher):
    login_as(teacher)
    response = client.get("/kiosk/my-code/badge.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and response.headers["Cache-Control"] == "no-store"


def test_admin_prints_badges_for_a_group_issuing_missing_codes(client, login_as, admin, make_staff, make_group):
    members = [make_staff() for _ in range(3)]
    group = make_group(name="女教师合唱团", kind="arts", members=members)
    make_staff()  # not in the group
    login_as(admin)
    assert "女教师合唱团" in _text(client.get("/kiosk/codes"))
    response = client.get(f"/kiosk/codes/badges.pdf?group_id={group.id}")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "filename*=UTF-8''%E7%AD%BE%E5%88%B0%E8%83%B8%E7%89%8C-" in response.headers["Content-Disposition"]
    assert {c.staff_id for c in db.session.scalars(select(SignInCode))} == {m.id for m in members}
    assert client.get("/kiosk/codes/badges.pdf?group_id=abc").status_code == 400
    everyone = client.get("/kiosk/codes/badges.pdf?group_id=")
    assert everyone.status_code == 200 and "%E5%85%A8%E4%BD%93" in everyone.headers["Content-Disposition"]  # 全体


def test_teachers_cannot_print_everyones_badges_or_reissue_codes(client, login_as, teacher, make_staff):
    other = make_staff()
    login_as(teacher)
    assert client.get("/kiosk/codes").status_code == 403
    assert client.get("/kiosk/codes/badges.pdf").status_code == 403
    assert client.post("/kiosk/codes/reissue", data={"staff_id": other.id}).status_code == 403


def test_admin_reissues_a_colleagues_code(client, login_as, admin, teacher):
    from blueprints.kiosk.codes import ensure_code

    old = ensure_code(teacher, NOW).code
    db.session.commit()
    login_as(admin)
    form = re.search(r'<form method="post" action="/kiosk/codes/reissue"[^>]*>(.*?)</form>', _text(client.get("/kiosk/codes")), re.S)
    # What the browser sends once the colleague picker has put the chosen id into its hidden field.
    fields = [(name, str(teacher.id) if "data-picked" in tag else value)
              for tag, name, value in re.findall(r'(<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*>)', form.group(1))]
    assert [name for name, _ in fields].count("staff_id") == 1
    response = client.post("/kiosk/codes/reissue", data=MultiDict(fields))
    assert response.status_code == 303
    page = _text(client.get(response.headers["Location"]))
    assert "已为 张三 生成新的签到码" in page and f"/kiosk/codes/badges.pdf?staff_id={teacher.id}" in page
    db.session.expire_all()
    assert db.session.scalars(select(SignInCode)).one().code != old
    missing = client.post("/kiosk/codes/reissue", data={"staff_id": ""})
    assert missing.status_code == 200 and "请先搜索并选择一位同事" in _text(missing)


def test_kiosks_page_queries_do_not_grow_with_the_kiosks(client, login_as, admin, fixed_now, make_event, make_kiosk, make_staff, count_queries):
    one, many = make_event(starts_at=NOW - timedelta(minutes=5)), make_event(starts_at=NOW - timedelta(minutes=5))
    make_kiosk(one)
    for i in range(6):
        make_kiosk(many, label=f"门口 {i} 号", by=make_staff(role="admin"))
    login_as(admin)
    counts = []
    for event in (one, many, one, many):
        with count_queries() as statements:
            assert client.get(f"/kiosk/events/{event.id}").status_code == 200
        counts.append(len(statements))
    assert counts[2] == counts[3], counts
