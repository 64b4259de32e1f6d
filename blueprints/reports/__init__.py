"""Reports (报表): 签到表, open-lesson compliance, semester summary, growth archive — as PDF and Excel."""
from blueprints.core.features import Feature, NavItem

from .access import reads_others
from .views import bp


def _own_archive_only(user) -> bool:
    """A teacher who leads no group: the menu takes them straight to their own 成长档案 instead of 报表."""
    return bool(getattr(user, "is_authenticated", False)) and not reads_others(user)


FEATURE = Feature(blueprint=bp, nav=[
    NavItem("报表", "reports.index", order=65, visible=reads_others, active_prefix="reports."),
    NavItem("成长档案", "reports.archive", order=65, visible=_own_archive_only, active_prefix="reports.archive"),
])

__all__ = ["FEATURE", "bp"]
