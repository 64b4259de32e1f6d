"""The kiosk itself: a tablet holding a secret link signs people in to that one event, and does nothing else.

No login: the token in the URL is the whole permission, checked at the top of every view here, and it
reaches only these views and only its own event (the event comes from the token, never from the request).
CSRF stays on: the page carries a token tied to the tablet's own session cookie, and the app's tokens do
not expire (WTF_CSRF_TIME_LIMIT=None), so a kiosk left open all day keeps working.
"""
from __future__ import annotations

from flask import abort, make_response, render_template, request
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.core import clock
from blueprints.core.access import custom_access
from blueprints.core.forms import parse_id
from blueprints.kiosk.codes import looks_like_code
from blueprints.kiosk.models import Kiosk, KioskRequest
from blueprints.kiosk.services import NOT_YET, OPEN, STATE_LABELS, closes_at, kiosk_by_token, kiosk_state, live_count, opens_at
from blueprints.kiosk.signin import (
    SEARCH_MIN_CHARS, UNDO_WINDOW, ambiguous_names, search_names, sign_in, stored_answer, undo, valid_key,
)

from . import bp

#: Tries of one request when a concurrent one wins a unique constraint; the next try answers from its row.
ATTEMPTS = 3


def _kiosk(token: str) -> Kiosk:
    """The kiosk of the token in the URL, or 404 (an unknown token looks like no page at all)."""
    kiosk = kiosk_by_token(token)
    if kiosk is None:
        abort(404)
    return kiosk


@bp.get("/k/<token>")
@custom_access("kiosk")
def station(token: str):
    """The full-screen kiosk page, or why the link does not work now (not yet open, over, revoked)."""
    kiosk = _kiosk(token)
    now = clock.now_utc()
    state = kiosk_state(kiosk, now)
    if state != OPEN:
        page = render_template("kiosk/closed.html", kiosk=kiosk, event=kiosk.event, state=state,
                               state_label=STATE_LABELS[state], opens=opens_at(kiosk), closes=closes_at(kiosk))
        return page, 200 if state == NOT_YET else 410
    return render_template("kiosk/station.html", kiosk=kiosk, event=kiosk.event, count=live_count(kiosk.event),
                           undo_seconds=int(UNDO_WINDOW.total_seconds()), closes=closes_at(kiosk),
                           min_chars=SEARCH_MIN_CHARS)


@bp.get("/k/<token>/count")
@custom_access("kiosk")
def station_count(token: str):
    """The live count, polled in place; a kiosk that closed meanwhile reloads into its closed page."""
    kiosk = _kiosk(token)
    response = make_response(render_template("kiosk/_count.html", count=live_count(kiosk.event)))
    if kiosk_state(kiosk, clock.now_utc()) != OPEN:
        response.headers["HX-Refresh"] = "true"
    return response


@bp.get("/k/<token>/search")
@custom_access("kiosk")
def station_search(token: str):
    """Names matching what was typed (two characters or more), as buttons to tap; names only."""
    kiosk = _kiosk(token)
    query = (request.args.get("q") or "").strip()
    people = search_names(query) if kiosk_state(kiosk, clock.now_utc()) == OPEN else []
    return render_template("kiosk/_names.html", people=people, ambiguous=ambiguous_names(people), query=query,
                           too_short=len(query) < SEARCH_MIN_CHARS, is_code=looks_like_code(query))


def _answer(kiosk: Kiosk, key: str, act) -> tuple[str, int, dict]:
    """Answer a request once: a stored answer for a retried key, else do `act()` and commit, retrying lost races."""
    for _ in range(ATTEMPTS):
        stored = stored_answer(kiosk, key)
        if stored is not None:
            return _render_answer(kiosk, stored, replayed=True)
        try:
            answer = act()
            db.session.commit()
            return _render_answer(kiosk, answer, replayed=False)
        except IntegrityError:  # a copy of this request, or the same person at another kiosk, got there first
            db.session.rollback()
    abort(503)


def _render_answer(kiosk: Kiosk, answer: KioskRequest, *, replayed: bool):
    """A stored answer as HTML for the tablet; X-Kiosk-Replayed says whether it was given before."""
    now = clock.now_utc()
    undo_left = int((answer.created_at + UNDO_WINDOW - now).total_seconds())
    html = render_template("kiosk/_answer.html", answer=answer, name=answer.staff.name if answer.staff else "",
                           undo_left=max(0, undo_left), token=kiosk.token)
    return html, 200, {"X-Kiosk-Replayed": "1" if replayed else "0"}


def _bad_request(message_key: str):
    """A request the kiosk script would never send (no key, nothing to sign in): 400, nothing stored."""
    return render_template("kiosk/_answer.html", answer=None, problem=message_key, name="", undo_left=0), 400


@bp.post("/k/<token>/sign-in")
@custom_access("kiosk")
def station_sign_in(token: str):
    """Sign in by a scanned or typed code (`code`) or a tapped name (`staff_id`); `key` makes a retry harmless."""
    kiosk = _kiosk(token)
    key = request.form.get("key", "")
    code = (request.form.get("code") or "").strip()
    staff_id = request.form.get("staff_id", "")
    if not valid_key(key):
        return _bad_request("key")
    if code:
        return _answer(kiosk, key, lambda: sign_in(kiosk, key, clock.now_utc(), code=code[:64]))
    if parse_id(staff_id):
        return _answer(kiosk, key, lambda: sign_in(kiosk, key, clock.now_utc(), staff_id=parse_id(staff_id)))
    return _bad_request("empty")


@bp.post("/k/<token>/undo")
@custom_access("kiosk")
def station_undo(token: str):
    """Take back a sign-in this kiosk made moments ago (a wrong tap)."""
    kiosk = _kiosk(token)
    key = request.form.get("key", "")
    original = request.form.get("request", "")
    if not valid_key(key):
        return _bad_request("key")
    original_id = parse_id(original)
    return _answer(kiosk, key, lambda: undo(kiosk, key, original_id, clock.now_utc()))
