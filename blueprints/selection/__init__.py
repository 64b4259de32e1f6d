"""最美教师 selection: nominations with reasons, the admin's review, secret voting, ranked results, honours."""
from blueprints.core.features import Feature, HomeSection, NavItem

from .home import build_panel, selection_figures
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("最美教师", "selection.index", order=50, active_prefix="selection.")],
    home=[HomeSection("selection/_home_panel.html", build=build_panel, order=15, figures=selection_figures)],
)

__all__ = ["bp", "FEATURE"]
