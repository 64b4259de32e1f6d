"""Dashboards: the model's outcomes on the admin's home page, a teacher's own year on theirs."""
from blueprints.core.features import Feature, HomeSection

from .home import build_my_year, build_outcomes, my_year_home_figures
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    home=[
        HomeSection("dashboard/_outcomes.html", build=build_outcomes, order=8),
        HomeSection("dashboard/_my_year.html", build=build_my_year, order=60, figures=my_year_home_figures),
    ],
)

__all__ = ["bp", "FEATURE"]
