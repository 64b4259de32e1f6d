"""The calendar's panel on an organiser's home page: coming events of their groups that fall on a holiday."""
from __future__ import annotations

from blueprints.calendars.holidays import clashes_for_organiser
from blueprints.events import clock


def build_holiday_clashes(user) -> dict | None:
    """The organiser's coming events on a holiday, or None when there are none (or they organise nothing)."""
    found = clashes_for_organiser(user, clock.now())
    return {"clashes": found} if found else None
