"""Events: salons, lectures, activities — registration, waiting list, attendance, summaries."""
from blueprints.core.features import Feature, HomeSection, NavItem

from .home import build_next_events, build_notices, next_figures, notice_figures
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("活动", "events.index", order=40, active_prefix="events.")],
    home=[
        HomeSection("events/_home_notices.html", build_notices, order=5, figures=notice_figures),
        HomeSection("events/_home_next.html", build_next_events, order=40, figures=next_figures),
    ],
)

__all__ = ["bp", "FEATURE"]
