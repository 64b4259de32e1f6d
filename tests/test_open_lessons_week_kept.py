"""The week's lessons are kept between visits until data changes (services/week.py), and only the viewer's own part
is read per visit: a change made after the week was drawn shows on the next visit, the clock moves the progress on
without any change, and each viewer's own lessons are marked for them alone."""
from __future__ import annotations

import re
from datetime import date, datetime

from app import db
from blueprints.open_lessons.services import invite, save_room, sign_up
from tests.test_open_lessons_fixtures import BEFORE, clock, lesson_school, make_lesson  # noqa: F401

WEEK = "/open-lessons/week?day=2026-10-21"
DAY = date(2026, 10, 21)  #: a Wednesday
BOX = re.compile(r'<a href="/open-lessons/(\d+)" class="lesson-cell( lesson-mine)?"><strong>(.*?)</strong>'
                 r'<small>(.*?)</small><small class="[^"]+">(.*?)</small></a>')


def boxes(page: str) -> list[tuple[str, bool, str]]:
    """The lessons drawn, in page order: (topic, marked as the viewer's, progress)."""
    return [(topic, bool(mine), progress) for _id, mine, topic, _byline, progress in BOX.findall(page)]


def crowd(lesson_school, make_lesson, make_staff, count: int, *, period: int = 2, observers: int = 0):
    """`count` lessons in the same day and period, one per room, declared in this order."""
    lessons = []
    for n in range(count):
        name = f"教室{n}"
        if name not in lesson_school.rooms:
            lesson_school.rooms[name] = save_room(lesson_school.semester, name, 30)
        lessons.append(make_lesson(make_staff(), day=DAY, period=period, room=name, topic=f"课{n}",
                                   observers=[make_staff() for _ in range(observers)]))
    db.session.commit()
    return lessons


def test_a_lesson_declared_after_the_week_was_drawn_shows_on_the_next_visit(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    crowd(lesson_school, make_lesson, make_staff, 1)
    login_as(teacher)
    page = client.get(WEEK).get_data(as_text=True)
    assert [b[0] for b in boxes(page)] == ["课0"] and "本周 1 节公开课" in page
    make_lesson(make_staff(), day=date(2026, 10, 23), period=5, room="录播教室", topic="新课")
    page = client.get(WEEK).get_data(as_text=True)
    assert [b[0] for b in boxes(page)] == ["课0", "新课"] and "本周 2 节公开课" in page
    partial = client.get(WEEK, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "新课" in partial


def test_an_observer_signing_up_after_the_week_was_drawn_shows_on_the_next_visit(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    lesson, = crowd(lesson_school, make_lesson, make_staff, 1, observers=4)
    login_as(teacher)
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", False, "4/5 待邀请")]
    sign_up(lesson, teacher, now=BEFORE)
    db.session.commit()
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", True, "已达标")]


def test_the_clock_moves_the_progress_on_without_any_change(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    crowd(lesson_school, make_lesson, make_staff, 1, observers=3)
    login_as(teacher)
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", False, "3/5 待邀请")]
    clock.set(datetime(2026, 10, 21, 9, 0))  # period 2 began at 08:50: no more inviting
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", False, "3/5")]
    slot = client.get("/open-lessons/week/slot?day=2026-10-21&period=2", headers={"HX-Request": "true"})
    assert boxes(slot.get_data(as_text=True)) == [("课0", False, "3/5")]


def test_each_viewer_sees_only_their_own_lessons_marked_and_first(client, login_as, lesson_school, make_lesson, make_staff, clock):
    others = crowd(lesson_school, make_lesson, make_staff, 3)
    giver, watcher, invitee = make_staff(name="授课人"), make_staff(name="听课人"), make_staff(name="受邀人")
    make_lesson(giver, day=DAY, period=2, room="录播教室", topic="我上的课")
    sign_up(others[2], watcher, now=BEFORE)
    invite(others[1], invitee, inviter=others[1].teacher, now=BEFORE)
    db.session.commit()

    login_as(giver)
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("我上的课", True, "0/5 待邀请"), ("课0", False, "0/5 待邀请")]
    client.post("/logout")
    login_as(watcher)
    page = client.get(WEEK).get_data(as_text=True)
    assert boxes(page) == [("课2", True, "1/5 待邀请"), ("课0", False, "0/5 待邀请")] and "还有 2 节" in page
    client.post("/logout")
    login_as(invitee)  # an invitation comes before the others but is not marked: not accepted yet
    assert [b[:2] for b in boxes(client.get(WEEK).get_data(as_text=True))] == [("课1", False), ("课0", False)]
    slot = client.get("/open-lessons/week/slot?day=2026-10-21&period=2", headers={"HX-Request": "true"})
    assert [b[:2] for b in boxes(slot.get_data(as_text=True))] == [("课1", False), ("课0", False), ("课2", False),
                                                                   ("我上的课", False)]


def test_a_subject_filter_keeps_the_viewers_own_lessons_of_other_subjects(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    others = crowd(lesson_school, make_lesson, make_staff, 2)
    sign_up(others[1], teacher, now=BEFORE)
    db.session.commit()
    login_as(teacher)
    page = client.get(WEEK + "&subject=数学").get_data(as_text=True)  # the crowd teaches 语文
    assert boxes(page) == [("课1", True, "1/5 待邀请")] and "本周 1 节数学公开课" in page


def test_titles_and_names_are_escaped(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    make_lesson(make_staff(name="A&B"), day=DAY, period=2, room="录播教室", topic="<b>加粗</b>")
    login_as(teacher)
    page = client.get(WEEK).get_data(as_text=True)
    assert "<b>加粗</b>" not in page and "&lt;b&gt;加粗&lt;/b&gt;" in page and "A&amp;B · 语文 · 录播教室" in page


def test_a_new_minimum_of_observers_shows_on_the_next_visit(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    crowd(lesson_school, make_lesson, make_staff, 1, observers=3)
    login_as(teacher)
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", False, "3/5 待邀请")]
    lesson_school.settings.min_observers = 3
    db.session.commit()
    assert boxes(client.get(WEEK).get_data(as_text=True)) == [("课0", False, "已达标")]
