"""A teacher opens the week of a busy school: a crowded period shows two lessons and "还有 N 节", which fills the
cell with all of them in place; choosing a subject keeps that subject's lessons and her own."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.accounts.passwords import hash_password
from blueprints.open_lessons.services import LessonDetails, declare_lesson, save_room, save_settings
from tests.e2e.conftest import PASSWORD, log_in

NOW = datetime(2026, 10, 12, 9, 0)


@pytest.fixture
def school_clock(monkeypatch):
    monkeypatch.setattr("blueprints.core.clock.now_local", lambda: NOW)


def _declare(semester, settings, teacher, room, topic, *, subject="语文", period=2):
    details = LessonDetails(subject=subject, class_name="四年级（3）班", topic=topic, lesson_date=date(2026, 10, 21),
                            period=period, room_id=room.id)
    declare_lesson(semester, settings, teacher, details, now=NOW, by_admin=True)


def test_a_crowded_period_opens_in_place_and_a_subject_narrows_the_week(page, live_server, school_clock):
    url = live_server.url
    with live_server.app.app_context():
        password = hash_password(PASSWORD)
        people = [Staff(staff_no=f"T{n:04d}", name=f"教师{n}", gender="F", subject="语文", password_hash=password,
                        must_change_password=False) for n in range(1, 7)]
        semester = Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22),
                            is_current=True)
        db.session.add_all(people + [semester])
        db.session.flush()
        settings = save_settings(semester, {"declare_from": date(2026, 9, 1), "declare_until": date(2026, 10, 31),
                                            "min_observers": 5, "observe_target": 4, "feedback_days": 7,
                                            "names_visible": True})
        rooms = [save_room(semester, f"教室{n}", 30) for n in range(5)]
        for n, (teacher, room) in enumerate(zip(people[1:5], rooms)):
            _declare(semester, settings, teacher, room, f"数学课{n}", subject="数学")
        _declare(semester, settings, people[0], rooms[4], "我的语文课", period=6)
        _declare(semester, settings, people[5], rooms[0], "英语课", subject="英语", period=6)
        db.session.commit()

    log_in(page, url, "T0001")
    page.goto(url + "/open-lessons/week?day=2026-10-21")
    expect(page.get_by_text("本周 6 节公开课")).to_be_visible()
    expect(page.get_by_text("数学课2")).to_have_count(0)

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("link", name="还有 2 节").click()
    for n in range(4):
        expect(page.get_by_role("link", name=re.compile(f"数学课{n}"))).to_be_visible()
    expect(page.get_by_role("link", name="还有 2 节")).to_have_count(0)
    assert page.evaluate("window.stillTheSamePage") is True

    page.get_by_label("学科").select_option("数学")
    expect(page.get_by_text("本周 5 节数学公开课")).to_be_visible()
    expect(page).to_have_url(re.compile(r"subject=%E6%95%B0%E5%AD%A6"))
    expect(page.get_by_role("link", name=re.compile("我的语文课"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("英语课"))).to_have_count(0)
    expect(page.get_by_role("link", name="还有 2 节")).to_be_visible()


def test_on_a_phone_the_week_opens_on_today_with_the_periods_pinned(page, live_server, monkeypatch):
    thursday = datetime(2026, 10, 15, 9, 0)
    monkeypatch.setattr("blueprints.core.clock.now_local", lambda: thursday)
    url = live_server.url
    with live_server.app.app_context():
        teacher = Staff(staff_no="T0001", name="教师1", gender="F", subject="语文", password_hash=hash_password(PASSWORD),
                        must_change_password=False)
        semester = Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22),
                            is_current=True)
        db.session.add_all([teacher, semester])
        db.session.flush()
        settings = save_settings(semester, {"declare_from": date(2026, 9, 1), "declare_until": date(2026, 10, 31),
                                            "min_observers": 5, "observe_target": 4, "feedback_days": 7,
                                            "names_visible": True})
        room = save_room(semester, "录播教室", 30)
        for day, topic in ((date(2026, 10, 12), "周一的课"), (date(2026, 10, 15), "周四的课")):
            details = LessonDetails(subject="语文", class_name="四年级（3）班", topic=topic, lesson_date=day, period=2,
                                    room_id=room.id)
            declare_lesson(semester, settings, teacher, details, now=datetime(2026, 10, 1, 9, 0), by_admin=True)
            teacher = Staff(staff_no=f"T00{day.day}", name=f"教师{day.day}", gender="F", subject="语文",
                            password_hash=teacher.password_hash, must_change_password=False)
            db.session.add(teacher)
            db.session.flush()
        db.session.commit()

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, url, "T0001")
    page.goto(url + "/open-lessons/week")
    expect(page.get_by_role("link", name=re.compile("周四的课"))).to_be_in_viewport()
    expect(page.get_by_role("link", name=re.compile("周一的课"))).not_to_be_in_viewport()
    expect(page.get_by_role("rowheader", name=re.compile("第2节"))).to_be_in_viewport()

    page.get_by_role("link", name="上一周").click()  # drawn by htmx: a week without today opens on its Monday
    expect(page.get_by_text("10月5日 — 10月9日")).to_be_visible()
    page.get_by_role("link", name="本周").click()
    expect(page.get_by_role("link", name=re.compile("周四的课"))).to_be_in_viewport()
