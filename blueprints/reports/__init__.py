"""Reports (报表): 签到表, open-lesson compliance, semester summary, growth archive — as PDF and Excel."""
from blueprints.core.features import Feature, NavItem

from .views import bp


def _signed_in(user) -> bool:
    """Everyone signed in: teachers find their growth archive here; the admin and group leaders also the
    summaries and 签到表. (Deciding "is a leader" here would cost a query on every page, see test_events_pages.)"""
    return bool(getattr(user, "is_authenticated", False))


FEATURE = Feature(blueprint=bp, nav=[NavItem("报表", "reports.index", order=65, visible=_signed_in, active_prefix="reports.")])

__all__ = ["FEATURE", "bp"]
