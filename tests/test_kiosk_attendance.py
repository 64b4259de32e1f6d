"""The organiser's sign-in overview a page at a time: the whole event's figures, a search and a filter, a list that
keeps itself up to date at the page the organiser is on, and a bounded number of queries whatever the event's size."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import db
from blueprints.events.models import WITHDRAWN, Registration
from blueprints.events.operations import record_attendance
from blueprints.events.registration import register
from blueprints.kiosk.attendance import ATTENDANCE_PAGE_SIZE, AttendanceView, attendance_page, signing_in_now
from blueprints.kiosk.signin import sign_in
from tests.test_kiosk_support import NOW, event_now, fixed_now, make_event, make_kiosk, new_key  # noqa: F401

HX = {"HX-Request": "true"}


@pytest.fixture
def crowd(event_now, make_staff, make_kiosk, admin):
    """Return a callable that registers `n` more people for the event under way, named 学员001… in queue order;
    every third one signs in at the kiosk 报告厅门口 (one second after the one before), in the order of their
    numbers. Returns the event and everyone registered so far."""
    kiosk = make_kiosk(event_now, label="报告厅门口")
    people = []

    def fill(n: int):
        for _ in range(n):
            i = len(people) + 1
            person = make_staff(name=f"学员{i:03d}")
            register(event_now, person, NOW - timedelta(days=1) + timedelta(seconds=i))
            people.append(person)
        db.session.commit()
        for i, person in enumerate(people[len(people) - n:], start=len(people) - n + 1):
            if i % 3 == 0:
                sign_in(kiosk, new_key(), NOW - timedelta(minutes=40) + timedelta(seconds=i), staff_id=person.id)
        db.session.commit()
        return event_now, people

    return fill


def _names(page: str) -> list[str]:
    """The 学员 listed, in order (from their name cells)."""
    return re.findall(r"<td>(学员\d{3})</td>", page)


def _arrived(page: str) -> list[str]:
    """The 学员 in the 已签到 table of a page."""
    return _names(page.split("<h2>报名未到</h2>")[0])


def _absent(page: str) -> list[str]:
    """The 学员 in the 报名未到 table of a page."""
    return _names(page.split("<h2>报名未到</h2>")[1]) if "<h2>报名未到</h2>" in page else []


def _every_third(first: int, last: int) -> list[str]:
    return [f"学员{i:03d}" for i in range(first, last + 1) if i % 3 == 0]


# --- the rules, as a service --------------------------------------------------------------------------------

def test_the_figures_count_the_whole_event_whatever_the_page(app, crowd, make_staff, admin):
    event, people = crowd(120)  # 40 of them signed in at the kiosk
    record_attendance(event, people[0], NOW, source="hand", by=admin)
    record_attendance(event, make_staff(name="旁听者"), NOW, source="hand", by=admin)  # a walk-in
    db.session.scalar(select(Registration).where(Registration.staff_id == people[1].id)).status = WITHDRAWN
    db.session.commit()
    for view in (AttendanceView(), AttendanceView(page=3), AttendanceView(status="unsigned"),
                 AttendanceView(who="旁听者")):
        totals = attendance_page(event, view).totals
        assert (totals.registered, totals.signed, totals.absent, totals.walk_ins) == (119, 42, 78, 1), view
        assert dict(totals.by_source) == {"手工登记": 2, "签到机": 40, "本人签到": 0}, view


def test_those_who_came_come_first_in_their_order_then_the_absent_in_queue_order(app, crowd):
    event, _ = crowd(120)
    listing = attendance_page(event, AttendanceView(page=1))
    assert listing.found == 120 and listing.page.count == 3 and listing.first_absent_page == 1
    assert [(r.kind, r.position, r.name) for r in listing.rows[:2]] == [("arrived", 1, "学员003"), ("arrived", 2, "学员006")]
    assert (listing.rows[39].kind, listing.rows[39].position, listing.rows[39].name) == ("arrived", 40, "学员120")
    assert [(r.kind, r.position, r.name) for r in listing.rows[40:42]] == [("absent", 1, "学员001"), ("absent", 2, "学员002")]
    assert listing.rows[49].name == "学员014"
    assert listing.rows[0].source_label == "签到机" and listing.rows[0].detail == "报告厅门口"
    assert listing.rows[0].registration == "registered" and listing.rows[0].on_event_day


# --- the page ------------------------------------------------------------------------------------------------

def test_the_page_shows_fifty_people_and_the_whole_events_figures(client, login_as, admin, crowd, fixed_now):
    event, _ = crowd(120)
    login_as(admin)
    page = client.get(f"/kiosk/events/{event.id}/attendance").get_data(as_text=True)
    assert _arrived(page) == _every_third(1, 120)  # all 40 who came, in the order they came
    assert _absent(page) == [f"学员{i:03d}" for i in range(1, 30) if i % 3][:10]
    assert "报名 <strong>120</strong>" in page and "已签到 <strong>40</strong>" in page
    assert "报名未到 <strong>80</strong>" in page and "现场签到 <strong>0</strong>" in page
    assert "共 120 人，已签到的在前，本页第 1–50 位（第 1/3 页）" in page


def test_page_two_shows_the_next_fifty_and_keeps_the_figures(client, login_as, admin, crowd, fixed_now):
    event, _ = crowd(120)
    login_as(admin)
    page = client.get(f"/kiosk/events/{event.id}/attendance?page=2").get_data(as_text=True)
    absent = [f"学员{i:03d}" for i in range(1, 121) if i % 3]
    assert _arrived(page) == [] and "<h2>已签到</h2>" not in page
    assert _absent(page) == absent[10:60] and "<td>11</td><td>学员016</td>" in page  # numbered in the queue
    assert "报名 <strong>120</strong>" in page and "已签到 <strong>40</strong>" in page
    assert "本页第 51–100 位（第 2/3 页）" in page
    assert f'href="/kiosk/events/{event.id}/attendance"' in page
    assert f'href="/kiosk/events/{event.id}/attendance?page=3"' in page


def test_a_page_of_only_those_who_came_says_where_the_absent_begin(client, login_as, admin, make_event, make_staff, fixed_now):
    event = make_event(starts_at=NOW - timedelta(minutes=30))
    people = [make_staff(name=f"学员{i:03d}") for i in range(1, 61)]
    for i, person in enumerate(people):
        register(event, person, NOW - timedelta(days=1) + timedelta(seconds=i))
        if i < 55:
            record_attendance(event, person, NOW - timedelta(minutes=20) + timedelta(seconds=i), source="self", by=None)
    db.session.commit()
    login_as(admin)
    page = client.get(f"/kiosk/events/{event.id}/attendance").get_data(as_text=True)
    assert len(_arrived(page)) == 50 and "<h2>报名未到</h2>" not in page
    assert "报名未到的 5 人排在已签到的人之后（第 2 页起）" in page
    assert f'href="/kiosk/events/{event.id}/attendance?status=unsigned"' in page
    last = client.get(f"/kiosk/events/{event.id}/attendance?page=2").get_data(as_text=True)
    assert _arrived(last) == [f"学员{i:03d}" for i in range(51, 56)] and _absent(last) == [f"学员{i:03d}" for i in range(56, 61)]


def test_the_filter_lists_those_signed_in_or_those_not(client, login_as, admin, crowd, fixed_now):
    event, _ = crowd(120)
    login_as(admin)
    signed = client.get(f"/kiosk/events/{event.id}/attendance?status=signed", headers=HX).get_data(as_text=True)
    assert _arrived(signed) == _every_third(1, 120) and "<h2>报名未到</h2>" not in signed and "已签到 40 人" in signed
    unsigned = client.get(f"/kiosk/events/{event.id}/attendance?status=unsigned&page=2", headers=HX).get_data(as_text=True)
    assert "<h2>已签到</h2>" not in unsigned and "未签到 80 人，本页第 51–80 位（第 2/2 页）" in unsigned
    assert _absent(unsigned) == [f"学员{i:03d}" for i in range(1, 121) if i % 3][50:]


def test_the_search_finds_a_person_by_name_and_by_pinyin_initials(client, login_as, admin, crowd, make_staff, fixed_now):
    event, _ = crowd(60)
    zhang = make_staff(name="张三丰")
    register(event, zhang, NOW - timedelta(hours=12))  # the last in the queue
    make_staff(name="周赛飞")  # zsf too, but not on the list
    db.session.commit()
    login_as(admin)
    for who in ("张三丰", "三丰", "zsf", "ZSF", "zhangsanfeng"):
        body = client.get(f"/kiosk/events/{event.id}/attendance?who={who}", headers=HX).get_data(as_text=True)
        assert "<td>张三丰</td>" in body and "周赛飞" not in body and _names(body) == [], who
        assert f"「{who}」找到 1 人" in body and "已签到的人中没有" in body, who
    record_attendance(event, zhang, NOW, source="hand", by=admin)
    db.session.commit()
    came = client.get(f"/kiosk/events/{event.id}/attendance?who=zsf&status=signed", headers=HX).get_data(as_text=True)
    assert '<td class="hide-phone">21</td>\n      <td>张三丰</td>' in came  # the 21st to come, after 20 学员
    nobody = client.get(f"/kiosk/events/{event.id}/attendance?who=不存在的人", headers=HX).get_data(as_text=True)
    assert "签到名单中没有找到「不存在的人」。" in nobody


def test_an_htmx_page_request_gets_the_list_alone_and_the_address_opens_the_full_page(client, login_as, admin, crowd, fixed_now):
    event, _ = crowd(120)
    login_as(admin)
    url = f"/kiosk/events/{event.id}/attendance?page=2"
    partial = client.get(url, headers=HX)
    body = partial.get_data(as_text=True)
    assert partial.status_code == 200 and "HX-Request" in partial.headers["Vary"]
    assert "<html" not in body and 'id="attendance-list"' not in body and 'name="who"' not in body
    assert 'id="attendance-counts" class="roster-counts" hx-swap-oob="true"' in body  # the figures, out of band
    assert 'hx-target="#attendance-list"' in body and 'hx-push-url="true"' in body
    full = client.get(url)
    page = full.get_data(as_text=True)
    assert "HX-Request" in full.headers["Vary"]
    assert "<html" in page and 'id="attendance-list"' in page and 'name="who"' in page
    assert page.count('id="attendance-counts"') == 1 and "hx-swap-oob" not in page
    assert _names(page) == _names(body)


def test_the_list_refreshes_itself_at_the_page_filter_and_search_shown_while_people_sign_in(client, login_as, admin, crowd, make_event, fixed_now):
    event, _ = crowd(120)
    login_as(admin)
    body = client.get(f"/kiosk/events/{event.id}/attendance?page=2&status=unsigned&who=学员", headers=HX).get_data(as_text=True)
    refresh = re.search(r'<span class="attendance-live" data-live-poll hx-get="([^"]+)" hx-trigger="every 20s, live-refresh"', body)
    address = refresh.group(1).replace("&amp;", "&")
    assert address == f"/kiosk/events/{event.id}/attendance?status=unsigned&who=%E5%AD%A6%E5%91%98&page=2"
    again = client.get(address, headers=HX).get_data(as_text=True)
    assert _names(again) == _names(body) and "第 2/2 页" in again
    past = client.get(f"/kiosk/events/{event.id}/attendance?page=99999", headers=HX).get_data(as_text=True)
    assert f'hx-get="/kiosk/events/{event.id}/attendance?page=3"' in past  # the page shown, not the one asked
    over = make_event(starts_at=NOW - timedelta(days=3))
    assert "data-live-poll" not in client.get(f"/kiosk/events/{over.id}/attendance").get_data(as_text=True)


def test_the_page_keeps_itself_up_to_date_only_while_people_may_sign_in(app, make_event):
    soon, later = make_event(starts_at=NOW + timedelta(minutes=50)), make_event(starts_at=NOW + timedelta(minutes=70))
    ended = make_event(starts_at=NOW - timedelta(hours=2, minutes=20))  # ended 20 minutes ago
    gone = make_event(starts_at=NOW - timedelta(hours=2, minutes=40))
    cancelled = make_event(starts_at=NOW - timedelta(minutes=10), status="cancelled")
    assert [signing_in_now(e, NOW) for e in (soon, later, ended, gone, cancelled)] == [True, False, True, False, False]


@pytest.mark.parametrize("query", [
    "page=-1", "page=abc", "page=99999", "page=²", "page=1e9", "page=99999999999999999999", "status=nonsense",
    "who=" + "字" * 10_000, "who=%25_%5C", "who=<script>", "page=2&who=学员0&status=unsigned", "page=&who=&status=",
])
def test_odd_query_strings_never_fail(client, login_as, admin, crowd, fixed_now, query):
    event, _ = crowd(60)
    login_as(admin)
    for headers in ({}, HX):
        response = client.get(f"/kiosk/events/{event.id}/attendance?{query}", headers=headers)
        assert response.status_code == 200, (query, headers)
        assert "<script>" not in response.get_data(as_text=True), (query, headers)


def test_a_page_past_the_end_shows_the_last_page(client, login_as, admin, crowd, fixed_now):
    event, _ = crowd(60)
    login_as(admin)
    body = client.get(f"/kiosk/events/{event.id}/attendance?page=99999", headers=HX).get_data(as_text=True)
    assert _absent(body) == [f"学员{i:03d}" for i in range(1, 61) if i % 3][30:] and "第 2/2 页" in body


# --- bounded work ------------------------------------------------------------------------------------------------

def test_the_page_takes_the_same_queries_for_3_or_120_people(client, login_as, admin, crowd, make_staff, count_queries, fixed_now):
    login_as(admin)
    event, _ = crowd(3)
    urls = [f"/kiosk/events/{event.id}/attendance", f"/kiosk/events/{event.id}/attendance?page=2&who=xs",
            f"/kiosk/events/{event.id}/attendance?status=unsigned", f"/kiosk/events/{event.id}/attendance?status=signed&page=2"]
    for url in urls:  # warm: statements built, the school's kept figures filled
        client.get(url)
        client.get(url, headers=HX)
    counted = {}
    for size in (3, 120):
        if size == 120:
            crowd(117)
            record_attendance(event, make_staff(), NOW, source="hand", by=admin)  # a walk-in, recorded by hand
            db.session.commit()
        for url in urls:
            for headers in ({}, HX):
                db.session.expire_all()  # the test shares the app's session: start every request equally cold
                with count_queries() as statements:
                    response = client.get(url, headers=headers)
                assert response.status_code == 200
                counted[size, url, bool(headers)] = len(statements)
    assert attendance_page(event, AttendanceView()).page.count == 3 > 1  # the large event does span pages
    for url in urls:
        for htmx in (False, True):
            assert counted[120, url, htmx] == counted[3, url, htmx], (url, htmx, counted)
    assert max(counted.values()) <= 8, counted  # the person, the event and its groups, the two of the list, ...
    assert ATTENDANCE_PAGE_SIZE == 50
