"""The list, the week view, compliance and the home page: a fixed number of queries however many lessons;
compliance content, filters and the Excel export; the demo semester of lessons."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Semester
from blueprints.open_lessons.models import OpenLesson
from blueprints.open_lessons.services import (
    COMPLETED, DEFAULT_PERIODS, HELD, UPCOMING, compliance_report, lesson_rows, rubric_of, save_room, set_period_times,
    settings_for, sign_up, write_feedback, write_reflection,
)
from tests.test_open_lessons_fixtures import AFTER, clock, lesson_school, make_lesson  # noqa: F401

ROOMS = ["录播教室", "阶梯教室", "科学实验室"]


def _lessons(make_lesson, make_staff, count: int, *, start: int = 0):
    """`count` lessons spread over periods and days, each with two observers."""
    for n in range(start, start + count):
        day = date(2026, 10, 19 + (n // 8) % 5)
        make_lesson(day=day, period=n % 8 + 1, room=ROOMS[(n // 40) % 3], topic=f"课题{n}",
                    observers=[make_staff(), make_staff()] if n % 3 else [])


def _queries(client, count_queries, url) -> int:
    db.session.expire_all()
    client.get(url)  # warm: the user and the semester are loaded per request either way
    db.session.expire_all()
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("url", ["/open-lessons/?scope=all", "/open-lessons/week?day=2026-10-20",
                                 "/open-lessons/week/slot?day=2026-10-19&period=1", "/open-lessons/compliance", "/"])
def test_pages_do_not_send_more_queries_for_more_lessons(client, login_as, admin, make_staff, make_lesson, count_queries, clock, url):
    login_as(admin)
    _lessons(make_lesson, make_staff, 3)
    few = _queries(client, count_queries, url)
    _lessons(make_lesson, make_staff, 12, start=3)
    many = _queries(client, count_queries, url)
    assert many == few, url
    if url != "/":  # the home page also holds the other features' panels
        assert few <= 12, url


def test_the_week_shows_periods_as_rows_and_days_as_columns(client, login_as, teacher, make_lesson, clock):
    make_lesson(topic="秋天的雨", period=3)
    make_lesson(topic="周末补课", day=date(2026, 10, 24), period=1)
    login_as(teacher)
    page = client.get("/open-lessons/week?day=2026-10-21").get_data(as_text=True)
    assert page.count('<th scope="row">') == 8
    assert "周一" in page and "周五" in page and "周六" in page and "周日" not in page
    assert "秋天的雨" in page and "周末补课" in page and "10:00–<wbr>10:40" in page
    partial = client.get("/open-lessons/week?day=2026-10-28", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in partial and "秋天的雨" not in partial
    assert client.get("/open-lessons/week?day=not-a-date").status_code == 200


def _crowd(lesson_school, make_lesson, make_staff, count: int, *, day=date(2026, 10, 21), period=2, subject="语文"):
    """`count` lessons of one subject in the same day and period, one per room (rooms added as needed)."""
    lessons = []
    for n in range(count):
        name = f"教室{n}"
        if name not in lesson_school.rooms:
            lesson_school.rooms[name] = save_room(lesson_school.semester, name, 30)
        lesson = make_lesson(make_staff(), day=day, period=period, room=name, topic=f"{subject}课{n}")
        lesson.subject = subject
        lessons.append(lesson)
    db.session.commit()
    return lessons


def test_a_crowded_period_shows_two_lessons_and_opens_the_rest(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    _crowd(lesson_school, make_lesson, make_staff, 5)
    login_as(teacher)
    page = client.get("/open-lessons/week?day=2026-10-21").get_data(as_text=True)
    assert "本周 5 节公开课" in page
    assert "语文课0" in page and "语文课1" in page and "语文课2" not in page
    assert "还有 3 节" in page
    slot = "/open-lessons/week/slot?day=2026-10-21&amp;period=2"
    assert f'href="{slot}"' in page and f'hx-get="{slot}"' in page
    partial = client.get("/open-lessons/week/slot?day=2026-10-21&period=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in partial and all(f"语文课{n}" in partial for n in range(5)) and "还有" not in partial
    full = client.get("/open-lessons/week/slot?day=2026-10-21&period=2").get_data(as_text=True)
    assert "<html" in full and "10月21日 周三 第2节 08:50–09:30" in full and "这一节共 5 节公开课" in full
    assert all(f"语文课{n}" in full for n in range(5)) and "返回周视图" in full


def test_lessons_i_give_or_observe_are_never_hidden(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    _crowd(lesson_school, make_lesson, make_staff, 4, period=2)
    mine = make_lesson(teacher, day=date(2026, 10, 21), period=2, room="录播教室", topic="我的课")
    crowd = _crowd(lesson_school, make_lesson, make_staff, 4, period=5)
    sign_up(crowd[-1], teacher, now=datetime(2026, 10, 1, 8, 0))
    db.session.commit()
    login_as(teacher)
    page = client.get("/open-lessons/week?day=2026-10-21").get_data(as_text=True)
    assert page.count("lesson-cell lesson-mine") == 2
    assert f'href="/open-lessons/{mine.id}" class="lesson-cell lesson-mine"' in page
    assert f'href="/open-lessons/{crowd[-1].id}" class="lesson-cell lesson-mine"' in page
    assert "还有 3 节" in page and "本周 9 节公开课" in page  # one drawn beside mine in each period


def test_the_week_can_show_one_subject_and_still_shows_my_lessons(client, login_as, teacher, lesson_school, make_lesson, make_staff, clock):
    _crowd(lesson_school, make_lesson, make_staff, 3, period=1, subject="数学")
    _crowd(lesson_school, make_lesson, make_staff, 2, period=4, subject="英语")
    make_lesson(teacher, day=date(2026, 10, 22), period=6, room="录播教室", topic="我的语文课")
    login_as(teacher)
    page = client.get("/open-lessons/week?day=2026-10-21&subject=数学").get_data(as_text=True)
    assert "数学课0" in page and "英语课0" not in page and "我的语文课" in page
    assert "本周 4 节数学公开课（我参与的课也显示）" in page and "还有 1 节" in page
    assert '<option value="数学" selected>' in page
    assert "day=2026-10-26&amp;subject=" in page and "day=2026-10-12&amp;subject=" in page  # the next and previous weeks keep it
    assert "subject=%E6%95%B0%E5%AD%A6&amp;day=2026-10-21&amp;period=1" in page
    everything = client.get("/open-lessons/week?day=2026-10-21&subject=化学").get_data(as_text=True)
    assert "英语课0" in everything and "本周 6 节公开课。" in everything


def test_the_week_shows_new_period_times_as_soon_as_the_admin_saves_them(client, login_as, teacher, lesson_school, clock):
    login_as(teacher)
    assert "10:00–<wbr>10:40" in client.get("/open-lessons/week?day=2026-10-21").get_data(as_text=True)
    times = [(start.replace(minute=start.minute + 5), end.replace(minute=end.minute + 5)) for start, end in DEFAULT_PERIODS]
    set_period_times(lesson_school.semester, times)
    db.session.commit()
    page = client.get("/open-lessons/week?day=2026-10-21").get_data(as_text=True)
    assert "10:05–<wbr>10:45" in page and "10:00–<wbr>10:40" not in page


@pytest.mark.parametrize("query", ["day=2026-10-21&period=9", "day=2026-10-21", "day=not-a-day&period=2", "period=2"])
def test_a_period_that_does_not_exist_is_404(client, login_as, teacher, lesson_school, clock, query):
    login_as(teacher)
    assert client.get(f"/open-lessons/week/slot?{query}").status_code == 404


def _complete(lesson, school, observers):
    rubric = rubric_of(school.semester)
    for person in observers:
        write_feedback(lesson, school.settings, person, scores={i.id: 4 for i in rubric}, strengths="好", suggestions="再好",
                       rubric=rubric, now=AFTER)
    write_reflection(lesson, "反思", now=AFTER)
    db.session.commit()


def test_compliance_counts_declarations_observers_feedback_and_targets(make_staff, make_lesson, lesson_school):
    observers = [make_staff(subject="数学") for _ in range(5)]
    done = make_lesson(make_staff(name="已完成"), observers=observers)
    _complete(done, lesson_school, observers)
    owes = make_lesson(make_staff(name="欠评课"), period=5, observers=observers[:2])
    short = make_lesson(make_staff(name="人不够"), day=date(2026, 10, 28), observers=[observers[0]])
    idle = make_staff(name="未申报者")
    report = compliance_report(lesson_school.semester, lesson_school.settings, datetime(2026, 10, 21, 9, 0))
    lines = {line.staff.name: line for line in report.teachers}
    assert lines["已完成"].phase == COMPLETED and lines["欠评课"].phase == HELD and lines["人不够"].phase == UPCOMING
    assert [line.staff.name for line in report.not_declared] == [p.name for p in observers] + ["未申报者"]
    assert [item.lesson.id for item in report.short] == [short.id]
    assert sorted((o.observer.name, o.lesson.id) for o in report.owed) == sorted((p.name, owes.id) for p in observers[:2])
    first = lines[observers[0].name]
    assert (first.observed, first.signed_up, first.feedback_given, first.feedback_owed) == (2, 1, 1, 1)
    assert not first.target_met
    only_math = compliance_report(lesson_school.semester, lesson_school.settings, AFTER, subject="数学")
    assert {line.staff.name for line in only_math.teachers} == {p.name for p in observers}
    assert idle.id not in {line.staff.id for line in only_math.teachers}


def test_compliance_filters_by_group_and_exports_the_same_to_excel(client, login_as, admin, make_staff, make_group, make_lesson, clock):
    insider, outsider = make_staff(name="组内教师"), make_staff(name="组外教师")
    group = make_group(name="名师工作室", kind="studio", members=[insider])
    make_lesson(insider)
    login_as(admin)
    page = client.get(f"/open-lessons/compliance?group={group.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "组内教师" in page and "组外教师" not in page and "<html" not in page
    response = client.get(f"/open-lessons/compliance.xlsx?group={group.id}")
    assert response.headers["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["教师汇总", "未申报", "听课人数不足", "未交评课", "说明"]
    names = [row[1] for row in workbook["教师汇总"].iter_rows(min_row=2, values_only=True)]
    assert names == ["组内教师"]
    assert list(workbook["听课人数不足"].iter_rows(min_row=2, values_only=True))[0][1] == "组内教师"


def test_the_home_page_lists_what_the_teacher_has_to_do(client, login_as, teacher, make_staff, make_lesson, lesson_school, clock):
    observer = make_staff()
    login_as(observer)
    home = client.get("/").get_data(as_text=True)
    assert "待申报" in home and "申报公开课" in home
    make_lesson(teacher, observers=[observer])
    clock.set(AFTER)
    home = client.get("/").get_data(as_text=True)
    assert "待评课" in home and "写评课" in home
    client.post("/logout")
    login_as(teacher)
    assert "请写教学反思" in client.get("/").get_data(as_text=True)


# --- the demo ------------------------------------------------------------------------------------

@pytest.fixture
def demo(app):
    from demo.school import build_school
    from demo.seed_20_open_lessons import seed

    build_school(db.session)
    line = seed(db.session)
    db.session.commit()
    return line


def test_the_demo_has_lessons_in_every_state(demo, admin):
    from demo.seed_20_open_lessons import TODAY

    assert demo.startswith("公开课：")
    semester = db.session.scalars(select(Semester).where(Semester.is_current.is_(True))).one()
    settings = settings_for(semester)
    now = datetime.combine(TODAY, datetime.min.time()).replace(hour=7)
    rows = lesson_rows(semester, settings, admin, now, scope="all")
    phases = {row.phase for row in rows}
    assert {UPCOMING, HELD, COMPLETED} <= phases
    upcoming = [row for row in rows if row.phase == UPCOMING]
    assert any(row.progress.reached for row in upcoming) and any(not row.progress.reached for row in upcoming)
    report = compliance_report(semester, settings, now)
    assert report.not_declared and report.owed and report.short
    assert 60 <= len(rows) <= 120


def test_the_demo_obeys_the_rules(demo):
    lessons = list(db.session.scalars(select(OpenLesson)))
    slots = [(lesson.room_id, lesson.lesson_date, lesson.period) for lesson in lessons]
    assert len(slots) == len(set(slots))
    by_slot: dict = {}
    for lesson in lessons:
        for row in lesson.observers:
            if row.status == "confirmed":
                assert row.staff_id != lesson.teacher_id
                key = (row.staff_id, lesson.lesson_date, lesson.period)
                assert key not in by_slot, key
                by_slot[key] = lesson.id
        assert sum(row.status == "confirmed" for row in lesson.observers) <= lesson.seats
    teaching = {(lesson.teacher_id, lesson.lesson_date, lesson.period) for lesson in lessons}
    assert not teaching & set(by_slot)
