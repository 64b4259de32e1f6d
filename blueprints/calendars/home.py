"""The calendar's panel on an organiser's home page: coming events of their groups that fall on a holiday."""
from __future__ import annotations

from sqlalchemy import exists

from blueprints.calendars.holidays import clashes_for_organiser
from blueprints.calendars.models import Holiday
from blueprints.core import clock
from blueprints.core.features import home_figures


def clash_figures(user) -> dict:
    """Whether any holiday lies ahead at all: without one no event can fall on it, and the panel asks nothing more."""
    return {"calendars_holiday_ahead": exists().where(Holiday.end_date >= clock.today())}


def build_holiday_clashes(user) -> dict | None:
    """The organiser's coming events on a holiday, or None when there are none (or they organise nothing)."""
    if not home_figures(user, clash_figures)["calendars_holiday_ahead"]:
        return None
    found = clashes_for_organiser(user, clock.now_utc())
    return {"clashes": found} if found else None
