"""Security on every response and request: strict headers (CSP), the idle-session timeout, and the
security clock that times it."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from flask import Flask, current_app, flash, has_app_context, request, session, url_for
from flask_login import current_user, logout_user

from blueprints.core.htmx import redirect_to

#: Scripts and styles only from the app's own files: no inline script, no inline style, no eval.
#: img-src allows data: because the kiosk's QR codes are segno SVG data URIs.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
#: Views that never use the login session (their own token rules), so idleness does not apply to them.
_TOKEN_RULES = {"public", "kiosk", "feed"}
_LAST_SEEN = "last_seen"


def security_now() -> datetime:
    """The real wall clock (naive UTC) for security timings: idle sessions, login lockouts, audit stamps.

    Deliberately not core.clock: a demo or a test that pins the business day (FIXED_NOW / FIXED_TODAY)
    must not freeze these windows, or an idle session and a locked-out address would never expire.
    Tests move this clock on its own with the SECURITY_NOW setting (a naive UTC datetime, or a callable
    returning one); production never sets it."""
    pinned = current_app.config.get("SECURITY_NOW") if has_app_context() else None
    if pinned is not None:
        return pinned() if callable(pinned) else pinned
    return datetime.now(timezone.utc).replace(tzinfo=None)


def add_security_headers(response):
    """Every response: no sniffing, a strict referrer; HTML pages also get the CSP and no framing.

    Calendar feeds and PDFs are not pages: a CSP there means nothing to calendar apps and can upset
    a browser's built-in PDF viewer, so they get only the first two headers."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # The kiosk sets no-referrer itself (its links carry a secret); keep the stricter value.
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if response.mimetype == "text/html":
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers.setdefault("X-Frame-Options", "DENY")
    return response


def end_idle_session():
    """Log out a user idle longer than SESSION_IDLE_MINUTES; otherwise note this request as activity."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "access_rule", None) in _TOKEN_RULES or request.endpoint == "static":
        return None
    if not current_user.is_authenticated:
        return None
    now = security_now()
    limit = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    last_seen = _parse(session.get(_LAST_SEEN))
    if last_seen is not None and now - last_seen > limit:
        logout_user()
        session.pop(_LAST_SEEN, None)
        flash("您已较长时间未操作，为安全起见已自动退出，请重新登录。", "info")
        return redirect_to(url_for("accounts.login"))
    # Written at most once a minute, so not every request rewrites the cookie.
    if last_seen is None or now - last_seen >= timedelta(minutes=1) or now < last_seen:
        session[_LAST_SEEN] = now.isoformat(timespec="seconds")
    return None


def _parse(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def install_security(app: Flask) -> None:
    """Hook the headers and the idle timeout into every request."""
    app.config.setdefault("SESSION_IDLE_MINUTES", int(os.environ.get("SESSION_IDLE_MINUTES", "120")))
    app.before_request(end_idle_session)
    app.after_request(add_security_headers)
