"""The selection's calendar and its numbers as plain rules: phases by day, what each phase allows, settings, ranks."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from types import SimpleNamespace

import pytest

from blueprints.selection.models import Selection
from blueprints.selection.results import rank
from blueprints.selection.rules import (
    default_settings, default_year, nomination_problem, phase_of, review_problem, sees_totals, settings_problems,
    voting_problem,
)


def selection(**changes) -> Selection:
    s = default_settings(2026)
    values = {name: getattr(s, name) for name in s.__dataclass_fields__}
    values.update(changes)
    return Selection(**values)


@pytest.mark.parametrize("day, phase", [
    (date(2026, 8, 19), "upcoming"),
    (date(2026, 8, 20), "nominating"),  # the first day counts
    (date(2026, 8, 28), "nominating"),  # and so does the last
    (date(2026, 8, 29), "reviewing"),
    (date(2026, 9, 1), "voting"),
    (date(2026, 9, 7), "voting"),
    (date(2026, 9, 8), "counting"),
])
def test_phase_follows_the_windows_both_ends_included(day, phase):
    assert phase_of(selection(), day) == phase


def test_closing_early_ends_voting_and_confirming_ends_the_selection():
    assert phase_of(selection(closed_at=datetime(2026, 9, 3, 4, 0)), date(2026, 9, 3)) == "counting"
    assert phase_of(selection(closed_at=datetime(2026, 9, 8), confirmed_at=datetime(2026, 9, 8)), date(2026, 9, 9)) == "confirmed"


def test_nominating_is_possible_only_inside_its_window():
    s = selection()
    assert nomination_problem(s, date(2026, 8, 19)) == "提名将于 2026年08月20日 开始。"
    assert nomination_problem(s, date(2026, 8, 25)) is None
    assert nomination_problem(s, date(2026, 8, 29)) == "提名已经截止。"


def test_candidates_are_fixed_once_voting_starts():
    s = selection()
    assert review_problem(s, date(2026, 8, 25)) is None and review_problem(s, date(2026, 8, 30)) is None
    assert review_problem(s, date(2026, 9, 1)) == "投票已经开始，候选人不能再变动。"


def test_voting_and_changing_votes_only_while_the_vote_is_open():
    s = selection()
    assert voting_problem(s, date(2026, 8, 30)) == "投票将于 2026年09月01日 开始。"
    assert voting_problem(s, date(2026, 9, 3)) is None
    assert voting_problem(s, date(2026, 9, 8)) == "投票已经结束。"
    assert voting_problem(selection(closed_at=datetime(2026, 9, 3)), date(2026, 9, 3)) == "投票已经结束。"


def test_running_totals_are_the_admins_alone_until_the_close():
    admin, teacher = SimpleNamespace(is_admin=True), SimpleNamespace(is_admin=False)
    s = selection()
    assert not sees_totals(s, admin, date(2026, 8, 30))
    assert sees_totals(s, admin, date(2026, 9, 3)) and not sees_totals(s, teacher, date(2026, 9, 3))
    assert sees_totals(s, teacher, date(2026, 9, 8))


def test_a_new_selection_is_for_this_years_teachers_day_until_it_has_passed():
    assert default_year(date(2026, 3, 1)) == 2026 and default_year(date(2026, 9, 10)) == 2026
    assert default_year(date(2026, 11, 25)) == 2027


def test_default_settings_give_ten_votes_ten_seats_and_teachers_day():
    s = default_settings(2027)
    assert (s.votes_per_voter, s.seats, s.award_on) == (10, 10, date(2027, 9, 10))
    assert s.nominate_until < s.vote_from <= s.vote_until <= s.award_on


def _problems(values, **kwargs):
    return settings_problems(values, **{"current": None, "has_votes": False, "year_taken": False, **kwargs})


def test_settings_windows_must_follow_each_other():
    s = default_settings(2026)
    assert _problems(s) == {}
    assert _problems(replace(s, vote_from=date(2026, 8, 28)))["vote_from"] == "投票应在提名截止之后开始。"
    assert _problems(replace(s, nominate_until=date(2026, 8, 1)))["nominate_until"] == "提名截止日期不能早于开始日期。"
    assert _problems(replace(s, vote_until=date(2026, 8, 31)))["vote_until"] == "投票截止日期不能早于开始日期。"
    assert _problems(replace(s, award_on=date(2026, 9, 5)))["award_on"] == "表彰日期不能早于投票截止日期。"
    assert _problems(replace(s, votes_per_voter=0))["votes_per_voter"] == "每人票数应为 1 到 50。"
    assert _problems(replace(s, seats=None))["seats"] == "评选人数应为 1 到 50。"
    assert _problems(s, year_taken=True)["year"] == "2026 年的评选已经存在。"


def test_once_anyone_has_voted_the_vote_rules_stay_fixed():
    current = selection()
    changed = replace(default_settings(2026), votes_per_voter=5, vote_from=date(2026, 9, 2))
    problems = settings_problems(changed, current=current, has_votes=True, year_taken=False)
    assert problems["votes_per_voter"] == "已经有人投票，每人票数不能再改。"
    assert problems["vote_from"] == "已经有人投票，投票开始日期不能再改。"
    confirmed = selection(confirmed_at=datetime(2026, 9, 8))
    assert settings_problems(default_settings(2026), current=confirmed, has_votes=True, year_taken=False) == {
        "title": "评选结果已经确认，不能再修改设置。"
    }


def _candidates(*names):
    return [SimpleNamespace(id=i, staff=SimpleNamespace(pinyin_full=name, name=name)) for i, name in enumerate(names, 1)]


def test_ranking_shares_a_rank_between_ties_and_skips_the_next():
    c = _candidates("a", "b", "c", "d", "e")
    standings = rank(c, {1: 30, 2: 25, 3: 25, 4: 10}, seats=3)
    assert [(s.candidate.id, s.votes, s.rank, s.tied) for s in standings] == [
        (1, 30, 1, False), (2, 25, 2, True), (3, 25, 2, True), (4, 10, 4, False), (5, 0, 5, False)
    ]
    assert [s.within for s in standings] == [True, True, True, False, False]


def test_a_tie_across_the_last_seat_is_left_to_the_admin():
    c = _candidates("a", "b", "c", "d")
    standings = rank(c, {1: 30, 2: 20, 3: 20, 4: 20}, seats=2)
    assert [s.rank for s in standings] == [1, 2, 2, 2]
    assert [s.within for s in standings] == [True, False, False, False]
    assert [s.straddles for s in standings] == [False, True, True, True]
