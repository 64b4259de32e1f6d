"""Events ask the school's clock (core.clock) for the time; here only the calendar arithmetic events need."""
from __future__ import annotations

from datetime import date, datetime

from blueprints.core.clock import SCHOOL_TZ, now_utc, to_local, to_utc

__all__ = ["SCHOOL_TZ", "local_date", "month_range", "now", "to_local", "to_utc"]


def now() -> datetime:
    """Naive UTC now from the school clock (FIXED_NOW / FIXED_TODAY pin it in tests and demos)."""
    return now_utc()


def local_date(stored: datetime) -> date:
    """The Beijing calendar day of a stored time."""
    return to_local(stored).date()


def month_range(year: int, month: int) -> tuple[datetime, datetime]:
    """The stored (UTC) bounds [start, end) of a Beijing calendar month."""
    first = datetime(year, month, 1)
    following = datetime(year + (month == 12), month % 12 + 1, 1)
    return to_utc(first), to_utc(following)
