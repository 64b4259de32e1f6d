"""The admin's home page shows the model's outcomes from data, each figure linking to its list; a teacher's
home page shows their own year; the queries do not grow with the data."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Semester
from blueprints.dashboard.home import build_my_year, build_outcomes
from blueprints.events.models import Attendance
from blueprints.honours.models import Award
from blueprints.open_lessons.models import LessonFeedback
from blueprints.pairings.models import Pairing
from tests.test_events_support import make_event  # noqa: F401  (fixture)
from tests.test_open_lessons_fixtures import lesson_school, make_lesson  # noqa: F401  (fixtures)

#: 2026-11-25 10:00 in Beijing, as stored (naive UTC).
NOW = datetime(2026, 11, 25, 2, 0)


@pytest.fixture
def world(app, lesson_school, make_lesson, make_event, make_staff, make_group):
    """A small school year: pairings, lessons, events, honours and Party applicants, in both semesters."""
    app.config["FIXED_NOW"] = NOW
    semester = lesson_school.semester
    spring = Semester(name="2025-2026学年第二学期", start_date=date(2026, 2, 23), end_date=date(2026, 7, 10))
    db.session.add(spring)
    people = [make_staff(name=f"老师{n}") for n in range(8)]
    teacher = people[0]
    db.session.add_all([
        Pairing(semester=semester, mentor=people[1], apprentice=people[2], state="active"),
        Pairing(semester=semester, mentor=teacher, apprentice=people[3], state="active"),
        Pairing(semester=spring, mentor=people[1], apprentice=people[4], state="completed"),
    ])
    complete = make_lesson(teacher, observers=people[1:6])
    make_lesson(people[1], day=date(2026, 10, 21), observers=[teacher, people[2]], topic="搭船的鸟")
    make_lesson(people[2], day=date(2026, 12, 10), topic="司马光")
    for observer in people[1:6]:
        db.session.add(LessonFeedback(lesson=complete, observer=observer, strengths="好", suggestions="再练"))
    complete.reflection = "学生的朗读还可以再指导。"
    held = make_event(title="成长沙龙", starts_at=datetime(2026, 11, 10, 7, 0))
    make_event(title="下月讲坛", starts_at=datetime(2026, 12, 16, 7, 0))
    make_event(title="取消的活动", starts_at=datetime(2026, 11, 3, 7, 0), status="cancelled")
    for person in (teacher, people[1], people[2]):
        db.session.add(Attendance(event=held, staff=person, signed_in_at=held.starts_at))
    choir = make_group(name="女教师合唱团", kind="arts")
    award = dict(title="优质课评比", category="优质课评比", issuer="开化县教育局")
    db.session.add_all([
        Award(recipient_kind="teacher", staff=teacher, level="县", grade="一等奖", awarded_on=date(2026, 10, 9), **award),
        Award(recipient_kind="teacher", staff=people[2], level="县", grade="一等奖", awarded_on=date(2026, 11, 13), **award),
        Award(recipient_kind="teacher", staff=people[3], level="市", grade="一等奖", awarded_on=date(2026, 6, 12), **award),
        Award(recipient_kind="teacher", staff=people[4], level="县", grade="一等奖", awarded_on=date(2025, 6, 12), **award),
        Award(recipient_kind="teacher", staff=people[5], title="市级名师", category="荣誉称号", level="市", grade="其他",
              awarded_on=date(2026, 4, 28)),
        Award(recipient_kind="group", group=choir, title="合唱比赛", category="文艺比赛", level="县", grade="一等奖",
              awarded_on=date(2026, 5, 29)),
    ] + [
        Award(recipient_kind="pupil", recipient_name=f"学生{n}", pupil_class="六（1）班", staff=teacher, title="秋天的稻田",
              category="作文发表", level="县", grade="其他", awarded_on=date(2026, 3 + n * 3, 12)) for n in range(3)
    ])
    people[6].political_status, people[7].political_status = "入党积极分子", "发展对象"
    db.session.commit()
    return {"teacher": teacher, "people": people}


def test_outcomes_of_the_semester_and_the_year_are_counted_from_the_data(world, admin):
    panel = build_outcomes(admin)
    semester, year = panel["outcomes"]
    assert (semester.pairings["active"], semester.pairings["completed"]) == (2, 0)
    assert (year.pairings["active"], year.pairings["completed"]) == (2, 1)
    assert semester.lessons == {"declared": 3, "held": 2, "complete": 1, "observations": 7, "feedback": 5}
    assert semester.events == {"held": 1, "attendances": 3, "people": 3}
    assert [(p.label, p.count) for p in semester.teacher_prizes] == [("县级一等奖", 2)]
    assert [(p.label, p.count) for p in year.teacher_prizes] == [("县级一等奖", 2), ("市级一等奖", 1)]
    assert year.titles == [("市级名师", 1)] and [(p.label, p.count) for p in year.group_prizes] == [("县级一等奖", 1)]
    assert (semester.essays, year.essays) == (1, 3)
    assert panel["party"] == {"入党积极分子": 1, "发展对象": 1, "预备党员": 0}


def test_the_admins_home_page_links_each_figure_to_the_list_behind_it(world, client, login_as, admin):
    login_as(admin)
    page = client.get("/").get_data(as_text=True)
    assert "“双引领双互助”成效" in page and "县级一等奖 <strong>2</strong>" in page and "市级一等奖 <strong>1</strong>" in page
    assert "/dashboard/semester/pairings-active" in page and "/dashboard/year/lessons-complete" in page
    assert "/honours/?kind=teacher&amp;level=%E5%8E%BF&amp;grade=%E4%B8%80%E7%AD%89%E5%A5%96&amp;year=2026" in page
    assert "/dashboard/party?status=" in page
    listing = client.get("/dashboard/semester/lessons-complete").get_data(as_text=True)
    assert "《秋天的雨》" in listing and "搭船的鸟" not in listing and "5/5" in listing
    events = client.get("/dashboard/semester/events").get_data(as_text=True)
    assert "成长沙龙" in events and "下月讲坛" not in events and "取消的活动" not in events
    pairings = client.get("/dashboard/year/pairings-completed").get_data(as_text=True)
    assert world["people"][4].name in pairings and "2025-2026学年第二学期" in pairings
    party = client.get("/dashboard/party?status=发展对象").get_data(as_text=True)
    assert world["people"][7].name in party and world["people"][6].name not in party
    assert client.get("/dashboard/semester/nonsense").status_code == 404


def test_a_teacher_sees_their_own_year_and_not_the_schools(world, client, login_as):
    teacher = world["teacher"]
    year = build_my_year(teacher)["year"]
    assert (year.lessons_declared, year.lessons_given, year.lessons_observed, year.feedback_written) == (1, 1, 1, 0)
    assert (year.events_attended, year.as_mentor, year.as_apprentice, year.award_count, year.pupils_guided) == (1, 1, 0, 1, 3)
    login_as(teacher)
    page = client.get("/").get_data(as_text=True)
    assert "我的2026年度" in page and "指导学生获奖" in page and "“双引领双互助”成效" not in page
    assert client.get("/dashboard/semester/events").status_code == 403


def test_the_dashboards_query_count_does_not_grow_with_the_data(world, admin, make_staff, make_lesson, make_event, count_queries):
    teacher = world["teacher"]
    with count_queries() as small:
        build_outcomes(admin)
        build_my_year(teacher)
    people = [make_staff() for _ in range(10)]
    for n, person in enumerate(people):
        lesson = make_lesson(person, day=date(2026, 11, 2 + n), observers=people[:3] if person not in people[:3] else [])
        db.session.add(LessonFeedback(lesson=lesson, observer=teacher, strengths="好", suggestions="再练"))
        event = make_event(title=f"活动{n}", starts_at=datetime(2026, 10, 1 + n, 7, 0))
        db.session.add(Attendance(event=event, staff=teacher, signed_in_at=event.starts_at))
        db.session.add(Award(recipient_kind="teacher", staff=teacher, title=f"比赛{n}", level="市", grade="二等奖",
                             awarded_on=date(2026, 9, 1 + n)))
        db.session.add(Pairing(semester=world_semester(), mentor=teacher, apprentice=person, state="active"))
    db.session.commit()
    with count_queries() as big:
        build_outcomes(admin)
        build_my_year(teacher)
    assert len(big) == len(small)


def world_semester() -> Semester:
    return db.session.scalar(select(Semester).where(Semester.is_current.is_(True)))
