"""The two spans the dashboards count over: the current semester, and the calendar year (年度) of today.

A year is the calendar year because the Party branch reports by year (年度) and the honours, the essays
and the 最美教师 selection are yearly; pairings belong to semesters, so a year counts the pairings of the
semesters that begin in it (spring and autumn)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from blueprints.accounts.services import semesters as all_semesters
from blueprints.core.clock import to_utc


@dataclass(frozen=True)
class Period:
    key: str  #: "semester" or "year": the URL names the period by it
    label: str
    start: date
    end: date  #: inclusive
    semester_ids: tuple[int, ...]  #: the semesters whose pairings count

    @property
    def utc_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as stored times (naive UTC) of Beijing midnights, for events."""
        return to_utc(datetime.combine(self.start, time())), to_utc(datetime.combine(self.end + timedelta(days=1), time()))

    @property
    def local_bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as naive Beijing times, for open lessons (stored in school time)."""
        return datetime.combine(self.start, time()), datetime.combine(self.end + timedelta(days=1), time())


def periods_for(today: date) -> dict[str, Period]:
    """The current semester (when one is set) and this year, from the semesters (read once per request)."""
    semesters = all_semesters()
    year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
    periods = {}
    current = next((s for s in semesters if s.is_current), None)
    if current is not None:
        periods["semester"] = Period("semester", f"本学期（{current.name}）", current.start_date, current.end_date, (current.id,))
    periods["year"] = Period(
        "year", f"{today.year}年度", year_start, year_end,
        tuple(s.id for s in semesters if year_start <= s.start_date <= year_end),
    )
    return periods
