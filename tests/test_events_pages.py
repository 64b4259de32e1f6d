"""The lists, the event page, the organiser's page and the home panels, as people use them."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Membership
from blueprints.events.models import Attendance, Event, Registration
from blueprints.events.operations import record_attendance
from blueprints.events.registration import register
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures)

HX = {"HX-Request": "true"}


@pytest.fixture
def chair(make_staff, make_group):
    """The women's committee chair, leading 妇委会."""
    person = make_staff(name="妇委会主任")
    make_group(name="妇委会", kind="women", leaders=[person])
    return person


def _women_group():
    from blueprints.accounts.models import Group

    return db.session.scalar(select(Group).where(Group.name == "妇委会"))


# --- lists --------------------------------------------------------------------------------------------------

def test_list_shows_upcoming_by_default_and_past_on_its_tab(client, login_as, teacher, make_event, fixed_now):
    make_event(title="下周读书沙龙", kind="reading_salon")
    make_event(title="上月青年论坛", kind="youth_forum", starts_at=NOW - timedelta(days=30))
    login_as(teacher)
    upcoming = client.get("/events/").get_data(as_text=True)
    assert "下周读书沙龙" in upcoming and "上月青年论坛" not in upcoming
    past = client.get("/events/?when=past").get_data(as_text=True)
    assert "上月青年论坛" in past and "下周读书沙龙" not in past


def test_list_filters_by_kind_group_month_and_title(client, login_as, teacher, make_event, make_group, fixed_now):
    union = make_group(name="工会", kind="union")
    make_event(title="读书沙龙：《给教师的建议》", kind="reading_salon")
    make_event(title="趣味运动会", kind="union_activity", group=union, starts_at=datetime(2026, 12, 10, 1, 0))
    login_as(teacher)

    def titles(query):
        page = client.get("/events/?" + query, headers=HX).get_data(as_text=True)
        return {t for t in ("读书沙龙：《给教师的建议》", "趣味运动会") if t in page}

    assert titles("kind=reading_salon") == {"读书沙龙：《给教师的建议》"}
    assert titles(f"group={union.id}") == {"趣味运动会"}
    assert titles("month=2026-12") == {"趣味运动会"}
    assert titles("month=2026-11") == {"读书沙龙：《给教师的建议》"}
    assert titles("q=建议") == {"读书沙龙：《给教师的建议》"}
    assert titles("kind=nonsense&month=13-13") == {"读书沙龙：《给教师的建议》", "趣味运动会"}


def test_list_answers_htmx_with_the_list_only_and_a_visit_with_the_page(client, login_as, teacher, make_event, fixed_now):
    make_event()
    login_as(teacher)
    partial = client.get("/events/?q=沙龙", headers=HX)
    assert "<html" not in partial.get_data(as_text=True) and "HX-Request" in partial.headers["Vary"]
    assert "<html" in client.get("/events/?q=沙龙").get_data(as_text=True)


def test_list_can_show_only_events_open_to_me_or_mine(client, login_as, make_staff, make_event, fixed_now):
    man = make_staff(gender="M", political_status="群众")
    make_event(title="妇女之家", audience="women")
    make_event(title="党员学习", audience="party")
    mine = make_event(title="成长沙龙")
    register(mine, man, NOW)
    db.session.commit()
    login_as(man)
    open_page = client.get("/events/?scope=open", headers=HX).get_data(as_text=True)
    assert "成长沙龙" in open_page and "妇女之家" not in open_page and "党员学习" not in open_page
    mine_page = client.get("/events/?scope=mine", headers=HX).get_data(as_text=True)
    assert "成长沙龙" in mine_page and "妇女之家" not in mine_page
    everything = client.get("/events/").get_data(as_text=True)
    assert "本活动面向女教职工。" in everything  # shown, with the reason instead of a button


def test_the_list_takes_the_same_number_of_queries_for_3_or_12_events(client, login_as, teacher, make_event, make_staff, make_group, count_queries, fixed_now):
    made = []

    def fill(n):
        for _ in range(n):
            i = len(made)
            groups = [make_group(name=f"组{i}", kind="other")] if i % 3 == 0 else []
            event = make_event(title=f"活动{i}", capacity=2, audience_groups=groups)
            for person in (make_staff(), make_staff(), teacher):
                register(event, person, NOW)
            made.append(event)
        db.session.commit()

    login_as(teacher)
    fill(3)
    client.get("/events/")  # per-app-context caches (the current semester) warm up once
    db.session.expire_all()  # the test shares the app's session: start both requests equally cold
    with count_queries() as few:
        client.get("/events/")
    fill(9)
    db.session.expire_all()
    with count_queries() as many:
        page = client.get("/events/").get_data(as_text=True)
    assert page.count('<article class="event-card') == 12
    assert len(many) == len(few) <= 14


# --- event page -----------------------------------------------------------------------------------------------

def test_event_page_shows_speakers_place_time_and_seats(client, login_as, teacher, make_event, make_staff, fixed_now):
    from blueprints.events.checklist import add_speaker

    event = make_event(kind="micro_lecture", dimension="teaching", title="名师微讲坛：大单元教学", capacity=30)
    add_speaker(event, staff=make_staff(name="程菲"), guest_name="", guest_affiliation="", topic="大单元设计")
    add_speaker(event, staff=None, guest_name="周教研员", guest_affiliation="县教研室", topic="点评")
    db.session.commit()
    login_as(teacher)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    for text in ("名师微讲坛：大单元教学", "教学研究", "程菲", "周教研员", "县教研室", "三楼会议室",
                 "11月27日 周五 10:00–12:00", "剩余 <strong>30</strong> / 30"):
        assert text in page, text
    assert "组织者管理" not in page


def test_after_the_event_its_page_shows_the_summary_and_attendance(client, login_as, teacher, make_event, make_staff, app):
    event = make_event(starts_at=NOW - timedelta(days=1), status="held", summary="围绕作业设计展开讨论。")
    for person in (make_staff(), make_staff()):
        record_attendance(event, person, event.starts_at, source="hand", by=None)
    db.session.commit()
    app.config["FIXED_NOW"] = NOW
    login_as(teacher)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "围绕作业设计展开讨论。" in page and "签到 2 人" in page and "报名</button>" not in page


def test_event_page_shows_my_place_in_the_queue_and_who_it_is_for(client, login_as, teacher, make_event, make_staff, make_group, fixed_now):
    choir = make_group(name="合唱团", kind="other", members=[teacher])
    event = make_event(capacity=1, audience_groups=[choir])
    for person in (make_staff(), make_staff()):
        db.session.add(Membership(group=choir, staff=person))
        register(event, person, NOW)
    register(event, teacher, NOW)
    db.session.commit()
    login_as(teacher)
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "合唱团成员" in page and "名额已满（1 人），候补 2 人" in page and "候补第 2 位" in page
    assert "本活动没有安排主讲人。" in page and "组织者管理" not in page
    client.post("/logout")
    login_as(make_staff())
    page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "本活动面向合唱团成员。" in page and "报名</button>" not in page


def test_event_page_shows_a_checklist_it_still_has_after_its_kind_changed(client, login_as, teacher, make_event, fixed_now):
    trip = make_event(kind="red_education", title="红色教育：重走红军路")
    trip.kind = "party_study"
    db.session.commit()
    login_as(teacher)
    page = client.get(f"/events/{trip.id}").get_data(as_text=True)
    assert "已完成 0 / 8" in page and "举行一次升旗仪式" in page
    salon = make_event()
    assert "八个一" not in client.get(f"/events/{salon.id}").get_data(as_text=True)


def test_event_page_takes_the_same_few_queries_for_3_or_30_registrations(client, login_as, teacher, make_event, make_staff, count_queries, fixed_now):
    from blueprints.events.checklist import add_speaker

    event = make_event(capacity=10)
    add_speaker(event, staff=make_staff(name="程菲"), guest_name="", guest_affiliation="", topic="大单元设计")

    def fill(n):
        for _ in range(n):
            register(event, make_staff(), NOW)
        db.session.commit()

    login_as(teacher)
    fill(3)
    client.get(f"/events/{event.id}")
    db.session.expire_all()
    with count_queries() as few:
        client.get(f"/events/{event.id}")
    fill(27)
    db.session.expire_all()
    with count_queries() as many:
        page = client.get(f"/events/{event.id}").get_data(as_text=True)
    assert "名额已满（10 人），候补 20 人" in page and "程菲" in page
    assert len(many) == len(few) <= 5  # the person, their groups, the event with its standing, the speakers


def test_missing_event_is_404(client, login_as, teacher):
    login_as(teacher)
    assert client.get("/events/999").status_code == 404
    assert client.post("/events/999/registration").status_code == 404


# --- organiser page ---------------------------------------------------------------------------------------------

def test_organiser_adds_marks_and_removes_people_in_place(client, login_as, chair, make_staff, make_event, fixed_now):
    event = make_event(group=_women_group(), capacity=1, starts_at=NOW + timedelta(minutes=30))
    a, b = make_staff(name="甲老师"), make_staff(name="乙老师")
    login_as(chair)
    page = client.post(f"/events/{event.id}/people", data={"staff_id": a.id}, headers=HX).get_data(as_text=True)
    assert "已将 甲老师 加入报名名单。" in page and 'id="roster"' in page and "<html" not in page
    page = client.post(f"/events/{event.id}/people", data={"staff_id": b.id}, headers=HX).get_data(as_text=True)
    assert "候补名单（名额已满）" in page
    page = client.post(f"/events/{event.id}/attendance", data={"staff_id": a.id, "present": "1"}, headers=HX).get_data(as_text=True)
    assert "已登记 甲老师 签到。" in page
    assert db.session.scalar(select(Attendance.source)) == "hand"
    page = client.post(f"/events/{event.id}/people/{a.id}/remove", headers=HX).get_data(as_text=True)
    assert "已将 甲老师 移出名单。" in page
    assert db.session.scalar(select(Registration.status).where(Registration.staff_id == b.id)) == "registered"
    page = client.post(f"/events/{event.id}/people", data={"staff_id": ""}, headers=HX).get_data(as_text=True)
    assert "请先搜索并选择一位同事。" in page


def test_organiser_cannot_mark_attendance_long_before_the_start(client, login_as, chair, make_staff, make_event, fixed_now):
    event = make_event(group=_women_group())
    person = make_staff()
    login_as(chair)
    page = client.post(f"/events/{event.id}/attendance", data={"staff_id": person.id, "present": "1"}, headers=HX).get_data(as_text=True)
    assert "活动开始前 1 小时起才能签到。" in page
    assert db.session.scalar(select(Attendance.id)) is None


def test_organiser_writes_the_summary_and_marks_the_event_held(client, login_as, chair, make_event, app):
    event = make_event(group=_women_group())
    app.config["FIXED_NOW"] = event.ends_at + timedelta(hours=1)
    login_as(chair)
    page = client.post(f"/events/{event.id}/summary", data={"summary": "", "mark_held": "y"}).get_data(as_text=True)
    assert "标记为已举行前，请先填写活动纪要。" in page
    assert db.session.get(Event, event.id).status == "scheduled"
    response = client.post(f"/events/{event.id}/summary", data={"summary": "二十位老师学习插花。", "mark_held": "y"})
    assert response.status_code == 303
    event = db.session.get(Event, event.id)
    assert event.status == "held" and event.summary == "二十位老师学习插花。"


def test_organiser_edits_speakers_and_the_checklist_in_place(client, login_as, chair, make_staff, make_event, fixed_now):
    event = make_event(group=_women_group(), kind="red_education")
    colleague = make_staff(name="程菲")
    login_as(chair)
    page = client.post(f"/events/{event.id}/speakers", data={"colleague_id": colleague.id, "topic": "红色家书"}, headers=HX).get_data(as_text=True)
    assert "程菲" in page and "红色家书" in page
    page = client.post(f"/events/{event.id}/speakers", data={"guest_name": "", "colleague_id": ""}, headers=HX).get_data(as_text=True)
    assert "请选择一位本校同事，或填写校外嘉宾姓名。" in page
    item = event.checklist[0]
    page = client.post(f"/events/{event.id}/checklist/{item.id}/toggle", headers=HX).get_data(as_text=True)
    assert "已完成 1 / 8" in page
    page = client.post(f"/events/{event.id}/checklist", data={"label": ""}, headers=HX).get_data(as_text=True)
    assert "请填写此项。" in page and "已完成 1 / 8" in page


def test_the_organiser_page_takes_the_same_number_of_queries_for_3_or_30_people(client, login_as, chair, make_staff, make_event, count_queries, fixed_now):
    event = make_event(group=_women_group(), capacity=10, starts_at=NOW + timedelta(minutes=30), kind="red_education")

    def fill(n):
        for _ in range(n):
            person = make_staff()
            register(event, person, NOW)
            record_attendance(event, person, NOW, source="hand", by=None)
        db.session.commit()

    url = f"/events/{event.id}/manage"
    login_as(chair)
    fill(3)
    client.get(url)
    db.session.expire_all()
    with count_queries() as few:
        client.get(url)
    fill(27)
    db.session.expire_all()
    with count_queries() as many:
        page = client.get(url).get_data(as_text=True)
    assert "候补 <strong>20</strong>" in page
    assert len(many) == len(few) <= 12


# --- cancelling and the home page ---------------------------------------------------------------------------------

def test_cancelling_tells_the_registered_on_their_home_page(client, login_as, chair, teacher, make_event, fixed_now):
    event = make_event(group=_women_group(), title="十二月妇女之家")
    register(event, teacher, NOW)
    db.session.commit()
    login_as(chair)
    response = client.post(f"/events/{event.id}/cancel", data={"reason": "与期末考试冲突"})
    assert response.status_code == 303
    client.post("/logout")
    login_as(teacher)
    home = client.get("/").get_data(as_text=True)
    assert "十二月妇女之家" in home and "已取消" in home and "与期末考试冲突" in home


def test_a_promoted_person_sees_it_at_home_until_dismissed(client, login_as, make_staff, make_event, fixed_now):
    event = make_event(title="读书沙龙", capacity=1)
    first, second = make_staff(), make_staff()
    register(event, first, NOW)
    register(event, second, NOW + timedelta(minutes=1))
    db.session.commit()
    login_as(first)
    client.post(f"/events/{event.id}/registration/withdraw")
    client.post("/logout")
    login_as(second)
    home = client.get("/").get_data(as_text=True)
    assert "有名额空出来了" in home and "读书沙龙" in home
    registration = db.session.scalar(select(Registration).where(Registration.staff_id == second.id))
    assert client.post(f"/events/notices/{registration.id}/dismiss", headers=HX).status_code == 200
    assert "有名额空出来了" not in client.get("/").get_data(as_text=True)


def test_someone_else_cannot_dismiss_my_notice(client, login_as, make_staff, make_event):
    event = make_event()
    owner, other = make_staff(), make_staff()
    registration = register(event, owner, NOW).registration
    registration.notice_pending = True
    db.session.commit()
    login_as(other)
    assert client.post(f"/events/notices/{registration.id}/dismiss").status_code == 404


def test_home_lists_my_next_events_and_some_i_could_join(client, login_as, teacher, make_event, fixed_now):
    mine = make_event(title="我报名的沙龙")
    make_event(title="还可以报名的论坛", starts_at=NOW + timedelta(days=5))
    make_event(title="上周的活动", starts_at=NOW - timedelta(days=7))
    register(mine, teacher, NOW)
    db.session.commit()
    login_as(teacher)
    home = client.get("/").get_data(as_text=True)
    assert "我的活动" in home and "我报名的沙龙" in home and "还可以报名的论坛" in home
    assert "上周的活动" not in home


def test_home_suggests_events_open_for_registration_behind_many_that_are_not(client, login_as, teacher, make_event,
                                                                           fixed_now):
    """The suggestions skip what cannot be joined now, however many such events come first."""
    for day in range(1, 13):
        make_event(title=f"尚未开放报名{day}", starts_at=NOW + timedelta(days=day, hours=1),
                   registration_opens_at=NOW + timedelta(hours=12))
        make_event(title=f"报名已截止{day}", starts_at=NOW + timedelta(days=day, hours=2),
                   registration_closes_at=NOW - timedelta(hours=1))
    taken = make_event(title="已经报名的讲座", starts_at=NOW + timedelta(days=14))
    register(taken, teacher, NOW)
    make_event(title="还能报名的沙龙", starts_at=NOW + timedelta(days=20))
    make_event(title="女教职工插花", starts_at=NOW + timedelta(days=21), audience="women")
    db.session.commit()
    login_as(teacher)
    home = client.get("/").get_data(as_text=True)
    suggestions = home.split("可以报名", 1)[1]
    assert "还能报名的沙龙" in suggestions
    assert "尚未开放报名" not in suggestions and "报名已截止" not in suggestions and "已经报名的讲座" not in suggestions
    assert ("女教职工插花" in suggestions) == (teacher.gender == "F")
