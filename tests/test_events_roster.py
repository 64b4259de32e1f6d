"""The organiser's roster a page at a time: counts of the whole event, a search and a status filter, actions that come
back at the same page, and a bounded number of queries whatever the size of the event."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import db
from blueprints.events.listing import ROSTER_PAGE_SIZE, RosterView, roster_page
from blueprints.events.models import Attendance, Registration
from blueprints.events.operations import record_attendance
from blueprints.events.registration import register, withdraw
from tests.test_events_support import NOW, fixed_now, make_event  # noqa: F401  (fixtures)

HX = {"HX-Request": "true"}


@pytest.fixture
def leader(make_staff, make_group):
    """The leader of 教研组, who organises its events."""
    person = make_staff(name="教研组长")
    make_group(name="教研组", kind="other", leaders=[person])
    return person


@pytest.fixture
def big_event(make_event, make_staff, leader):
    """Return a callable that fills an event of 教研组 (sign-in open: it starts in half an hour) with `n` people in
    queue order, named 学员001…, the first `capacity` registered and the rest waiting; every third one signed in."""
    from blueprints.accounts.models import Group

    group = db.session.scalar(select(Group).where(Group.name == "教研组"))
    event = make_event(group=group, starts_at=NOW + timedelta(minutes=30), capacity=100)
    people = []

    def fill(n: int):
        for _ in range(n):
            i = len(people) + 1
            person = make_staff(name=f"学员{i:03d}")
            register(event, person, NOW - timedelta(hours=1) + timedelta(seconds=i))
            if i % 3 == 0:
                record_attendance(event, person, NOW, source="kiosk", by=None)
            people.append(person)
        db.session.commit()
        return event, people

    return fill


def _names(page: str) -> list[str]:
    """The 学员 listed in the roster table, in order (from their name cells)."""
    return re.findall(r"<td>(学员\d{3})", page)


# --- the rules, as a service --------------------------------------------------------------------------------

def test_a_page_counts_the_whole_event_and_numbers_each_list_in_queue_order(app, big_event, make_staff, leader):
    event, people = big_event(120)
    walk_in = make_staff(name="旁听者")
    record_attendance(event, walk_in, NOW, source="hand", by=leader)
    withdraw(event, people[0], NOW, by=None)  # 学员101, the first waiting, moves up
    db.session.commit()
    listing = roster_page(event, RosterView(page=3))
    totals = listing.totals
    assert (totals.registered, totals.waiting, totals.withdrawn, totals.walk_ins) == (100, 19, 1, 1)
    assert totals.signed == db.session.query(Attendance).count() == 41
    assert totals.unsigned == 67  # 学员002…101, but for the 33 of them signed in
    assert listing.found == 120 and listing.page.count == 3 and len(listing.rows) == 20
    kinds = [(row.kind, row.position, row.name) for row in listing.rows]
    assert kinds[0] == ("waitlisted", 1, "学员102") and kinds[-2] == ("waitlisted", 19, "学员120")
    assert kinds[-1] == ("walk_in", 1, "旁听者")
    withdrawn = roster_page(event, RosterView(status="withdrawn"))
    assert [row.name for row in withdrawn.rows] == ["学员001"] and withdrawn.totals == totals


def test_someone_deactivated_since_registering_is_still_listed_and_found(app, big_event):
    event, people = big_event(3)
    people[1].is_active_member = False
    db.session.commit()
    assert [row.name for row in roster_page(event, RosterView(who="学员002")).rows] == ["学员002"]


# --- the page ------------------------------------------------------------------------------------------------

def test_the_manage_page_shows_fifty_people_and_counts_the_whole_event(client, login_as, leader, big_event, fixed_now):
    event, _ = big_event(120)
    login_as(leader)
    page = client.get(f"/events/{event.id}/manage").get_data(as_text=True)
    assert _names(page) == [f"学员{i:03d}" for i in range(1, ROSTER_PAGE_SIZE + 1)]
    assert "已报名 <strong>100</strong> / 100" in page and "候补 <strong>20</strong>" in page
    assert "已签到 <strong>40</strong>" in page
    assert "名单共 120 人，本页第 1–50 位（第 1/3 页）" in page
    for option in ("全部（120）", "已报名（100）", "候补（20）", "已签到（40）", "未签到（67）"):
        assert option in page, option


def test_page_two_shows_the_next_fifty_and_keeps_the_totals(client, login_as, leader, big_event, fixed_now):
    event, _ = big_event(120)
    login_as(leader)
    page = client.get(f"/events/{event.id}/manage?page=2").get_data(as_text=True)
    assert _names(page) == [f"学员{i:03d}" for i in range(51, 101)]
    assert "已报名 <strong>100</strong> / 100" in page and "候补 <strong>20</strong>" in page
    assert "本页第 51–100 位（第 2/3 页）" in page
    assert f'href="/events/{event.id}/manage"' in page and f'href="/events/{event.id}/manage?page=3"' in page
    last = client.get(f"/events/{event.id}/manage?page=3").get_data(as_text=True)
    assert _names(last) == [f"学员{i:03d}" for i in range(101, 121)]
    assert "候补 1</td>" in last and "候补 20</td>" in last  # the waiting list keeps its own order


def test_an_htmx_page_request_gets_the_list_alone_and_the_address_opens_the_full_page(client, login_as, leader, big_event, fixed_now):
    event, _ = big_event(120)
    login_as(leader)
    url = f"/events/{event.id}/manage?page=2"
    partial = client.get(url, headers=HX)
    body = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "HX-Request" in partial.headers["Vary"]
    assert "<html" not in body and 'id="roster-list"' not in body and "活动纪要" not in body
    assert _names(body) == [f"学员{i:03d}" for i in range(51, 101)]
    assert 'hx-target="#roster-list"' in body and 'hx-push-url="true"' in body
    full = client.get(url)
    assert "HX-Request" in full.headers["Vary"]
    page = full.get_data(as_text=True)
    assert "<html" in page and 'id="roster-list"' in page and "活动纪要" in page
    assert _names(page) == _names(body)


def test_the_search_finds_a_person_by_name_and_by_pinyin_initials(client, login_as, leader, big_event, make_staff, fixed_now):
    event, _ = big_event(60)
    zhang = make_staff(name="张三丰")
    register(event, zhang, NOW)
    make_staff(name="周赛飞")  # zsf too, but not on the list
    db.session.commit()
    login_as(leader)
    for who in ("张三丰", "三丰", "zsf", "ZSF", "zhangsanfeng"):
        body = client.get(f"/events/{event.id}/manage?who={who}", headers=HX).get_data(as_text=True)
        assert "<td>张三丰" in body and "周赛飞" not in body and _names(body) == [], who
        assert f"「{who}」找到 1 人" in body, who
    nobody = client.get(f"/events/{event.id}/manage?who=不存在的人", headers=HX).get_data(as_text=True)
    assert "名单中没有找到「不存在的人」。" in nobody


def test_the_status_filter_lists_the_waiting_the_signed_in_and_the_not_signed_in(client, login_as, leader, big_event, fixed_now):
    event, _ = big_event(120)
    login_as(leader)

    def names(status):
        return _names(client.get(f"/events/{event.id}/manage?status={status}", headers=HX).get_data(as_text=True))

    assert names("waiting") == [f"学员{i:03d}" for i in range(101, 121)]
    assert names("signed") == [f"学员{i:03d}" for i in range(3, 121, 3)]
    assert names("unsigned") == [f"学员{i:03d}" for i in range(1, 101) if i % 3][:ROSTER_PAGE_SIZE]
    both = client.get(f"/events/{event.id}/manage?status=waiting&who=学员11", headers=HX).get_data(as_text=True)
    assert _names(both) == [f"学员{i:03d}" for i in range(110, 120)]


@pytest.mark.parametrize("query", [
    "page=-1", "page=abc", "page=99999", "page=²", "page=1e9", "page=99999999999999999999", "status=nonsense",
    "who=" + "字" * 10_000, "who=%25_%5C", "who=<script>", "page=3&who=学员00&status=signed",
])
def test_bad_query_strings_never_fail(client, login_as, leader, big_event, fixed_now, query):
    event, _ = big_event(60)
    login_as(leader)
    for headers in ({}, HX):
        response = client.get(f"/events/{event.id}/manage?{query}", headers=headers)
        assert response.status_code == 200, (query, headers)
        assert "<script>" not in response.get_data(as_text=True), (query, headers)


def test_a_page_past_the_end_shows_the_last_page(client, login_as, leader, big_event, fixed_now):
    event, _ = big_event(60)
    login_as(leader)
    body = client.get(f"/events/{event.id}/manage?page=99999", headers=HX).get_data(as_text=True)
    assert _names(body) == [f"学员{i:03d}" for i in range(51, 61)] and "第 2/2 页" in body


# --- actions in place --------------------------------------------------------------------------------------------

def test_marking_attendance_on_page_two_comes_back_at_page_two(client, login_as, leader, big_event, fixed_now):
    event, people = big_event(120)
    login_as(leader)
    person = people[54]  # 学员055, on page 2, not signed in
    view = {"page": "2", "status": "", "who": ""}
    body = client.post(f"/events/{event.id}/attendance", data={"staff_id": person.id, "present": "1", **view},
                       headers=HX).get_data(as_text=True)
    assert "已登记 学员055 签到。" in body and 'id="roster"' in body and "<html" not in body
    assert _names(body) == [f"学员{i:03d}" for i in range(51, 101)]
    assert "已签到 <strong>41</strong>" in body and 'name="page" value="2"' in body
    body = client.post(f"/events/{event.id}/attendance", data={"staff_id": person.id, "present": "0", **view},
                       headers=HX).get_data(as_text=True)
    assert "已撤销 学员055 的签到。" in body and "已签到 <strong>40</strong>" in body and "第 2/3 页" in body


def test_removing_someone_keeps_the_search_and_moves_the_waiting_list_up(client, login_as, leader, big_event, fixed_now):
    event, people = big_event(120)
    login_as(leader)
    body = client.post(f"/events/{event.id}/people/{people[9].id}/remove", data={"who": "学员01", "page": "1"},
                       headers=HX).get_data(as_text=True)
    assert "已将 学员010 移出名单。" in body
    assert _names(body) == [f"学员{i:03d}" for i in range(11, 20)]  # 学员010 left the search's list
    assert 'value="学员01"' in body  # the search box still holds the search
    assert "已报名 <strong>100</strong> / 100" in body and "候补 <strong>19</strong>" in body
    promoted = db.session.scalar(select(Registration).where(Registration.staff_id == people[100].id))
    assert promoted.status == "registered"


def test_a_removal_that_empties_the_last_page_shows_the_page_before(client, login_as, leader, big_event, fixed_now):
    event, people = big_event(51)
    login_as(leader)
    body = client.post(f"/events/{event.id}/people/{people[0].id}/remove", data={"page": "2"},
                       headers=HX).get_data(as_text=True)
    assert "已将 学员001 移出名单。" in body and "第 2/" not in body
    assert _names(body) == [f"学员{i:03d}" for i in range(2, 52)] and 'name="page" value="1"' in body


def test_without_htmx_an_action_returns_to_the_page_it_was_sent_from(client, login_as, leader, big_event, fixed_now):
    event, people = big_event(60)
    login_as(leader)
    response = client.post(f"/events/{event.id}/attendance",
                           data={"staff_id": people[55].id, "present": "1", "page": "2", "status": "unsigned"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/events/{event.id}/manage?status=unsigned&page=2")


def test_adding_a_person_keeps_the_view_asked(client, login_as, leader, big_event, make_staff, fixed_now):
    event, _ = big_event(60)
    newcomer = make_staff(name="新来的老师")
    login_as(leader)
    body = client.post(f"/events/{event.id}/people", data={"staff_id": newcomer.id, "q": "新来", "status": "waiting"},
                       headers=HX).get_data(as_text=True)
    assert "已将 新来的老师 加入报名名单。" in body and "没有候补的人。" in body


# --- bounded work ------------------------------------------------------------------------------------------------

def test_the_manage_page_takes_the_same_queries_for_3_or_120_registrations(client, login_as, leader, big_event, make_staff, count_queries, fixed_now):
    login_as(leader)
    event, _ = big_event(3)
    urls = [f"/events/{event.id}/manage", f"/events/{event.id}/manage?page=2&who=xy", f"/events/{event.id}/manage?status=signed"]
    for url in urls:
        client.get(url)
        client.get(url, headers=HX)
    counted = {}
    for size in (3, 120):
        if size == 120:
            big_event(117)
            record_attendance(event, make_staff(), NOW, source="hand", by=None)  # a walk-in
            db.session.commit()
        for url in urls:
            for headers in ({}, HX):
                db.session.expire_all()  # the test shares the app's session: start every request equally cold
                with count_queries() as statements:
                    response = client.get(url, headers=headers)
                assert response.status_code == 200
                counted[size, url, bool(headers)] = len(statements)
    for url in urls:
        for htmx in (False, True):
            assert counted[120, url, htmx] == counted[3, url, htmx], (url, htmx, counted)
    assert max(counted.values()) <= 10  # the person, the event, the organiser's groups, two for the roster, ...
    for url in urls:  # the list alone skips the checklist and the rest of the page
        assert counted[120, url, True] < counted[120, url, False]


def test_speakers_cost_one_query_on_the_manage_page_and_none_on_the_roster_list(
        client, login_as, leader, big_event, make_staff, count_queries, fixed_now):
    from blueprints.events.checklist import add_speaker

    login_as(leader)
    event, _ = big_event(5)
    url = f"/events/{event.id}/manage"
    counted = {}
    for speakers in (1, 6):
        while len(event.speakers) < speakers:
            add_speaker(event, staff=make_staff(name=f"主讲{len(event.speakers) + 1}"), guest_name="",
                        guest_affiliation="", topic="作业设计")
        db.session.commit()
        for headers in ({}, HX):
            db.session.expire_all()
            with count_queries() as statements:
                body = client.get(url, headers=headers).get_data(as_text=True)
            counted[speakers, bool(headers)] = len(statements)
            if headers:  # the roster list alone: the organiser's check loads the event with its group only
                assert not [s for s in statements if "event_speaker" in s or "event_audience_group" in s]
            else:
                assert f"主讲{speakers}" in body
                assert len([s for s in statements if "event_speaker" in s]) == 1
    assert counted[1, False] == counted[6, False] and counted[1, True] == counted[6, True], counted
