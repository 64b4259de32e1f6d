"""Event pages over HTTP: who may do what, bad input changes nothing, htmx partials vs full pages."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select

from app import db
from blueprints.events.models import Event, Registration
from tests.conftest import csrf_token_from
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures)

HX = {"HX-Request": "true"}


@pytest.fixture
def women(make_group, make_staff):
    """The women's committee with its chair, and the union with its chair."""
    chair, union_chair = make_staff(name="妇委会主任"), make_staff(name="工会主席", gender="M")
    committee = make_group(name="妇委会", kind="women", leaders=[chair])
    union = make_group(name="工会", kind="union", leaders=[union_chair])
    return {"chair": chair, "union_chair": union_chair, "group": committee, "union": union}


def _form(group_id, **changes):
    data = {
        "kind": "womens_home", "dimension": "", "group_id": str(group_id), "title": "十一月妇女之家：插花",
        "description": "", "place": "多功能厅", "starts_at": "2026-11-28T15:30", "ends_at": "2026-11-28T17:00",
        "audience": "women", "young_max_age": "35", "capacity": "20", "registration_opens_at": "",
        "registration_closes_at": "", "walk_ins_allowed": "y", "training_hours": "0",
    }
    data.update(changes)
    return data


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- creating and editing ---------------------------------------------------------------------------------

def test_a_leader_creates_an_event_for_her_group_in_beijing_time(client, login_as, women, fixed_now):
    login_as(women["chair"])
    response = client.post("/events/new", data=_form(women["group"].id))
    assert response.status_code == 303
    event = db.session.scalar(select(Event))
    assert event.title == "十一月妇女之家：插花" and event.group_id == women["group"].id
    assert event.starts_at.hour == 7 and event.starts_at.minute == 30  # 15:30 in Beijing is 07:30 UTC
    assert response.headers["Location"].endswith(f"/events/{event.id}/manage")


def test_a_leader_cannot_create_an_event_for_another_group(client, login_as, women):
    login_as(women["union_chair"])
    page = client.post("/events/new", data=_form(women["group"].id)).get_data(as_text=True)
    assert "只能为您负责的组织创建活动。" in page
    assert _count(Event) == 0


def test_a_teacher_who_leads_nothing_may_not_create_events(client, login_as, teacher, women):
    login_as(teacher)
    assert client.get("/events/new").status_code == 403
    assert client.post("/events/new", data=_form(women["group"].id)).status_code == 403


@pytest.mark.parametrize("changes, message", [
    ({"ends_at": "2026-11-28T15:00"}, "结束时间必须晚于开始时间。"),
    ({"capacity": "-5"}, "名额不能为负数。"),
    ({"registration_closes_at": "2026-11-29T08:00"}, "报名截止时间不能晚于活动开始时间。"),
    ({"title": "长" * 101}, "活动名称最多 100 字。"),
    ({"starts_at": "明天下午"}, "不是有效的日期与时间值。"),
    ({"kind": "micro_lecture", "dimension": ""}, "名师微讲坛请选择维度。"),
    ({"audience": "groups"}, "请至少选择一个组织。"),
    ({"capacity": "abc"}, "不是有效的整数。"),
])
def test_bad_input_is_explained_beside_the_field_and_saves_nothing(client, login_as, women, changes, message):
    login_as(women["chair"])
    response = client.post("/events/new", data=_form(women["group"].id, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page and 'class="field-error"' in page
    assert _count(Event) == 0


def test_a_union_leader_cannot_edit_or_manage_a_womens_committee_event(client, login_as, women, make_event):
    event = make_event(group=women["group"], kind="womens_home")
    login_as(women["union_chair"])
    for url in [f"/events/{event.id}/edit", f"/events/{event.id}/manage"]:
        assert client.get(url).status_code == 403, url
    for url in [f"/events/{event.id}/edit", f"/events/{event.id}/cancel", f"/events/{event.id}/summary",
                f"/events/{event.id}/people", f"/events/{event.id}/attendance", f"/events/{event.id}/speakers",
                f"/events/{event.id}/checklist"]:
        assert client.post(url, data={"staff_id": women["union_chair"].id}).status_code == 403, url
    assert db.session.get(Event, event.id).status == "scheduled"


def test_the_admin_organises_any_event_and_the_organiser_pages_need_a_login(client, login_as, admin, women, make_event):
    event = make_event(group=women["group"])
    assert "/login" in client.get(f"/events/{event.id}/manage").headers["Location"]
    assert "/login" in client.post(f"/events/{event.id}/people").headers["Location"]
    login_as(admin)
    assert client.get(f"/events/{event.id}/manage").status_code == 200
    assert client.get(f"/events/{event.id}/edit").status_code == 200


def test_editing_keeps_times_in_beijing_time_and_more_seats_move_people_up(client, login_as, women, make_event, make_staff, fixed_now):
    event = make_event(group=women["group"], kind="womens_home", audience="women", capacity=1)
    a, b = make_staff(), make_staff()
    login_as(a)
    client.post(f"/events/{event.id}/registration")
    client.post("/logout")
    login_as(b)
    client.post(f"/events/{event.id}/registration")
    client.post("/logout")
    login_as(women["chair"])
    page = client.get(f"/events/{event.id}/edit").get_data(as_text=True)
    assert 'value="2026-11-27T10:00"' in page  # stored 02:00 UTC
    response = client.post(f"/events/{event.id}/edit", data=_form(
        women["group"].id, starts_at="2026-11-27T10:00", ends_at="2026-11-27T12:00", capacity="2"))
    assert response.status_code == 303
    assert db.session.scalar(select(Registration.status).where(Registration.staff_id == b.id)) == "registered"


# --- registering --------------------------------------------------------------------------------------------

def test_one_tap_registration_answers_htmx_with_the_seat_box_only(client, login_as, teacher, make_event, fixed_now):
    event = make_event(capacity=10)
    login_as(teacher)
    response = client.post(f"/events/{event.id}/registration", headers=HX)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.lstrip().startswith("<div class=\"seat-box\"") and "<html" not in page
    assert "报名成功" in page and "已报名" in page and "剩余 <strong>9</strong>" in page
    assert "seats-changed" in response.headers["HX-Trigger"]


def test_registration_without_htmx_redirects_to_the_event_with_a_message(client, login_as, teacher, make_event, fixed_now):
    event = make_event()
    login_as(teacher)
    response = client.post(f"/events/{event.id}/registration")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/events/{event.id}")
    assert "报名成功" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_withdrawing_by_htmx_delete_gives_the_seat_to_the_first_waiting(client, login_as, make_staff, make_event, fixed_now):
    event = make_event(capacity=1)
    first, second = make_staff(), make_staff()
    login_as(first)
    client.post(f"/events/{event.id}/registration")
    client.post("/logout")
    login_as(second)
    page = client.post(f"/events/{event.id}/registration", headers=HX).get_data(as_text=True)
    assert "候补第 1 位" in page
    client.post("/logout")
    login_as(first)
    page = client.delete(f"/events/{event.id}/registration", headers=HX).get_data(as_text=True)
    assert "已取消报名" in page and "加入候补</button>" in page  # the seat went to the waiting colleague
    assert db.session.scalar(select(Registration.status).where(Registration.staff_id == second.id)) == "registered"


def test_the_server_refuses_someone_outside_the_audience(client, login_as, make_staff, make_event, fixed_now):
    event = make_event(audience="women")
    man = make_staff(gender="M")
    login_as(man)
    page = client.post(f"/events/{event.id}/registration", headers=HX).get_data(as_text=True)
    assert "本活动面向女教职工。" in page
    assert _count(Registration) == 0


def test_registering_twice_says_so_and_keeps_one_row(client, login_as, teacher, make_event, fixed_now):
    event = make_event()
    login_as(teacher)
    client.post(f"/events/{event.id}/registration", headers=HX)
    page = client.post(f"/events/{event.id}/registration", headers=HX).get_data(as_text=True)
    assert "您已经报过名了。" in page
    assert _count(Registration) == 1


@pytest.mark.csrf
def test_registration_needs_the_csrf_token_also_for_delete(client, login_as, teacher, make_event, fixed_now):
    event = make_event()
    login_as(teacher)
    assert client.post(f"/events/{event.id}/registration", headers=HX).status_code == 400
    token = csrf_token_from(client.get(f"/events/{event.id}").get_data(as_text=True))
    assert client.post(f"/events/{event.id}/registration", headers={**HX, "X-CSRFToken": token}).status_code == 200
    assert client.delete(f"/events/{event.id}/registration", headers=HX).status_code == 400
    assert client.delete(f"/events/{event.id}/registration", headers={**HX, "X-CSRFToken": token}).status_code == 200
    assert db.session.scalar(select(Registration.status)) == "withdrawn"
