"""The kiosk blueprint: the kiosk itself (secret link, no login), organisers' kiosk pages, personal codes."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint

from blueprints.core.clock import to_local

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")


@bp.app_template_filter("clock_time")
def clock_time(value: datetime | None) -> str:
    """A stored time as the kiosk says it: 09:02 (Beijing time)."""
    return to_local(value).strftime("%H:%M") if value is not None else ""


@bp.after_request
def keep_private(response):
    """Kiosk links carry a secret and code pages a personal code: no caches, no Referer, no search engines."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


from . import codes, organise, station  # noqa: E402,F401  (routes register on import)
