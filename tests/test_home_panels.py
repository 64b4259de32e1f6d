"""Home panels that look over the whole school: the coordinators' pairing summary and the organisers' holiday
reminders. What they say follows the data at once, though the summary is kept between visits."""
from __future__ import annotations

from datetime import date, datetime

from app import db
from blueprints.calendars.models import Holiday
from blueprints.events.models import Event
from tests.test_open_lessons_fixtures import clock, lesson_school, make_lesson  # noqa: F401  (fixtures)
from tests.test_pairings_support import (  # noqa: F401  (fixtures)
    fixed_today, make_mentor, make_newcomer, make_pairing, mentor, newcomer, semester, team_leader,
)


def _home(client) -> str:
    return client.get("/").get_data(as_text=True)


def test_coordinators_see_who_lacks_a_mentor_and_the_panel_follows_a_new_pairing(
        client, login_as, admin, semester, make_newcomer, mentor, make_pairing):
    first, second = make_newcomer(name="刘雪晴"), make_newcomer(name="王文慧")
    login_as(admin)
    page = _home(client)
    assert "2 位新教师还没有师傅" in page and "刘雪晴、王文慧" in page
    assert "进行中的结对 0 对" in page
    make_pairing(mentor, first)
    page = _home(client)
    assert "1 位新教师还没有师傅" in page and "刘雪晴" not in page.split("还没有师傅")[1].split("</li>")[0]
    assert "进行中的结对 1 对" in page
    make_pairing(mentor, second)
    assert "本学期新教师都已安排师傅" in _home(client)


def test_a_long_list_of_newcomers_names_the_first_twelve_and_counts_them_all(
        client, login_as, team_leader, semester, make_newcomer):
    for n in range(15):
        make_newcomer(name=f"新教师{n:02d}", staff_no=f"N{n:03d}")
    login_as(team_leader)
    page = _home(client)
    assert "15 位新教师还没有师傅" in page
    assert "新教师11" in page and "新教师12" not in page and "新教师11 等" in page


def test_teachers_do_not_get_the_coordinators_panel(client, login_as, semester, newcomer):
    login_as(newcomer)
    assert "新教师还没有师傅" not in _home(client) and "打开结对总览" not in _home(client)


def test_organisers_are_told_of_their_events_on_a_holiday_and_no_other(client, login_as, app, admin, make_group):
    app.config["FIXED_NOW"] = datetime(2026, 12, 20, 2, 0)
    union = make_group(name="工会", kind="union")
    db.session.add(Holiday(name="元旦", kind="public", start_date=date(2027, 1, 1), end_date=date(2027, 1, 3)))

    def event(title, day, hour=7):
        db.session.add(Event(kind="union", title=title, group=union, place="操场", audience="all",
                             starts_at=datetime(*day, hour, 0), ends_at=datetime(*day, hour + 2, 0)))

    event("元旦趣味运动会", (2027, 1, 2))
    event("年前联欢", (2026, 12, 31))          # the last day before the holiday: no reminder
    event("跨夜观星", (2026, 12, 31), hour=15)  # 23:00–01:00 in Beijing: reaches into 1 January
    event("开学准备", (2027, 1, 4))
    db.session.commit()
    login_as(admin)
    page = _home(client)
    assert "节假日提醒" in page
    panel = page.split("节假日提醒")[1].split("</section>")[0]
    assert "元旦趣味运动会" in panel and "跨夜观星" in panel
    assert "年前联欢" not in panel and "开学准备" not in panel


def test_the_open_lesson_panel_lists_what_is_still_to_do_and_nothing_finished(
        client, login_as, lesson_school, make_lesson, make_staff, clock):
    from blueprints.open_lessons.models import LessonFeedback
    from blueprints.open_lessons.services import invite
    from tests.test_open_lessons_fixtures import BEFORE, LESSON_DAY

    me = make_staff(name="观课人", subject="美术")
    owed = make_lesson(day=LESSON_DAY, period=3, topic="甲待评", observers=[me])
    written = make_lesson(day=LESSON_DAY, period=5, room="录播教室", topic="丙已评", observers=[me])
    db.session.add(LessonFeedback(lesson=written, observer=me, strengths="好", suggestions="再练"))
    make_lesson(day=date(2026, 10, 12), topic="丁已过期", observers=[me])
    make_lesson(day=date(2026, 10, 27), topic="乙将听", observers=[me])
    for day, topic in ((date(2026, 10, 28), "戊邀请"), (date(2026, 10, 13), "己旧邀请")):
        lesson = make_lesson(day=day, period=2, topic=topic)
        invite(lesson, me, inviter=lesson.teacher, now=BEFORE)
    db.session.commit()
    clock.set(datetime(2026, 10, 22, 9, 0))  # two days after 甲 and 丙; 丁's week for feedback is over
    login_as(me)
    panel = _home(client).split('class="lesson-home"')[1].split("</section>")[0]
    assert "待评课" in panel and "甲待评" in panel and f"/open-lessons/{owed.id}/feedback" in panel
    assert "乙将听" in panel and "去听课" in panel
    assert "戊邀请" in panel and "听课邀请" in panel
    for finished in ("丙已评", "丁已过期", "己旧邀请"):
        assert finished not in panel, finished


def test_a_busy_observer_sees_the_soonest_five_lessons_and_how_many_more(
        client, login_as, lesson_school, make_lesson, make_staff, clock):
    me = make_staff(name="常听课", subject="美术")
    for n in range(7):
        make_lesson(day=date(2026, 10, 19 + n), period=2 + n % 3, topic=f"第{n}课", observers=[me])
    clock.set(datetime(2026, 10, 15, 9, 0))
    login_as(me)
    panel = _home(client).split('class="lesson-home"')[1].split("</section>")[0]
    assert panel.count("去听课") == 5 and "第0课" in panel and "第4课" in panel and "第5课" not in panel
    assert "还要去听 2 节课" in panel and "/open-lessons/?scope=mine" in panel


def test_a_busy_observer_still_sees_feedback_owed_and_invitations_beside_the_soonest_five(
        client, login_as, lesson_school, make_lesson, make_staff, clock):
    from blueprints.open_lessons.services import invite
    from tests.test_open_lessons_fixtures import BEFORE

    me = make_staff(name="常听课", subject="美术")
    make_lesson(day=date(2026, 10, 20), period=3, topic="昨日课", observers=[me])
    for n in range(8):
        make_lesson(day=date(2026, 10, 22 + n), period=2 + n % 3, topic=f"第{n}课", observers=[me])
    invitation = make_lesson(day=date(2026, 10, 30), period=6, topic="邀请课")
    invite(invitation, me, inviter=invitation.teacher, now=BEFORE)
    db.session.commit()
    clock.set(datetime(2026, 10, 21, 9, 0))
    login_as(me)
    panel = _home(client).split('class="lesson-home"')[1].split("</section>")[0]
    assert "昨日课" in panel and "待评课" in panel  # over, feedback still owed: listed whatever comes after
    assert "邀请课" in panel and "听课邀请" in panel
    assert panel.count("去听课") == 5 and "第4课" in panel and "第5课" not in panel
    assert "还要去听 3 节课" in panel


def test_many_invitations_list_the_soonest_five_and_lead_to_the_rest(
        client, login_as, lesson_school, make_lesson, make_staff, clock):
    from blueprints.open_lessons.services import invite
    from tests.test_open_lessons_fixtures import BEFORE

    me = make_staff(name="受邀人", subject="美术")
    for n in range(7):
        lesson = make_lesson(day=date(2026, 10, 19 + n), period=2 + n % 3, topic=f"邀请{n}")
        invite(lesson, me, inviter=lesson.teacher, now=BEFORE)
    db.session.commit()
    clock.set(datetime(2026, 10, 15, 9, 0))
    login_as(me)
    panel = _home(client).split('class="lesson-home"')[1].split("</section>")[0]
    assert panel.count('name="decision" value="accept"') == 5
    assert "邀请0" in panel and "邀请4" in panel and "邀请5" not in panel
    assert "还有 2 个听课邀请待回复" in panel and "/open-lessons/?scope=mine" in panel
    listed = client.get("/open-lessons/?scope=mine").get_data(as_text=True)
    assert "邀请5" in listed and "邀请6" in listed and listed.count('name="decision" value="accept"') == 7
