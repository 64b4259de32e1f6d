"""The dashboards' panels on the home page: the model's outcomes for the admin, a teacher's own year."""
from __future__ import annotations

from blueprints.core import clock

from .mine import my_year
from .outcomes import outcomes_for, party_counts
from .periods import periods_for


def build_outcomes(user) -> dict | None:
    """The admin's panel: the semester's and the year's outcomes, and the Party applicants."""
    if not user.is_admin:
        return None
    periods = periods_for(clock.today())
    return {
        "outcomes": outcomes_for(list(periods.values()), now_utc=clock.now_utc(), now_local=clock.now_local()),
        "party": party_counts(),
    }


def build_my_year(user) -> dict:
    """A teacher's own year: lessons given and observed, events attended, pairings, honours."""
    period = periods_for(clock.today())["year"]
    return {"year": my_year(user, period, now_utc=clock.now_utc(), now_local=clock.now_local())}
