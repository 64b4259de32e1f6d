"""One tap to register or give the seat back (htmx, in place), and dismissing a home-page notice."""
from __future__ import annotations

from flask import abort, flash, make_response, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.views.auth import safe_next
from blueprints.core.access import login_required
from blueprints.core.htmx import is_htmx, redirect_to, trigger
from blueprints.events import clock
from blueprints.events.models import REGISTERED, Registration
from blueprints.events.queries import load_event, standings_for
from blueprints.events.registration import register, withdraw

from . import bp


def _seat_response(event_id: int, message: str, category: str):
    """The event's seat box for htmx (with the message inside it); otherwise a flash and the event page."""
    if not is_htmx():
        flash(message, category)
        return redirect_to(safe_next(request.form.get("next")) or url_for("events.detail", event_id=event_id))
    event = load_event(event_id)
    standing = standings_for([event], current_user, clock.now())[event.id]
    response = make_response(render_template("events/_seat.html", s=standing, message=message, category=category))
    return trigger(response, "seats-changed", {"event": event.id}) if category == "success" else response


@bp.post("/<int:event_id>/registration")
@login_required
def register_seat(event_id: int):
    """Register for an event, or join its waiting list when it is full."""
    event = load_event(event_id) or abort(404)
    try:
        result = register(event, current_user, clock.now())
        db.session.commit()
    except IntegrityError:  # the unique constraint caught a double registration the lock did not
        db.session.rollback()
        return _seat_response(event_id, "您已经报过名了。", "info")
    if result.problem:
        return _seat_response(event_id, result.problem, "error")
    if result.already:
        return _seat_response(event_id, "您已经报过名了。", "info")
    if result.status == REGISTERED:
        return _seat_response(event_id, "报名成功。", "success")
    return _seat_response(event_id, "名额已满，您已进入候补名单；有人取消时按顺序递补。", "success")


@bp.route("/<int:event_id>/registration", methods=["DELETE"])
@bp.post("/<int:event_id>/registration/withdraw")
@login_required
def withdraw_seat(event_id: int):
    """Give back one's seat or leave the waiting list; the first waiting person moves up."""
    event = load_event(event_id) or abort(404)
    result = withdraw(event, current_user, clock.now())
    db.session.commit()
    if result.problem:
        return _seat_response(event_id, result.problem, "error")
    return _seat_response(event_id, "已取消报名。", "success")


@bp.post("/notices/<int:registration_id>/dismiss")
@login_required
def dismiss_notice(registration_id: int):
    """Hide a notice from one's home page."""
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.staff_id != current_user.id:
        abort(404)
    registration.notice_pending = False
    db.session.commit()
    if is_htmx():
        return ""
    return redirect_to(url_for("core.index"))
