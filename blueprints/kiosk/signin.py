"""What a kiosk does: sign a person in (by code or by a tapped name), undo its own sign-in, search names.

Every request carries a one-time key chosen by the tablet. The answer is stored under (kiosk, key)
before anything else is written, so:
- a retry of the same request finds the stored answer and changes nothing (`stored_answer`);
- two copies of one request racing each other collide on the unique key: one wins, the loser's
  transaction fails with IntegrityError and the view answers from the winner's row;
- the first write of the transaction is that insert, which on SQLite takes the database's write lock
  before anything is read that the answer depends on.
The same person scanned at two kiosks at once ends with one attendance row (the events table's unique
constraint); the loser's IntegrityError is handled the same way, and its retry answers "already".
Functions flush but never commit; the view owns the transaction and its retry.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.services import normalise_query, search_staff
from blueprints.events.models import REGISTERED, Attendance
from blueprints.events.operations import record_attendance
from blueprints.events.registration import find_registration
from blueprints.kiosk.codes import looks_like_code, person_by_code
from blueprints.kiosk.models import (
    ALREADY, ALREADY_UNDONE, CLOSED, INVALID_CODE, NOT_LISTED, NOT_OURS, OK, REMOVED, SIGN_IN, TOO_LATE, UNDO,
    UNDO_REFUSED, UNDONE, UNKNOWN_PERSON, Kiosk, KioskRequest,
)
from blueprints.kiosk.services import OPEN, kiosk_state

#: A wrong tap can be taken back for this long, by the kiosk that made it.
UNDO_WINDOW = timedelta(seconds=60)
#: Keys are chosen by the tablet's script: 16-64 characters of [A-Za-z0-9_-].
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
#: The kiosk's name search: from two characters on, a few names, nothing else.
SEARCH_MIN_CHARS = 2
SEARCH_LIMIT = 8


def valid_key(key: str | None) -> bool:
    """Whether a request key has the shape the kiosk script gives it."""
    return bool(key) and KEY_PATTERN.fullmatch(key) is not None


def stored_answer(kiosk: Kiosk, key: str) -> KioskRequest | None:
    """The answer already given to this kiosk's request with this key, if any."""
    return db.session.scalars(
        select(KioskRequest).where(KioskRequest.kiosk_id == kiosk.id, KioskRequest.key == key)
    ).first()


def _claim(kiosk: Kiosk, key: str, action: str, now: datetime) -> KioskRequest:
    """Claim the key: the transaction's first write (a duplicate key fails here, at flush)."""
    request = KioskRequest(kiosk_id=kiosk.id, key=key, action=action, outcome=CLOSED, created_at=now)
    db.session.add(request)
    db.session.flush()
    return request


def _not_listed(kiosk: Kiosk, person: Staff) -> bool:
    """The events rule for kiosk sign-in when walk-ins are not allowed: only people holding a seat."""
    if kiosk.event.walk_ins_allowed:
        return False
    registration = find_registration(kiosk.event, person)
    return registration is None or registration.status != REGISTERED


def sign_in(kiosk: Kiosk, key: str, now: datetime, *, code: str | None = None, staff_id: int | None = None) -> KioskRequest:
    """Sign in the person a scanned code or a tapped name names, to the kiosk's event; returns the stored answer."""
    request = _claim(kiosk, key, SIGN_IN, now)
    if kiosk_state(kiosk, now) != OPEN:
        return request  # CLOSED
    if code is not None:
        person = person_by_code(code)
        missing = INVALID_CODE
    else:
        person = db.session.get(Staff, staff_id) if staff_id is not None else None
        person = person if person is not None and person.is_active_member else None
        missing = UNKNOWN_PERSON
    if person is None:
        request.outcome = missing
        db.session.flush()
        return request
    request.staff_id = person.id
    result = record_attendance(kiosk.event, person, now, source="kiosk", by=None)
    if result.attendance is not None:
        request.outcome = ALREADY if result.already else OK
        request.attendance_id = result.attendance.id
        request.moment = result.attendance.signed_in_at
    else:
        request.outcome = NOT_LISTED if _not_listed(kiosk, person) else CLOSED
    db.session.flush()
    return request


def undo_reason(kiosk: Kiosk, original: KioskRequest | None, now: datetime) -> str | None:
    """Why this kiosk cannot take back that sign-in (a reason code), or None."""
    if original is None or original.kiosk_id != kiosk.id or original.action != SIGN_IN or original.outcome != OK:
        return NOT_OURS
    if original.undone_at is not None:
        return ALREADY_UNDONE
    if now - original.created_at > UNDO_WINDOW:
        return TOO_LATE
    if original.attendance_id is None:
        return REMOVED
    return None


def undo(kiosk: Kiosk, key: str, original_id: int | None, now: datetime) -> KioskRequest:
    """Take back a sign-in this kiosk made moments ago; returns the stored answer (UNDONE, UNDO_REFUSED, CLOSED)."""
    request = _claim(kiosk, key, UNDO, now)
    if kiosk_state(kiosk, now) != OPEN:
        return request
    original = None
    if original_id is not None:
        # Locked (PostgreSQL), so two undos of one sign-in cannot both delete; SQLite already holds its write lock.
        original = db.session.scalars(
            select(KioskRequest).where(KioskRequest.id == original_id, KioskRequest.kiosk_id == kiosk.id)
            .with_for_update().execution_options(populate_existing=True)
        ).first()
    reason = undo_reason(kiosk, original, now)
    if original is not None:
        request.undo_of_id = original.id
        request.staff_id, request.moment = original.staff_id, original.moment
    if reason:
        request.outcome, request.reason = UNDO_REFUSED, reason
        db.session.flush()
        return request
    attendance = db.session.get(Attendance, original.attendance_id)
    if attendance is not None:
        db.session.delete(attendance)
    original.undone_at, original.attendance_id = now, None
    request.outcome = UNDONE
    db.session.flush()
    return request


def search_names(query: str) -> list[Staff]:
    """People a kiosk's name search shows: two characters or more, letters or Chinese only (no staff numbers)."""
    q = normalise_query(query)
    if len(q) < SEARCH_MIN_CHARS or len(q) > 20 or looks_like_code(q):
        return []
    return search_staff(q, limit=SEARCH_LIMIT)


def ambiguous_names(people: list[Staff]) -> set[str]:
    """Names shared by two of the people found: a tap could not tell them apart, so they must scan instead."""
    seen: set[str] = set()
    twice: set[str] = set()
    for person in people:
        (twice if person.name in seen else seen).add(person.name)
    return twice
