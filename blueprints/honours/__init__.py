"""Honours register (荣誉): awards of teachers, groups and pupils — entry by hand, Excel import, list, export."""
from blueprints.core.features import Feature, NavItem

from .models import AWARD_CATEGORIES, AWARD_GRADES, AWARD_LEVELS, RECIPIENT_KINDS, Award
from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("荣誉", "honours.index", order=55, active_prefix="honours.")],
)

__all__ = ["Award", "AWARD_CATEGORIES", "AWARD_GRADES", "AWARD_LEVELS", "RECIPIENT_KINDS", "FEATURE", "bp"]
