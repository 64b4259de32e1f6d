"""The dashboards' panels on the home page: the model's outcomes for the admin, a teacher's own year.

Their counts are figures (named SQL scalars) that the home page fetches with every other panel's in one query."""
from __future__ import annotations

from blueprints.core import clock
from blueprints.core.features import home_figures

from .mine import my_year_figures, my_year_from
from .outcomes import outcome_figures, outcomes_from, party_figures, party_from
from .periods import periods_for


def outcomes_figures(user) -> dict:
    """The admin's counts for the semester and the year, and the Party applicants now."""
    if not user.is_admin:
        return {}
    periods = list(periods_for(clock.today()).values())
    return outcome_figures(periods, now_utc=clock.now_utc(), now_local=clock.now_local()) | party_figures()


def build_outcomes(user) -> dict | None:
    """The admin's panel: the semester's and the year's outcomes, and the Party applicants."""
    if not user.is_admin:
        return None
    values = home_figures(user, outcomes_figures)
    return {"outcomes": outcomes_from(list(periods_for(clock.today()).values()), values), "party": party_from(values)}


def my_year_home_figures(user) -> dict:
    """The person's counts for this year."""
    return my_year_figures(user, periods_for(clock.today())["year"], now_local=clock.now_local())


def build_my_year(user) -> dict:
    """A teacher's own year: lessons given and observed, events attended, pairings, honours."""
    period = periods_for(clock.today())["year"]
    return {"year": my_year_from(user, period, home_figures(user, my_year_home_figures))}
