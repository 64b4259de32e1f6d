"""The events blueprint: lists and event pages, one-tap registration, and the organisers' pages."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from blueprints.events.clock import to_local

bp = Blueprint("events", __name__, url_prefix="/events")

WEEKDAYS = "一二三四五六日"


@bp.app_template_filter("event_time")
def event_time(event) -> str:
    """When an event happens, in Beijing time: 11月26日 周四 15:30–17:00."""
    start, end = to_local(event.starts_at), to_local(event.ends_at)
    day = f"{start.month}月{start.day}日 周{WEEKDAYS[start.weekday()]}"
    if start.date() == end.date():
        return f"{day} {start:%H:%M}–{end:%H:%M}"
    return f"{day} {start:%H:%M} – {end.month}月{end.day}日 {end:%H:%M}"


@bp.app_template_filter("event_moment")
def event_moment(value: datetime | None) -> str:
    """A stored time as 11月26日 15:30 (Beijing time)."""
    if value is None:
        return ""
    local = to_local(value)
    return f"{local.month}月{local.day}日 {local:%H:%M}"


@bp.app_template_filter("hours")
def hours(value) -> str:
    """Training hours without a needless ".0": 2, 1.5."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


from . import browse, manage, organise, roster, seats  # noqa: E402,F401  (routes register on import)
