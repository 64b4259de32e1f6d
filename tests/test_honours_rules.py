"""The register's rules as plain functions: a valid award, kinds and their fields, duplicates, the counts."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.honours.models import Award
from blueprints.honours.queries import Filters, list_awards, prize_counts
from blueprints.honours.services import AwardDraft, HonourError, award_problems, save_award
from tests.test_honours_support import TODAY, fixed_today, make_award  # noqa: F401  (fixtures)

NOW = datetime(2026, 11, 25, 2, 0)


def draft(**changes) -> AwardDraft:
    values = dict(kind="teacher", title="开化县小学数学教学比武", category="教学比武", level="县", grade="一等奖",
                  awarded_on=date(2026, 4, 17), staff_id=1)
    values.update(changes)
    return AwardDraft(**values)


def test_a_complete_teachers_award_has_no_problems():
    assert award_problems(draft(), today=TODAY, staff=object(), group=None) == {}


@pytest.mark.parametrize("changes, field, message", [
    ({"title": ""}, "title", "请填写比赛、荣誉或作品名称。"),
    ({"level": "区"}, "level", "请选择级别"),
    ({"grade": "金奖"}, "grade", "等次只能是"),
    ({"awarded_on": date(2026, 12, 1)}, "awarded_on", "获奖日期不能晚于今天。"),
    ({"awarded_on": None}, "awarded_on", "请填写获奖"),
    ({"category": "作文发表"}, "category", "教师获奖的类别只能是"),
])
def test_a_broken_rule_is_named_by_its_field(changes, field, message):
    problems = award_problems(draft(**changes), today=TODAY, staff=object(), group=None)
    assert message in problems[field]


def test_each_kind_needs_its_own_recipient():
    assert award_problems(draft(), today=TODAY, staff=None, group=None)["staff_id"] == "请先搜索并选择获奖教师。"
    group = draft(kind="group", category="文艺比赛", staff_id=None)
    assert award_problems(group, today=TODAY, staff=None, group=None)["group_id"] == "请选择获奖团队。"
    pupil = draft(kind="pupil", category="作文发表", grade="其他", staff_id=None)
    problems = award_problems(pupil, today=TODAY, staff=None, group=None)
    assert problems["pupil_name"] == "请填写学生姓名。" and problems["pupil_class"] == "请填写学生所在班级。"
    assert award_problems(replace(pupil, pupil_name="程畅", pupil_class="六（1）班"), today=TODAY, staff=None, group=None) == {}


def test_a_pupils_essay_keeps_its_guiding_teacher_and_nothing_of_another_kind(app, make_staff, make_group):
    guide, choir = make_staff(name="徐玉兰"), make_group(name="女教师合唱团", kind="arts")
    essay = save_award(
        draft(kind="pupil", category="作文发表", grade="其他", level="市", staff_id=guide.id, group_id=choir.id,
              pupil_name="程畅", pupil_class="六（1）班", title="我家门前的钱江源", issuer="《衢州日报》"),
        actor=guide, today=TODAY, now=NOW,
    )
    assert (essay.recipient_name, essay.pupil_class, essay.staff_id, essay.group_id) == ("程畅", "六（1）班", guide.id, None)
    assert essay.summary == "市级我家门前的钱江源" and essay.recipient_label == "程畅（六（1）班）"


def test_the_same_award_is_not_registered_twice(app, make_staff):
    teacher = make_staff()
    save_award(draft(staff_id=teacher.id), actor=teacher, today=TODAY, now=NOW)
    with pytest.raises(HonourError, match="已在荣誉册中"):
        save_award(draft(staff_id=teacher.id), actor=teacher, today=TODAY, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Award)) == 1


def test_a_title_that_names_its_level_is_not_prefixed_twice(make_award):
    assert make_award(title="校级最美教师", level="校", grade="其他", category="荣誉称号").summary == "校级最美教师"


def test_prize_counts_read_as_the_school_reports_them():
    rows = [("市", "一等奖", 3), ("县", "一等奖", 7), ("县", "二等奖", 4), ("校", "其他", 10), ("县", "其他", 1)]
    assert [(p.label, p.count) for p in prize_counts(rows)] == [("县级一等奖", 7), ("县级二等奖", 4), ("市级一等奖", 3)]


def test_the_list_filters_by_kind_level_year_and_person(make_award, make_staff):
    teacher = make_staff()
    make_award(staff=teacher)
    make_award(level="市", awarded_on=date(2025, 6, 1))
    make_award(recipient_kind="pupil", recipient_name="程畅", pupil_class="六（1）班", staff=teacher, category="作文发表",
               grade="其他", title="秋天的稻田")
    assert list_awards(Filters()).total == 3
    assert list_awards(Filters(kind="teacher", year=2026)).total == 1
    assert list_awards(Filters(level="市")).total == 1
    assert list_awards(Filters(kind="pupil", staff_id=teacher.id)).awards[0].recipient_name == "程畅"
    assert list_awards(Filters(q="稻田")).total == 1
    assert list_awards(Filters(since=date(2026, 1, 1), until=date(2026, 12, 31))).total == 2


def test_filters_from_the_query_string_ignore_junk():
    filters = Filters.from_args({"kind": "alien", "level": "县", "year": "20x6", "from": "2026-13-01", "staff": "7"})
    assert (filters.kind, filters.level, filters.year, filters.since, filters.staff_id) == ("", "县", None, None, 7)
    assert filters.args(level="") == {"staff": 7}
