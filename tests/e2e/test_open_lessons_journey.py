"""A teacher declares an open lesson; five colleagues sign up from the list and watch the badge count up
to 已达标 without a reload; after the lesson one observer writes feedback in the browser (four others
have written theirs), and the teacher reads it on the lesson's page."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.accounts.passwords import hash_password
from blueprints.open_lessons.models import OpenLesson
from blueprints.open_lessons.services import rubric_of, save_room, save_settings, settings_for, write_feedback

PASSWORD = "qingchun-2026"
BEFORE = datetime(2026, 10, 12, 9, 0)
AFTER = datetime(2026, 10, 20, 11, 0)


class Clock:
    now = BEFORE


@pytest.fixture
def school_clock(monkeypatch):
    monkeypatch.setattr("blueprints.core.clock.now_local", lambda: Clock.now)
    Clock.now = BEFORE
    return Clock


def _log_in(page, url, staff_no):
    """Log in as someone else in the same browser: the real login form, posted without drawing the page."""
    page.context.clear_cookies()
    form = page.request.get(url + "/login").text()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = page.request.post(url + "/login", form={"staff_no": staff_no, "password": PASSWORD, "csrf_token": token})
    assert response.ok and "老师，您好" in response.text()


def _school(names: list[str], *, min_observers: int):
    """Colleagues T0001… (the names given) and the current semester with open-lesson settings and one room."""
    password = hash_password(PASSWORD)
    people = [Staff(staff_no=f"T{n:04d}", name=name, gender="F", subject="语文", password_hash=password,
                    must_change_password=False)
              for n, name in enumerate(names, start=1)]
    semester = Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22), is_current=True)
    db.session.add_all(people + [semester])
    db.session.flush()
    settings = save_settings(semester, {"declare_from": date(2026, 9, 1), "declare_until": date(2026, 10, 31),
                                        "min_observers": min_observers, "observe_target": 4, "feedback_days": 7,
                                        "names_visible": True})
    room = save_room(semester, "录播教室", 12)
    return people, semester, settings, room


def test_declare_fill_the_seats_write_and_read_feedback(page, live_server, school_clock):
    url = live_server.url
    with live_server.app.app_context():
        _school(["王丽", "陈静", "刘洋", "杨帆", "赵敏", "周婷"], min_observers=5)
        db.session.commit()

    # The teacher declares her lesson.
    _log_in(page, url, "T0001")
    page.goto(url + "/open-lessons/new")
    page.get_by_label("班级").fill("四年级（3）班")
    page.get_by_label("课题").fill("秋天的雨")
    page.get_by_label("日期").fill("2026-10-20")
    page.get_by_label("节次").select_option("3")
    page.get_by_label("教室").select_option(label="录播教室（12 座）")
    page.get_by_role("button", name="申报").click()
    expect(page.get_by_role("heading", name="《秋天的雨》")).to_be_visible()
    expect(page.locator("[id^=lesson-badge-]")).to_have_text("0/5 待邀请")

    # Five colleagues sign up from the list; each sees the badge move in place.
    for n, staff_no in enumerate(["T0002", "T0003", "T0004", "T0005", "T0006"], start=1):
        _log_in(page, url, staff_no)
        page.goto(url + "/open-lessons/")
        badge = page.locator("[id^=lesson-badge-]")
        expect(badge).to_have_text(f"{n - 1}/5 待邀请")
        page.evaluate("window.stillTheSamePage = true")
        page.get_by_role("button", name="报名听课").click()
        expect(page.get_by_text("已报名", exact=True)).to_be_visible()
        expect(badge).to_have_text("已达标" if n == 5 else f"{n}/5 待邀请")
        assert page.evaluate("window.stillTheSamePage") is True

    # After the lesson four observers have written feedback; the fifth writes hers in the browser.
    school_clock.now = AFTER
    with live_server.app.app_context():
        lesson = db.session.query(OpenLesson).one()
        semester = db.session.get(Semester, lesson.semester_id)
        settings, rubric = settings_for(semester), rubric_of(semester)
        for staff_no in ["T0002", "T0003", "T0004", "T0005"]:
            person = db.session.query(Staff).filter_by(staff_no=staff_no).one()
            write_feedback(lesson, settings, person, scores={i.id: 4 for i in rubric}, strengths="朗读指导到位。",
                           suggestions="小组讨论可再充分些。", rubric=rubric, now=AFTER)
        db.session.commit()
        lesson_id, item_ids = lesson.id, [item.id for item in rubric]
    page.goto(f"{url}/open-lessons/{lesson_id}")
    page.get_by_role("button", name="写评课").click()
    for item_id in item_ids:
        page.locator(f'input[name="score_{item_id}"][value="5"]').check()
    page.get_by_label("亮点").fill("以秋天的雨为线索，想象丰富。")
    page.get_by_label("建议").fill("板书可以再精炼。")
    page.get_by_role("button", name="提交评课").click()
    expect(page.get_by_text("评课已提交")).to_be_visible()

    # The teacher reads the averages and the comments.
    _log_in(page, url, "T0001")
    page.goto(f"{url}/open-lessons/{lesson_id}")
    expect(page.get_by_text("以秋天的雨为线索，想象丰富。")).to_be_visible()
    expect(page.get_by_role("cell", name="教学目标")).to_be_visible()
    expect(page.get_by_role("row", name="教学目标").get_by_text("4.2")).to_be_visible()


def test_invitations_are_answered_in_place_from_the_home_page_and_the_list(page, live_server, school_clock):
    """Each invitation is one form with 接受 and 婉拒: the button pressed is the answer htmx sends."""
    from blueprints.open_lessons.models import LessonObserver
    from blueprints.open_lessons.services import LessonDetails, declare_lesson, invite

    url = live_server.url
    with live_server.app.app_context():
        people, semester, settings, room = _school(["王丽", "陈静", "刘洋", "张敏"], min_observers=1)
        guest = people[2]
        for teacher, topic, period in ((people[0], "秋天的雨", 2), (people[1], "富饶的西沙群岛", 4), (people[3], "赵州桥", 6)):
            lesson = declare_lesson(semester, settings, teacher, LessonDetails(
                subject="语文", class_name="三年级（1）班", topic=topic, lesson_date=date(2026, 10, 20), period=period,
                room_id=room.id), now=BEFORE, by_admin=False)
            invite(lesson, guest, inviter=teacher, now=BEFORE)
        db.session.commit()

    _log_in(page, url, "T0003")
    page.goto(url + "/")
    page.evaluate("window.stillTheSamePage = true")
    first = page.locator("[id^=invitation-]", has_text="秋天的雨")
    first.get_by_role("button", name="婉拒").click()
    expect(page.locator("[id^=invitation-]", has_text="秋天的雨")).to_contain_text("已婉拒邀请。")
    second = page.locator("[id^=invitation-]", has_text="富饶的西沙群岛")
    second.get_by_role("button", name="接受").click()
    expect(page.locator("[id^=invitation-]", has_text="富饶的西沙群岛")).to_contain_text("已接受邀请")
    assert page.evaluate("window.stillTheSamePage") is True
    # The list of one's lessons answers the same way, in its row.
    page.goto(url + "/open-lessons/?scope=mine")
    row = page.get_by_role("row", name="赵州桥")
    row.get_by_role("button", name="接受").click()
    expect(row.locator(".lesson-signup")).to_contain_text("已报名")
    with live_server.app.app_context():
        answers = {o.lesson.topic: o.status for o in db.session.query(LessonObserver).all()}
    assert answers == {"秋天的雨": "declined", "富饶的西沙群岛": "confirmed", "赵州桥": "confirmed"}
