"""The demo school: what someone trying the demo would notice, and that seeding is safe to repeat."""
from __future__ import annotations

import random
import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.accounts.passwords import authenticate
from blueprints.accounts.services import search_staff
from demo.roster import build_people
from demo.school import DEMO_PASSWORD, SEED, build_school, demo_logins

GROUP_NAMES = [
    "党支部", "工会", "妇委会", "团支部", "少先队大队",
    "特级教师工作室", "名师工作室", "女教师合唱团", "女教师排球队", "师徒帮扶工作队",
]
NOW = datetime(2026, 9, 1, 8, 0)


@pytest.fixture
def school(app):
    """The demo school, committed, as `flask demo seed` leaves it."""
    build_school(db.session)
    db.session.commit()
    return list(db.session.scalars(select(Staff).order_by(Staff.staff_no)))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_school_has_the_146_staff_of_the_seed_document(school):
    assert len(school) == 146


def test_about_sixty_percent_of_the_staff_are_women(school):
    women = sum(s.gender == "F" for s in school)
    assert 0.55 <= women / len(school) <= 0.65
    assert {s.gender for s in school} == {"F", "M"}


def test_exactly_23_party_members_two_of_them_probationary(school):
    assert sum(s.is_party_member for s in school) == 23
    assert sum(s.political_status == "预备党员" for s in school) == 2


def test_eight_newcomers_arrive_at_the_start_of_the_current_semester(school):
    newcomers = [s for s in school if s.arrival_date == date(2026, 9, 1)]
    assert len(newcomers) == 8
    assert all(s.arrival_date < date(2026, 9, 1) for s in school if s.arrival_date != date(2026, 9, 1))


def test_backbone_famous_and_special_grade_teachers(school):
    special = [s for s in school if s.is_special_grade]
    assert len(special) == 1 and special[0].title == "正高级教师"
    assert 18 <= sum(s.is_backbone for s in school) <= 22
    assert 5 <= sum(s.is_famous for s in school) <= 7


def test_staff_numbers_are_unique_and_keep_leading_zeros(school):
    numbers = [s.staff_no for s in school]
    assert numbers == [f"T{n:04d}" for n in range(1, 147)]
    assert db.session.scalar(select(Staff.name).where(Staff.staff_no == "T0001")) is not None


def test_names_are_unique_and_phones_look_real(school):
    assert len({s.name for s in school}) == len(school)
    assert len({s.phone for s in school}) == len(school)
    assert all(re.fullmatch(r"1[358]\d{9}", s.phone) for s in school)


def test_every_group_exists_with_at_least_one_leader(school):
    groups = {g.name: g for g in db.session.scalars(select(Group))}
    assert sorted(groups) == sorted(GROUP_NAMES)
    for name in GROUP_NAMES:
        leaders = [m.staff for m in groups[name].memberships if m.is_leader]
        assert leaders, f"{name} has no leader"


def test_group_members_match_what_the_groups_are(school):
    groups = {g.name: g for g in db.session.scalars(select(Group))}
    members = {name: [m.staff for m in g.memberships] for name, g in groups.items()}
    assert sorted(s.staff_no for s in members["党支部"]) == sorted(s.staff_no for s in school if s.is_party_member)
    assert len(members["妇委会"]) == sum(s.gender == "F" for s in school)
    assert all(s.gender == "F" for name in ("妇委会", "女教师合唱团", "女教师排球队") for s in members[name])
    newcomers = {s.staff_no for s in school if s.arrival_date == date(2026, 9, 1)}
    assert newcomers <= {s.staff_no for s in members["师徒帮扶工作队"]}
    studio_leader = next(m.staff for m in groups["特级教师工作室"].memberships if m.is_leader)
    assert studio_leader.is_special_grade


def test_exactly_one_current_semester(school):
    current = list(db.session.scalars(select(Semester).where(Semester.is_current.is_(True))))
    assert [s.name for s in current] == ["2026-2027学年第一学期"]
    assert _count(Semester) == 2


def test_demo_logins_are_an_admin_a_group_leader_and_a_newcomer(school):
    admin, leader, teacher = (db.session.scalar(select(Staff).where(Staff.staff_no == login.staff_no))
                              for login in demo_logins(db.session))
    assert admin.staff_no == "T0001" and admin.role == "admin"
    women = db.session.scalar(select(Group).where(Group.name == "妇委会"))
    assert leader.role == "teacher"
    assert any(m.staff_id == leader.id and m.is_leader for m in women.memberships)
    assert teacher.role == "teacher" and teacher.arrival_date == date(2026, 9, 1)


def test_demo_logins_authenticate_with_the_demo_password(school):
    for login in demo_logins(db.session):
        result = authenticate(login.staff_no, DEMO_PASSWORD, NOW)
        assert result.error is None, login
        assert result.staff.name == login.name
        assert not result.staff.must_change_password


def test_cheng_fei_is_found_by_her_pinyin_initials(school):
    assert "程菲" in [s.name for s in search_staff("cf")]


def test_multi_reading_surnames_are_found_by_their_surname_reading(school):
    shan = [s for s in school if s.name.startswith("单")]
    assert shan, "the demo should include someone surnamed 单 (read shan, not dan)"
    assert shan[0].name in [s.name for s in search_staff("shan")]


def test_generator_gives_the_same_school_every_run():
    first = build_people(random.Random(SEED))
    second = build_people(random.Random(SEED))
    assert [(p.name, p.subject, p.birth_date, p.phone) for p in first] == [
        (p.name, p.subject, p.birth_date, p.phone) for p in second
    ]


def test_seed_command_fills_an_empty_database_and_prints_the_logins(app):
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert _count(Staff) == 146
    assert "T0001" in result.output and DEMO_PASSWORD in result.output


def test_seed_command_twice_does_not_duplicate_anything(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "seed"])
    counts = [_count(model) for model in (Staff, Group, Membership, Semester)]
    again = runner.invoke(args=["demo", "seed"])
    assert again.exit_code == 0
    assert "数据库已有数据，跳过演示数据。" in again.output
    assert [_count(model) for model in (Staff, Group, Membership, Semester)] == counts


def test_seed_command_leaves_a_database_with_real_staff_alone(app, make_staff):
    make_staff(name="真实教师", staff_no="0001")
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0
    assert "跳过" in result.output
    assert _count(Staff) == 1 and _count(Group) == 0 and _count(Semester) == 0
