"""iCalendar feeds: what a phone calendar gets, read back by two independent parsers; who can open a feed."""
from __future__ import annotations

import threading
from datetime import date, time, timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import func, select

from app import db
from blueprints.calendars.feeds import (
    active_feed, build_ics, group_items, issue_feed, personal_items, revoke_feed, set_feed_groups,
)
from blueprints.calendars.models import CalendarFeed
from blueprints.calendars.recurrence import Pattern
from blueprints.events.operations import cancel_event
from blueprints.events.registration import register, withdraw
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_series, womens_committee,
)
from tests.test_open_lessons_fixtures import lesson_school, make_lesson  # noqa: F401  (fixtures)

TUE_THU_DECEMBER = Pattern("weekly", weekdays=(1, 3), until=date(2026, 12, 31))


def parse_both(body: bytes):
    """The feed as icalendar and as vobject read it: (icalendar events, vobject events)."""
    text = body.decode("utf-8")
    return icalendar.Calendar.from_ical(body).walk("VEVENT"), vobject.readOne(text).vevent_list


def in_month(starts, year, month):
    return [s for s in starts if (s.year, s.month) == (year, month)]


def test_a_group_feed_has_every_occurrence_of_the_month_in_beijing_time(make_series, womens_committee):
    make_series(TUE_THU_DECEMBER, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40), title="合唱团排练")
    body = build_ics("妇委会", group_items(womens_committee, NOW), NOW)
    ical_events, vobject_events = parse_both(body)
    december = [date(2026, 12, d) for d in (1, 3, 8, 10, 15, 17, 22, 24, 29, 31)]
    for starts in ([e.decoded("dtstart") for e in ical_events], [e.dtstart.value for e in vobject_events]):
        assert len(in_month(starts, 2026, 12)) == 10
        assert [s.date() for s in starts] == december
        assert {(s.hour, s.minute, s.utcoffset()) for s in starts} == {(16, 30, timedelta(hours=8))}
    assert {str(e["SUMMARY"]) for e in ical_events} == {"合唱团排练"}
    assert {e.location.value for e in vobject_events} == {"教工之家"}


def test_the_feed_carries_a_vtimezone_for_asia_shanghai_and_stable_uids(make_series, womens_committee):
    make_series(TUE_THU_DECEMBER, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40))
    body = build_ics("妇委会", group_items(womens_committee, NOW), NOW)
    calendar = icalendar.Calendar.from_ical(body)
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Asia/Shanghai"]
    assert b"DTSTART;TZID=Asia/Shanghai:20261201T163000" in body
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(set(uids)) == len(uids) and all(u.startswith("event-") for u in uids)
    assert body == build_ics("妇委会", group_items(womens_committee, NOW), NOW)  # same content, same bytes


def test_cancelled_occurrences_drop_out_of_the_feed(make_series, womens_committee):
    series = make_series(TUE_THU_DECEMBER, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40))
    cancel_event(series.occurrences[0], NOW, "停电")
    db.session.commit()
    ical_events, vobject_events = parse_both(build_ics("x", group_items(womens_committee, NOW), NOW))
    assert len(ical_events) == len(vobject_events) == 9


def test_a_personal_feed_has_my_events_and_my_open_lessons(make_event, make_staff, make_lesson, fixed_now):
    me, colleague = make_staff(name="王老师"), make_staff(name="李老师")
    salon = make_event(title="读书沙龙", capacity=1)
    full = make_event(title="满员的讲坛", capacity=1)
    left = make_event(title="我退出的活动")
    called_off = make_event(title="取消了的活动")
    make_event(title="与我无关的活动")
    register(full, colleague, NOW)
    for event in (salon, full, left, called_off):
        register(event, me, NOW)
    withdraw(left, me, NOW)
    cancel_event(called_off, NOW)
    mine = make_lesson(me, topic="秋天的雨")
    observed = make_lesson(colleague, topic="圆的认识", period=4, observers=[me])
    db.session.commit()

    items = personal_items(me, [], NOW)
    summaries = {item.summary for item in items}
    assert summaries == {"读书沙龙", "满员的讲坛（候补）", "公开课《秋天的雨》（执教公开课）", "公开课《圆的认识》（听课：李老师）"}
    ical_events, vobject_events = parse_both(build_ics("王老师", items, NOW))
    assert len(ical_events) == len(vobject_events) == 4
    lesson_start = next(e.dtstart.value for e in vobject_events if "圆的认识" in e.summary.value)
    assert lesson_start.replace(tzinfo=None) == observed.starts_at and lesson_start.utcoffset() == timedelta(hours=8)
    assert mine.teacher_id == me.id


def test_a_personal_feed_adds_the_group_calendars_chosen(make_series, make_staff, womens_committee, make_group):
    member = make_staff()
    other = make_group(name="工会", kind="union", members=[member])
    make_series(TUE_THU_DECEMBER, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40))
    assert personal_items(member, [], NOW) == []
    assert len(personal_items(member, [womens_committee.id], NOW)) == 10
    feed = issue_feed(member, NOW)
    set_feed_groups(feed, member, [womens_committee.id, other.id])
    assert [g.name for g in feed.groups] == ["工会"]  # not a member of 妇委会: not allowed


# --- routes -------------------------------------------------------------------------------------------------

@pytest.fixture
def feed_of(app):
    def make(person) -> CalendarFeed:
        feed = issue_feed(person, NOW)
        db.session.commit()
        return feed

    return make


def test_the_feed_opens_without_login_and_answers_text_calendar(client, teacher, make_event, feed_of, fixed_now):
    register(make_event(title="读书沙龙"), teacher, NOW)
    feed = feed_of(teacher)
    response = client.get(f"/calendars/feeds/{feed.id}/{feed.token}.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    events = icalendar.Calendar.from_ical(response.data).walk("VEVENT")
    assert len(events) == 1 and str(events[0]["URL"]).endswith("/events/1")
    db.session.expire_all()
    assert db.session.get(CalendarFeed, feed.id).last_fetched_at == NOW


def test_a_feed_without_a_valid_token_is_refused(client, teacher, feed_of, fixed_now):
    feed = feed_of(teacher)
    for url in (f"/calendars/feeds/{feed.id}/wrong-token.ics", f"/calendars/feeds/{feed.id + 1}/{feed.token}.ics",
                f"/calendars/feeds/{feed.id}/{feed.token[:-1]}.ics"):
        response = client.get(url)
        assert response.status_code == 404 and "BEGIN:VCALENDAR" not in response.get_data(as_text=True), url


def test_a_revoked_or_replaced_link_stops_working(client, teacher, feed_of, fixed_now):
    old = feed_of(teacher)
    url = f"/calendars/feeds/{old.id}/{old.token}.ics"
    assert client.get(url).status_code == 200
    new = issue_feed(teacher, NOW)
    db.session.commit()
    assert client.get(url).status_code == 404
    assert client.get(f"/calendars/feeds/{new.id}/{new.token}.ics").status_code == 200
    revoke_feed(teacher, NOW)
    db.session.commit()
    assert client.get(f"/calendars/feeds/{new.id}/{new.token}.ics").status_code == 404


def test_a_deactivated_persons_feed_stops(client, teacher, feed_of, fixed_now):
    feed = feed_of(teacher)
    teacher.is_active_member = False
    db.session.commit()
    assert client.get(f"/calendars/feeds/{feed.id}/{feed.token}.ics").status_code == 404


def test_a_group_feed_is_for_its_members(client, make_staff, womens_committee, make_series, feed_of, fixed_now):
    from blueprints.accounts.services import set_membership

    member, outsider = make_staff(), make_staff()
    set_membership(womens_committee, member, is_leader=False)
    db.session.commit()
    make_series(TUE_THU_DECEMBER, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40))
    mine, theirs = feed_of(member), feed_of(outsider)
    ok = client.get(f"/calendars/feeds/{mine.id}/{mine.token}/groups/{womens_committee.id}.ics")
    assert ok.status_code == 200 and len(icalendar.Calendar.from_ical(ok.data).walk("VEVENT")) == 10
    assert "妇委会" in ok.get_data(as_text=True)
    refused = client.get(f"/calendars/feeds/{theirs.id}/{theirs.token}/groups/{womens_committee.id}.ics")
    assert refused.status_code == 404


def test_the_subscribe_page_makes_replaces_and_stops_the_link(client, login_as, teacher, fixed_now):
    login_as(teacher)
    assert "生成我的订阅链接" in client.get("/calendars/subscribe").get_data(as_text=True)
    client.post("/calendars/subscribe/new")
    first = active_feed(teacher)
    page = client.get("/calendars/subscribe").get_data(as_text=True)
    assert f"/calendars/feeds/{first.id}/{first.token}.ics" in page and "webcal://" in page
    client.post("/calendars/subscribe/new")
    db.session.expire_all()
    second = active_feed(teacher)
    assert second.id != first.id and db.session.get(CalendarFeed, first.id).revoked_at is not None
    client.post("/calendars/subscribe/revoke")
    db.session.expire_all()
    assert active_feed(teacher) is None


def test_the_subscribe_page_saves_only_ones_own_groups(client, login_as, teacher, make_group, fixed_now):
    mine = make_group(name="工会", kind="union", members=[teacher])
    other = make_group(name="团支部", kind="youth")
    login_as(teacher)
    client.post("/calendars/subscribe/new")
    response = client.post("/calendars/subscribe/groups", data={"group_ids": [str(other.id)]}, follow_redirects=True)
    assert "请选择列出的组织" in response.get_data(as_text=True)
    client.post("/calendars/subscribe/groups", data={"group_ids": [str(mine.id)]})
    db.session.expire_all()
    assert [g.id for g in active_feed(teacher).groups] == [mine.id]


def test_two_clicks_at_once_leave_one_live_link(app, teacher):
    teacher_id = teacher.id
    db.session.remove()
    barrier = threading.Barrier(2)
    errors = []

    def click():
        from sqlalchemy.exc import IntegrityError, OperationalError

        from blueprints.accounts.models import Staff

        with app.app_context():
            person = db.session.get(Staff, teacher_id)
            barrier.wait()
            try:
                issue_feed(person, NOW)
                db.session.commit()
            except (IntegrityError, OperationalError) as error:
                db.session.rollback()
                errors.append(type(error).__name__)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    live = db.session.scalar(select(func.count()).select_from(CalendarFeed).where(CalendarFeed.revoked_at.is_(None)))
    assert live == 1 and len(errors) <= 1
