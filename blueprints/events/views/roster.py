"""Organisers manage who comes: add or remove people, and mark attendance by hand (htmx, in place)."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.forms import parse_id
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.events import clock
from blueprints.events.access import organiser_required
from blueprints.events.forms import PersonForm
from blueprints.events.listing import ROSTER_STATUSES, RosterView, roster_page
from blueprints.events.models import ATTENDANCE_SOURCES, REGISTERED, Event
from blueprints.events.operations import record_attendance, remove_attendance, sign_in_open
from blueprints.events.registration import register, withdraw

from . import bp


def roster_context(event: Event, view: RosterView) -> dict:
    """What the roster partials draw: one page of the event's people as asked, the counts of the whole event, the
    addresses of the pages around it, and whether attendance may be marked now."""
    now = clock.now()
    roster = roster_page(event, view)
    return {
        "event": event,
        "roster": roster,
        "view": roster.view,
        "page_urls": {
            number: url_for("events.manage", event_id=event.id, **roster.view.args(page=number))
            for number in (roster.page.previous, roster.page.next) if number
        },
        # Two addresses for every row's forms instead of a url_for per form: /people/<id>/remove and /attendance.
        "remove_prefix": url_for("events.person_remove", event_id=event.id, staff_id=0).removesuffix("0/remove"),
        "attendance_url": url_for("events.attendance_mark", event_id=event.id),
        "statuses": ROSTER_STATUSES,
        "sources": ATTENDANCE_SOURCES,
        "now": now,
        "may_sign": sign_in_open(event, now),
    }


def _roster_response(event: Event, message: str | None = None, category: str = "success", form: PersonForm | None = None):
    """The roster partial for htmx (message inside it), at the page, filter and search the organiser was on (posted
    from #roster-view); otherwise a flash and the organiser page."""
    view = RosterView.from_values(request.form)
    if not is_htmx():
        if message:
            flash(message, category)
        return redirect_to(url_for("events.manage", event_id=event.id, **view.args()))
    db.session.refresh(event)
    return render_template("events/_roster.html", person_form=form or PersonForm(), message=message,
                           category=category, **roster_context(event, view))


def _person(staff_id: str | int | None) -> Staff | None:
    if parse_id(staff_id) is None:
        return None
    person = db.session.get(Staff, parse_id(staff_id))
    return person if person is not None and person.is_active_member else None


@bp.post("/<int:event_id>/people")
@organiser_required
def person_add(event: Event):
    """Add a colleague to the event (a seat, or the waiting list when full), whoever the audience is."""
    form = PersonForm()
    if not form.validate_on_submit():
        return _roster_response(event, form.staff_id.errors[0], "error", form)
    person = _person(form.staff_id.data)
    if person is None:
        form.staff_id.errors.append("找不到这位同事，请重新搜索选择。")
        return _roster_response(event, form.staff_id.errors[0], "error", form)
    try:
        result = register(event, person, clock.now(), by=current_user)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _roster_response(event, f"{person.name} 已在名单中。", "info")
    if result.problem:
        return _roster_response(event, result.problem, "error")
    if result.already:
        return _roster_response(event, f"{person.name} 已在名单中。", "info")
    where = "报名名单" if result.status == REGISTERED else "候补名单（名额已满）"
    return _roster_response(event, f"已将 {person.name} 加入{where}。")


@bp.post("/<int:event_id>/people/<int:staff_id>/remove")
@organiser_required
def person_remove(event: Event, staff_id: int):
    """Take a person off the lists; the first waiting person moves up."""
    person = db.session.get(Staff, staff_id) or abort(404)
    result = withdraw(event, person, clock.now(), by=current_user)
    db.session.commit()
    if result.problem:
        return _roster_response(event, result.problem, "error")
    return _roster_response(event, f"已将 {person.name} 移出名单。")


@bp.post("/<int:event_id>/attendance")
@organiser_required
def attendance_mark(event: Event):
    """Mark a person present (present=1) or take the mark back (present=0), by hand."""
    person = _person(request.form.get("staff_id"))
    if person is None:
        return _roster_response(event, "请先搜索并选择一位同事。", "error")
    if request.form.get("present") == "0":
        remove_attendance(event, person)
        db.session.commit()
        return _roster_response(event, f"已撤销 {person.name} 的签到。")
    try:
        result = record_attendance(event, person, clock.now(), source="hand", by=current_user)
        db.session.commit()
    except IntegrityError:  # signed in by the kiosk at the same moment
        db.session.rollback()
        return _roster_response(event, f"{person.name} 已签到。", "info")
    if result.problem:
        return _roster_response(event, result.problem, "error")
    return _roster_response(event, f"{person.name} 已签到。" if result.already else f"已登记 {person.name} 签到。")
