"""Rules without seats: who an event is for, when it takes registrations, what makes an event valid."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from blueprints.events.audience import age_on, audience_problem, group_ids_of
from blueprints.events.operations import event_problems
from blueprints.events.registration import window_problem
from tests.test_events_support import NOW, make_event  # noqa: F401  (fixture)


def test_age_counts_full_years_and_the_birthday_itself():
    assert age_on(date(1991, 11, 27), date(2026, 11, 26)) == 34
    assert age_on(date(1991, 11, 26), date(2026, 11, 26)) == 35
    assert age_on(date(2000, 2, 29), date(2026, 2, 28)) == 25


def test_everyone_means_every_active_colleague(make_event, make_staff):
    event = make_event()
    assert audience_problem(event, make_staff(gender="M"), set()) is None
    assert audience_problem(event, make_staff(is_active_member=False), set()) == "账号已停用。"


def test_women_only_event_refuses_men(make_event, make_staff):
    event = make_event(audience="women", kind="womens_home")
    assert audience_problem(event, make_staff(gender="F"), set()) is None
    assert audience_problem(event, make_staff(gender="M"), set()) == "本活动面向女教职工。"


@pytest.mark.parametrize("status, eligible", [("正式党员", True), ("预备党员", True), ("入党积极分子", False), ("群众", False)])
def test_party_event_is_for_full_and_probationary_members(make_event, make_staff, status, eligible):
    event = make_event(audience="party", kind="party_study")
    assert (audience_problem(event, make_staff(political_status=status), set()) is None) is eligible


def test_young_teachers_are_those_at_most_the_limit_on_the_event_day(make_event, make_staff):
    event = make_event(audience="young", young_max_age=35)  # on 2026-11-27 Beijing time
    assert audience_problem(event, make_staff(birth_date=date(1991, 11, 27)), set()) is None  # 35 that day
    assert audience_problem(event, make_staff(birth_date=date(1990, 11, 28)), set()) is None  # 36 only the next day
    assert audience_problem(event, make_staff(birth_date=date(1990, 11, 27)), set()) == "本活动面向 35 周岁及以下的青年教师。"


def test_the_young_age_limit_is_set_per_event(make_event, make_staff):
    person = make_staff(birth_date=date(1994, 1, 1))  # 32
    assert audience_problem(make_event(audience="young", young_max_age=30), person, set()) is not None
    assert audience_problem(make_event(audience="young", young_max_age=32), person, set()) is None


def test_young_event_needs_a_birth_date_on_file(make_event, make_staff):
    problem = audience_problem(make_event(audience="young"), make_staff(birth_date=None), set())
    assert "没有出生日期" in problem


def test_group_event_is_for_members_of_any_of_its_groups(make_event, make_staff, make_group):
    choir_member, volleyball_member, outsider = make_staff(), make_staff(), make_staff()
    choir = make_group(name="女教师合唱团", kind="arts", members=[choir_member])
    volleyball = make_group(name="女教师排球队", kind="arts", members=[volleyball_member])
    event = make_event(audience_groups=[choir, volleyball])
    assert audience_problem(event, choir_member, group_ids_of(choir_member)) is None
    assert audience_problem(event, volleyball_member, group_ids_of(volleyball_member)) is None
    assert audience_problem(event, outsider, group_ids_of(outsider)) == "本活动面向女教师合唱团、女教师排球队成员。"


def test_registration_window(make_event):
    event = make_event(registration_opens_at=NOW + timedelta(hours=1), registration_closes_at=NOW + timedelta(days=1))
    assert "开始" in window_problem(event, NOW)
    assert window_problem(event, NOW + timedelta(hours=1)) is None
    assert window_problem(event, NOW + timedelta(days=1)) == "报名已截止。"


def test_no_registration_once_started_cancelled_or_held(make_event):
    event = make_event()
    assert window_problem(event, event.starts_at) == "活动已开始，报名已结束。"
    event.status = "cancelled"
    assert window_problem(event, NOW) == "活动已取消。"
    event.status = "held"
    assert window_problem(event, NOW) == "活动已结束。"


def _values(**changes):
    values = {"kind": "growth_salon", "starts_at": NOW + timedelta(days=1), "ends_at": NOW + timedelta(days=1, hours=2),
              "audience": "all", "capacity": None}
    values.update(changes)
    return values


def test_a_sound_event_has_no_problems():
    assert event_problems(_values()) == {}


def test_end_must_be_after_start():
    assert event_problems(_values(ends_at=NOW + timedelta(days=1)))["ends_at"] == "结束时间必须晚于开始时间。"
    assert "30 天" in event_problems(_values(ends_at=NOW + timedelta(days=40)))["ends_at"]


def test_registration_must_close_by_the_start_and_open_before_it_closes():
    late = _values(registration_closes_at=NOW + timedelta(days=1, hours=1))
    assert event_problems(late)["registration_closes_at"] == "报名截止时间不能晚于活动开始时间。"
    backwards = _values(registration_opens_at=NOW + timedelta(hours=5), registration_closes_at=NOW + timedelta(hours=4))
    assert "registration_opens_at" in event_problems(backwards)


def test_capacity_must_be_positive_or_empty():
    assert event_problems(_values(capacity=-3))["capacity"] == "名额不能为负数。"
    assert "留空" in event_problems(_values(capacity=0))["capacity"]
    assert event_problems(_values(capacity=1)) == {}


def test_a_micro_lecture_needs_its_dimension_and_a_group_audience_its_groups():
    assert "dimension" in event_problems(_values(kind="micro_lecture"))
    assert event_problems(_values(kind="micro_lecture", dimension="teaching")) == {}
    assert "audience_group_ids" in event_problems(_values(audience="groups", audience_group_ids=[]))
