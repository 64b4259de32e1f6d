"""Who may use each view: small decorators that also label the view, so a test can find any route without a rule."""
from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import Flask, abort, request, url_for
from flask_login import current_user

from app import login_manager
from blueprints.core.htmx import redirect_to

#: Endpoints a user who must change the password may still reach.
PASSWORD_CHANGE_EXEMPT = {"accounts.change_password", "accounts.logout", "static"}


def _label(view: Callable, rule: str) -> Callable:
    view.access_rule = rule  # type: ignore[attr-defined]
    return view


def public(view: Callable) -> Callable:
    """Anyone, logged in or not (login page, error pages, later the certificate check)."""
    return _label(view, "public")


def login_required(view: Callable) -> Callable:
    """Any active staff member who is logged in."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        return view(*args, **kwargs)

    return _label(wrapped, "login")


def admin_required(view: Callable) -> Callable:
    """Administrators only (Party branch secretary, school office)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return _label(wrapped, "admin")


def custom_access(rule: str) -> Callable[[Callable], Callable]:
    """Label a view whose check is done inside it on a loaded object (for example a kiosk token)."""

    def decorate(view: Callable) -> Callable:
        return _label(view, rule)

    return decorate


def install_access_guards(app: Flask) -> None:
    """Login callbacks and the forced password change at first login."""

    @login_manager.user_loader
    def load_user(user_id: str):
        from blueprints.accounts.models import Staff
        from blueprints.core.freshness import load_signed_in

        return load_signed_in(Staff, int(user_id)) if user_id.isdigit() else None

    @login_manager.unauthorized_handler
    def unauthorized():
        # An htmx request must not swap the login page into a fragment: send the whole page there.
        target = url_for("accounts.login", next=_safe_next_target())
        return redirect_to(target)

    @app.before_request
    def force_password_change():
        view = app.view_functions.get(request.endpoint or "")
        # Pages that need no login (kiosk, feeds, public pages) work whoever is logged in on that browser.
        needs_login = getattr(view, "access_rule", None) not in {"public", "kiosk", "feed"}
        if (
            current_user.is_authenticated
            and current_user.must_change_password
            and needs_login
            and request.endpoint not in PASSWORD_CHANGE_EXEMPT
        ):
            return redirect_to(url_for("accounts.change_password"))
        return None


def _safe_next_target() -> str | None:
    if request.method != "GET":
        return None
    if request.headers.get("HX-Request") and request.headers.get("HX-Current-URL"):
        return None
    return request.full_path.rstrip("?")
