"""Recurrence rules as plain functions: what dates a schedule gives, how it is stored, said and checked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from blueprints.calendars.recurrence import (
    MAX_OCCURRENCES, Pattern, Schedule, anchored, describe, describe_end, expand, occurrence_starts, parse_rule,
    rule_text, schedule_problems,
)
from blueprints.calendars.series import plan_following

SECOND_WEDNESDAY = Pattern("monthly_nth", nth=2, nth_weekday=2, until=date(2027, 1, 22))
TUE_THU = Pattern("weekly", weekdays=(1, 3), count=20)


def days(schedule: Schedule) -> list[date]:
    return [start.date() for start in occurrence_starts(schedule)]


def test_womens_home_falls_on_each_second_wednesday_of_the_semester():
    schedule = Schedule(SECOND_WEDNESDAY, date(2026, 9, 1), time(15, 30), time(17, 0))
    assert days(schedule) == [date(2026, 9, 9), date(2026, 10, 14), date(2026, 11, 11), date(2026, 12, 9), date(2027, 1, 13)]
    assert occurrence_starts(schedule)[0] == datetime(2026, 9, 9, 15, 30)


def test_choir_rehearses_on_tuesdays_and_thursdays_twenty_times():
    starts = occurrence_starts(Schedule(TUE_THU, date(2026, 11, 10), time(16, 30), time(17, 40)))
    assert len(starts) == 20
    assert {s.weekday() for s in starts} == {1, 3}
    assert starts[0] == datetime(2026, 11, 10, 16, 30) and starts[-1] == datetime(2027, 1, 14, 16, 30)


def test_the_31st_skips_the_months_that_have_no_31st():
    schedule = Schedule(Pattern("monthly_day", month_day=31, count=4), date(2027, 1, 1), time(9), time(10))
    assert days(schedule) == [date(2027, 1, 31), date(2027, 3, 31), date(2027, 5, 31), date(2027, 7, 31)]


def test_the_last_day_of_the_month_follows_the_month_end_february_included():
    schedule = Schedule(Pattern("monthly_day", month_day=-1, count=4), date(2027, 1, 1), time(9), time(10))
    assert days(schedule) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]


def test_a_fifth_friday_happens_only_in_months_that_have_one():
    schedule = Schedule(Pattern("monthly_nth", nth=5, nth_weekday=4, until=date(2027, 6, 30)), date(2026, 9, 1),
                        time(15), time(16))
    assert days(schedule) == [date(2026, 10, 30), date(2027, 1, 29), date(2027, 4, 30)]


def test_the_last_wednesday_of_each_month():
    schedule = Schedule(Pattern("monthly_nth", nth=-1, nth_weekday=2, count=3), date(2026, 9, 1), time(15), time(16))
    assert days(schedule) == [date(2026, 9, 30), date(2026, 10, 28), date(2026, 11, 25)]


def test_every_other_week_counts_weeks_from_the_first_day():
    schedule = Schedule(Pattern("weekly", interval=2, weekdays=(4,), count=3), date(2026, 11, 6), time(16), time(17))
    assert days(schedule) == [date(2026, 11, 6), date(2026, 11, 20), date(2026, 12, 4)]


def test_a_first_day_outside_the_rule_starts_at_the_next_matching_day():
    schedule = Schedule(Pattern("weekly", weekdays=(1,), count=2), date(2026, 11, 4), time(16), time(17))
    first, rule = anchored(schedule)
    assert first == datetime(2026, 11, 10, 16, 0)
    assert expand(rule, first) == [datetime(2026, 11, 10, 16), datetime(2026, 11, 17, 16)]


@pytest.mark.parametrize("pattern, text", [
    (SECOND_WEDNESDAY, "FREQ=MONTHLY;UNTIL=20270122T235959;BYDAY=+2WE"),
    (TUE_THU, "FREQ=WEEKLY;COUNT=20;BYDAY=TU,TH"),
    (Pattern("monthly_day", month_day=-1, interval=2, count=3), "FREQ=MONTHLY;INTERVAL=2;COUNT=3;BYMONTHDAY=-1"),
])
def test_the_stored_rule_is_rfc_5545_text_that_reads_back_to_the_same_pattern(pattern, text):
    first = datetime(2026, 9, 9, 15, 30)
    assert rule_text(pattern, first) == text
    assert parse_rule(text) == pattern


def test_the_stored_rule_expands_to_the_same_dates_as_the_schedule():
    schedule = Schedule(SECOND_WEDNESDAY, date(2026, 9, 1), time(15, 30), time(17, 0))
    first, rule = anchored(schedule)
    assert expand(rule, first) == occurrence_starts(schedule)


@pytest.mark.parametrize("pattern, words", [
    (SECOND_WEDNESDAY, "每月第二个周三"),
    (TUE_THU, "每周二、四"),
    (Pattern("weekly", interval=2, weekdays=(4,)), "每2周的周五"),
    (Pattern("monthly_day", month_day=-1), "每月最后一天"),
    (Pattern("monthly_day", month_day=15), "每月 15 日"),
    (Pattern("monthly_nth", nth=-1, nth_weekday=4), "每月最后一个周五"),
])
def test_the_rule_is_said_the_way_the_school_says_it(pattern, words):
    assert describe(pattern) == words


def test_the_end_is_said_as_a_date_or_a_count():
    assert describe_end(SECOND_WEDNESDAY) == "至 2027年1月22日"
    assert describe_end(TUE_THU) == "共 20 次"


def _problems(pattern, first=date(2026, 11, 2), starts=time(15), ends=time(16)):
    return schedule_problems(Schedule(pattern, first, starts, ends))


def test_a_sound_schedule_has_no_problems():
    assert _problems(TUE_THU) == {}


def test_schedule_problems_name_the_field_to_fix():
    assert _problems(Pattern("weekly", count=3)) == {"weekdays": "请至少选择一天。"}
    assert "end_time" in _problems(TUE_THU, starts=time(16), ends=time(15))
    assert "until" in _problems(Pattern("weekly", weekdays=(1,), until=date(2026, 10, 1)))
    assert "until" in _problems(Pattern("weekly", weekdays=(1,), until=date(2028, 1, 1)))
    assert "count" in _problems(Pattern("weekly", weekdays=(1,), count=MAX_OCCURRENCES + 1))
    assert "until" in _problems(Pattern("weekly", weekdays=(1,)))


def test_more_than_the_limit_of_occurrences_is_refused():
    every_day = Pattern("weekly", weekdays=tuple(range(7)), until=date(2027, 1, 22))
    assert "最多重复" in _problems(every_day)["until"]


def test_a_rule_that_never_happens_before_its_end_is_refused():
    fifth_monday = Pattern("monthly_nth", nth=5, nth_weekday=0, until=date(2026, 11, 20))
    assert "一次也不会发生" in _problems(fifth_monday, first=date(2026, 11, 2))["until"]


@dataclass
class Occurrence:
    name: str
    original_starts_at: datetime  #: UTC, as stored


def test_following_occurrences_are_matched_to_the_new_dates_by_day():
    # Stored in UTC: 07:30 UTC is 15:30 in Beijing.
    tue, thu, next_tue = (Occurrence("二", datetime(2026, 12, 1, 7, 30)), Occurrence("四", datetime(2026, 12, 3, 7, 30)),
                          Occurrence("下周二", datetime(2026, 12, 8, 7, 30)))
    # The new rule: Tuesdays and Fridays at 16:00 (Beijing).
    new = [datetime(2026, 12, 1, 16), datetime(2026, 12, 4, 16), datetime(2026, 12, 8, 16)]
    plan = plan_following([tue, thu, next_tue], new)
    assert [(o.name, s.day) for o, s in plan.keep] == [("二", 1), ("下周二", 8)]
    assert plan.create == [datetime(2026, 12, 4, 16)]
    assert plan.drop == [thu]


def test_matching_uses_the_beijing_day_not_the_utc_day():
    # 07:00 in Beijing on 2 December is still 1 December in UTC.
    early = Occurrence("早", datetime(2026, 12, 1, 23, 0))
    plan = plan_following([early], [datetime(2026, 12, 2, 7, 30)])
    assert plan.keep and not plan.create and not plan.drop
