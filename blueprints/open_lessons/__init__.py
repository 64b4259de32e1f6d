"""公开课 / 听评课: declaring open lessons, inviting and signing up observers, feedback, reflection, compliance."""
from blueprints.core.features import Feature, HomeSection, NavItem

from .home import build_home_panel
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("公开课", "open_lessons.index", order=30, active_prefix="open_lessons")],
    home=[HomeSection("open_lessons/_home_panel.html", build=build_home_panel, order=30)],
)

__all__ = ["bp", "FEATURE"]
