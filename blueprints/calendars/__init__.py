"""Calendars: month, week and list views over events, repeating series, holidays, private iCalendar feeds."""
from blueprints.core.features import Feature, HomeSection, NavItem

from .home import build_holiday_clashes, clash_figures
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("日历", "calendars.month", order=45, active_prefix="calendars.")],
    home=[HomeSection("calendars/_home_clashes.html", build_holiday_clashes, order=6, figures=clash_figures)],
)

__all__ = ["bp", "FEATURE"]
