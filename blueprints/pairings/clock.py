"""The one place pairings ask what day it is, so tests and the demo can fix "today" (config FIXED_TODAY)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

from flask import current_app


def today() -> date:
    """Today's date, or the configured FIXED_TODAY (tests, demos)."""
    fixed = current_app.config.get("FIXED_TODAY")
    return fixed if fixed is not None else date.today()


def now() -> datetime:
    """A naive UTC timestamp for records; on a fixed day, noon of that day."""
    fixed = current_app.config.get("FIXED_TODAY")
    if fixed is not None:
        return datetime.combine(fixed, time(12, 0))
    return datetime.now(timezone.utc).replace(tzinfo=None)
