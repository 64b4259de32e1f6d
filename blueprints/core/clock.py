"""The school's clock: the one place the app asks what time it is.

Records are stamped in naive UTC; people live in Beijing time (no daylight saving), so "today" is the
Beijing date, not the server's. Config FIXED_NOW (naive UTC) or FIXED_TODAY (a date; noon Beijing time)
pin the clock for tests and demos. Views ask the clock and hand the answer to services."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

SCHOOL_TZ = ZoneInfo("Asia/Shanghai")


def to_utc(local: datetime) -> datetime:
    """A Beijing wall-clock time (naive) as naive UTC."""
    return local.replace(tzinfo=SCHOOL_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def to_local(stored: datetime) -> datetime:
    """A naive UTC time as naive Beijing wall-clock time."""
    return stored.replace(tzinfo=timezone.utc).astimezone(SCHOOL_TZ).replace(tzinfo=None)


def now_utc() -> datetime:
    """Now, as naive UTC, for stamping records."""
    config = current_app.config if has_app_context() else {}
    if config.get("FIXED_NOW") is not None:
        return config["FIXED_NOW"]
    if config.get("FIXED_TODAY") is not None:
        return to_utc(datetime.combine(config["FIXED_TODAY"], time(12, 0)))
    return datetime.now(timezone.utc).replace(tzinfo=None)


def now_local() -> datetime:
    """Now, as naive Beijing wall-clock time, for comparing with scheduled lessons and events."""
    return to_local(now_utc())


def today() -> date:
    """Today's date in Beijing (at 07:30 in Beijing the server's UTC date is still yesterday)."""
    return now_local().date()
