"""Organisers open and revoke an event's kiosks, and see who came, when and by what means."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from app import db
from blueprints.core import clock
from blueprints.core.htmx import is_htmx, redirect_to, render_page_or_partial
from blueprints.events.access import organiser_required
from blueprints.events.models import Event
from blueprints.kiosk.attendance import (
    ATTENDANCE_STATUSES, REFRESH_SECONDS, AttendanceView, attendance_page, signing_in_now,
)
from blueprints.kiosk.codes import qr_data_uri
from blueprints.kiosk.forms import KioskForm
from blueprints.kiosk.models import Kiosk
from blueprints.kiosk.services import (
    NOT_YET, OPEN, STATE_LABELS, closes_at, kiosk_state, kiosks_of, open_kiosk, opening_problem, opens_at, revoke_kiosk,
    sign_ins_by_kiosk,
)

from . import bp


def _render_kiosks(event: Event, form: KioskForm | None = None):
    """The kiosks page: each kiosk with its state, window, link and QR (while it can still be used)."""
    now = clock.now_utc()
    kiosks = kiosks_of(event)
    links = {k.id: url_for("kiosk.station", token=k.token, _external=True) for k in kiosks}
    return render_template(
        "kiosk/manage.html",
        event=event,
        kiosks=kiosks,
        links=links,
        qrs={k.id: qr_data_uri(links[k.id], scale=5) for k in kiosks if kiosk_state(k, now) in (OPEN, NOT_YET)},
        states={k.id: kiosk_state(k, now) for k in kiosks},
        state_labels=STATE_LABELS,
        windows={k.id: (opens_at(k), closes_at(k)) for k in kiosks},
        made=sign_ins_by_kiosk([k.id for k in kiosks]),
        form=form or KioskForm(),
        closed_problem=opening_problem(event, now),
        now=now,
    )


@bp.get("/events/<int:event_id>")
@organiser_required
def kiosks(event: Event):
    """The event's kiosk links with their QR codes and states, and a form to open another."""
    return _render_kiosks(event)


@bp.post("/events/<int:event_id>/kiosks")
@organiser_required
def open_one(event: Event):
    """Open a kiosk for the event: a new secret link (one per tablet, so each undoes only its own sign-ins)."""
    form = KioskForm()
    if not form.validate_on_submit():
        return _render_kiosks(event, form)
    if problem := opening_problem(event, clock.now_utc()):
        flash(problem, "error")
        return redirect_to(url_for("kiosk.kiosks", event_id=event.id))
    kiosk = open_kiosk(event, label=form.label.data, opens_minutes_before=form.opens_minutes_before.data,
                       closes_minutes_after=form.closes_minutes_after.data, by=current_user, now=clock.now_utc())
    db.session.commit()
    flash(f"已开启签到机「{kiosk.label}」：在平板上打开下面的链接，或用平板扫描二维码。", "success")
    return redirect_to(url_for("kiosk.kiosks", event_id=event.id) + f"#kiosk-{kiosk.id}")


@bp.post("/events/<int:event_id>/kiosks/<int:kiosk_id>/revoke")
@organiser_required
def revoke(event: Event, kiosk_id: int):
    """Stop a kiosk link working at once (a lost tablet, a link shared by mistake)."""
    kiosk = db.session.get(Kiosk, kiosk_id)
    if kiosk is None or kiosk.event_id != event.id:
        abort(404)
    if revoke_kiosk(kiosk, by=current_user, now=clock.now_utc()):
        db.session.commit()
        flash(f"签到机「{kiosk.label}」已停用，它的链接不能再签到。", "success")
    else:
        flash("这个签到机已经停用。", "info")
    return redirect_to(url_for("kiosk.kiosks", event_id=event.id))


@bp.get("/events/<int:event_id>/attendance")
@organiser_required
def attendance(event: Event):
    """Who signed in, when and by what means (kiosk, by hand, self), and who registered but did not come: a page at
    a time with the whole event's figures, a search and a filter; the search, filter, pager and the page's own
    refresh while people are signing in (htmx) get the list alone."""
    now = clock.now_utc()
    listing = attendance_page(event, AttendanceView.from_values(request.args))
    url = url_for("kiosk.attendance", event_id=event.id)
    return render_page_or_partial(
        "kiosk/attendance.html", "kiosk/_attendance_list.html",
        event=event,
        listing=listing,
        view=listing.view,
        statuses=ATTENDANCE_STATUSES,
        url=url,
        this_url=url_for("kiosk.attendance", event_id=event.id, **listing.view.args()),
        page_urls={
            number: url_for("kiosk.attendance", event_id=event.id, **listing.view.args(page=number))
            for number in (listing.page.previous, listing.page.next) if number
        },
        counts_oob=is_htmx(),
        live=signing_in_now(event, now),
        refresh_seconds=REFRESH_SECONDS,
        now=now,
    )
