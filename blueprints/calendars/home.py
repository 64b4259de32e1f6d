"""The calendar's panel on an organiser's home page: coming events of their groups that fall on a holiday."""
from __future__ import annotations

from functools import cache

from sqlalchemy import Date, bindparam, exists

from blueprints.calendars.holidays import clashes_for_organiser
from blueprints.calendars.models import Holiday
from blueprints.core import clock
from blueprints.core.features import Figures, home_figures


def clash_figures(user) -> Figures:
    """Whether any holiday lies ahead at all: without one no event can fall on it, and the panel asks nothing more."""
    return Figures(_clash_expressions(), {"calendars_today": clock.today()})


@cache
def _clash_expressions() -> dict:
    return {"calendars_holiday_ahead": exists().where(Holiday.end_date >= bindparam("calendars_today", type_=Date))}


def build_holiday_clashes(user) -> dict | None:
    """The organiser's coming events on a holiday, or None when there are none (or they organise nothing)."""
    if not home_figures(user, clash_figures)["calendars_holiday_ahead"]:
        return None
    found = clashes_for_organiser(user, clock.now_utc())
    return {"clashes": found} if found else None
