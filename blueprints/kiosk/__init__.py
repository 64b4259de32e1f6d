"""Kiosk sign-in at events: a tablet at the door signs people in to one event by personal code or name."""
from blueprints.core.features import Feature, NavItem

from .views import bp

FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("签到码", "kiosk.my_code", order=60, active_prefix="kiosk.my_code")],
)

__all__ = ["bp", "FEATURE"]
