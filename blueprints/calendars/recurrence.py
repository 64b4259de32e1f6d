"""Repeating events as RFC 5545 recurrence rules, expanded by python-dateutil: no date arithmetic of our own.

A Schedule is what an organiser chooses (the pattern, the first day, the clock times, the end); the rule text
is what the series stores (FREQ=MONTHLY;BYDAY=+2WE;UNTIL=...). Everything here is in Beijing wall-clock time
and is plain functions the unit tests call directly.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import islice

from dateutil.rrule import MONTHLY, WEEKLY, rrule, rrulestr, weekday

#: RFC 5545 weekday codes, Monday first as Python counts them (date.weekday()).
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_NAMES = "一二三四五六日"
FREQUENCIES = {"weekly": "每周", "monthly_nth": "每月第几个星期几", "monthly_day": "每月几号"}
NTH_LABELS = {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", 5: "第五个", -1: "最后一个"}
#: A semester holds about 20 weeks: twice a week for a semester and a half is plenty; more is a typing mistake.
MAX_OCCURRENCES = 60
#: The end date may lie at most this far after the first day.
MAX_SPAN = timedelta(days=366)
#: Stored rules end with UNTIL at the last second of the end day, in the same (floating Beijing) time as DTSTART.
UNTIL_TIME = time(23, 59, 59)


@dataclass(frozen=True)
class Pattern:
    """How often: weekly on some weekdays, monthly on the n-th weekday, or monthly on a day of the month."""

    freq: str = "weekly"
    interval: int = 1
    weekdays: tuple[int, ...] = ()  #: weekly: 0 = Monday
    nth: int = 1  #: monthly_nth: 1..5, or -1 for the last
    nth_weekday: int = 0  #: monthly_nth: 0 = Monday
    month_day: int = 1  #: monthly_day: 1..31, or -1 for the last day of the month
    until: date | None = None
    count: int | None = None


@dataclass(frozen=True)
class Schedule:
    """A pattern anchored in time: from `first_day`, each occurrence from `starts` to `ends` (Beijing)."""

    pattern: Pattern
    first_day: date
    starts: time
    ends: time

    @property
    def duration(self) -> timedelta:
        return datetime.combine(self.first_day, self.ends) - datetime.combine(self.first_day, self.starts)


def _rule(pattern: Pattern, dtstart: datetime) -> rrule:
    """The dateutil rule of a pattern from `dtstart`."""
    until = datetime.combine(pattern.until, UNTIL_TIME) if pattern.until else None
    options = {"dtstart": dtstart, "interval": pattern.interval, "until": until, "count": pattern.count}
    if pattern.freq == "weekly":
        return rrule(WEEKLY, byweekday=[weekday(d) for d in sorted(pattern.weekdays)], **options)
    if pattern.freq == "monthly_nth":
        return rrule(MONTHLY, byweekday=weekday(pattern.nth_weekday, pattern.nth), **options)
    return rrule(MONTHLY, bymonthday=pattern.month_day, **options)


def rule_text(pattern: Pattern, dtstart: datetime) -> str:
    """The RRULE value of a pattern as dateutil writes it (without the RRULE: name and the DTSTART line)."""
    for line in str(_rule(pattern, dtstart)).splitlines():
        if line.startswith("RRULE:"):
            return line[len("RRULE:"):]
    raise ValueError("dateutil wrote no RRULE line")


def expand(text: str, dtstart: datetime, limit: int = MAX_OCCURRENCES + 1) -> list[datetime]:
    """The starts a stored rule gives from `dtstart`, at most `limit` of them."""
    return list(islice(rrulestr(text, dtstart=dtstart), limit))


def occurrence_starts(schedule: Schedule, limit: int = MAX_OCCURRENCES + 1) -> list[datetime]:
    """The Beijing start of every occurrence of a schedule, the first one on or after its first day."""
    dtstart = datetime.combine(schedule.first_day, schedule.starts)
    return list(islice(_rule(schedule.pattern, dtstart), limit))


def anchored(schedule: Schedule) -> tuple[datetime, str] | None:
    """(DTSTART, RRULE) to store: DTSTART moved to the first real occurrence, as RFC 5545 expects; None if none."""
    starts = occurrence_starts(schedule, limit=1)
    if not starts:
        return None
    return starts[0], rule_text(schedule.pattern, starts[0])


def parse_rule(text: str) -> Pattern:
    """A stored RRULE value back into the pattern the form shows (only the parts this app writes)."""
    parts = dict(part.split("=", 1) for part in text.split(";") if "=" in part)
    until = datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date() if "UNTIL" in parts else None
    common = {"interval": int(parts.get("INTERVAL", 1)), "until": until,
              "count": int(parts["COUNT"]) if "COUNT" in parts else None}
    if parts.get("FREQ") == "WEEKLY":
        days = tuple(WEEKDAY_CODES.index(code[-2:]) for code in parts.get("BYDAY", "").split(",") if code)
        return Pattern("weekly", weekdays=days, **common)
    if "BYDAY" in parts:
        code = parts["BYDAY"]
        return Pattern("monthly_nth", nth=int(code[:-2]), nth_weekday=WEEKDAY_CODES.index(code[-2:]), **common)
    return Pattern("monthly_day", month_day=int(parts.get("BYMONTHDAY", 1)), **common)


def describe(pattern: Pattern) -> str:
    """The pattern in the school's words: 每月第二个周三, 每周二、四, 每2周的周五, 每月最后一天."""
    if pattern.freq == "weekly":
        days = "、".join(WEEKDAY_NAMES[d] for d in sorted(pattern.weekdays))
        return f"每周{days}" if pattern.interval == 1 else f"每{pattern.interval}周的周{days}"
    month = "每月" if pattern.interval == 1 else f"每{pattern.interval}个月的"
    if pattern.freq == "monthly_nth":
        return f"{month}{NTH_LABELS[pattern.nth]}周{WEEKDAY_NAMES[pattern.nth_weekday]}"
    return f"{month}最后一天" if pattern.month_day == -1 else f"{month} {pattern.month_day} 日"


def describe_end(pattern: Pattern) -> str:
    """How the series ends: 至 2027年1月22日, or 共 20 次."""
    if pattern.until is not None:
        return f"至 {pattern.until.year}年{pattern.until.month}月{pattern.until.day}日"
    return f"共 {pattern.count} 次" if pattern.count else ""


def schedule_problems(schedule: Schedule) -> dict[str, str]:
    """Field errors of a schedule (names as in the series form); empty when it gives 1..MAX_OCCURRENCES starts."""
    errors: dict[str, str] = {}
    pattern = schedule.pattern
    if schedule.ends <= schedule.starts:
        errors["end_time"] = "结束时间必须晚于开始时间（同一天内）。"
    if not 1 <= pattern.interval <= 4:
        errors["interval"] = "间隔应在 1 到 4 之间。"
    if pattern.freq == "weekly" and not pattern.weekdays:
        errors["weekdays"] = "请至少选择一天。"
    if pattern.until is None and pattern.count is None:
        errors["until" if pattern.count is None else "count"] = "请填写截止日期或重复次数。"
    if pattern.until is not None:
        if pattern.until < schedule.first_day:
            errors["until"] = "截止日期不能早于首次日期。"
        elif pattern.until - schedule.first_day > MAX_SPAN:
            errors["until"] = "截止日期最多在首次日期一年之后。"
    if pattern.count is not None and not 1 <= pattern.count <= MAX_OCCURRENCES:
        errors["count"] = f"次数应在 1 到 {MAX_OCCURRENCES} 之间。"
    if errors:
        return errors
    starts = occurrence_starts(schedule)
    if not starts:
        errors["until"] = "到截止日期为止一次也不会发生，请检查重复方式和日期。"
    elif len(starts) > MAX_OCCURRENCES:
        errors["until"] = f"最多重复 {MAX_OCCURRENCES} 次，请提前截止日期。"
    return errors


def with_end(pattern: Pattern, *, until: date | None = None, count: int | None = None) -> Pattern:
    """The same pattern with another end (a series cut short keeps its rule up to the day before)."""
    return replace(pattern, until=until, count=count)
