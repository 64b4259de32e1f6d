from blueprints.core.features import Feature, NavItem

from .views import bp

FEATURE = Feature(blueprint=bp, nav=[NavItem("首页", "core.index", order=0, active_prefix="core.index")])

__all__ = ["bp", "FEATURE"]
