"""The dashboards' panels on the home page: the model's outcomes for the admin, a teacher's own year.

Both are kept between visits for as long as no data changes (core.freshness) and counted afresh at most once a
minute for the clock's sake: the admin's count over the whole school's semester and year, a teacher's over
their own records."""
from __future__ import annotations

from datetime import datetime

from blueprints.core import clock
from blueprints.core.features import Figures, home_figures, run_figures
from blueprints.core.freshness import MISSING, cached, keep, peek

from .mine import my_year_figures, my_year_from
from .outcomes import outcome_figures, outcomes_from, party_figures, party_from
from .periods import periods_for


def _this_minute() -> tuple[datetime, datetime]:
    """Now, to the minute, stored (UTC) and in Beijing: the time kept figures are counted at and keyed by."""
    now_utc = clock.now_utc().replace(second=0, microsecond=0)
    return now_utc, clock.to_local(now_utc)


def school_outcomes() -> dict:
    """The semester's and the year's outcomes and the Party applicants, as of the current minute."""
    now_utc, now_local = _this_minute()
    periods = list(periods_for(now_local.date()).values())

    def count() -> dict:
        values = run_figures(outcome_figures(periods, now_utc=now_utc, now_local=now_local) | party_figures())
        return {"outcomes": outcomes_from(periods, values), "party": party_from(values)}

    return cached("dashboard_outcomes", now_utc, count)


def build_outcomes(user) -> dict | None:
    """The admin's panel: the semester's and the year's outcomes, and the Party applicants."""
    return school_outcomes() if user.is_admin else None


def _my_year_key(user):
    """The person's year as of the current minute: (cache key, period, local now)."""
    now_utc, now_local = _this_minute()
    return (user.id, now_utc), periods_for(now_local.date())["year"], now_local


def my_year_home_figures(user) -> Figures:
    """The person's counts for this year, asked with the home page's other figures unless they are kept already."""
    key, period, now_local = _my_year_key(user)
    if peek("dashboard_my_year", key) is not MISSING:
        return Figures({})
    return my_year_figures(user, period, now_local=now_local)


def build_my_year(user) -> dict:
    """A teacher's own year: lessons given and observed, events attended, pairings, honours; kept while no data
    changes (for a teacher with ten years of records, counting the year's share of them is most of the home page)."""
    key, period, _now_local = _my_year_key(user)
    year = peek("dashboard_my_year", key)
    if year is MISSING:
        year = my_year_from(user, period, home_figures(user, my_year_home_figures))
        keep("dashboard_my_year", key, year)
    return {"year": year}
