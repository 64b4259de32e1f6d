"""Personal sign-in codes: make them, find a person by a scanned or typed code, draw them as QR.

A code is ten characters of Crockford's base 32 (no I, L, O, U), upper case, with at least one digit:
a USB scanner types it like a keyboard, and the kiosk tells a code from a name search by the digit
(names and pinyin never contain one). Codes are issued lazily the first time someone needs theirs —
issuing is idempotent, the same person always gets the same code until it is re-issued.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import segno
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Staff
from blueprints.kiosk.models import SignInCode

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DIGITS = "0123456789"
CODE_LENGTH = 10
#: What people and scanners may type instead: Crockford's reading of look-alikes.
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code(rng: secrets.SystemRandom | None = None) -> str:
    """A fresh random code (50 bits), never without a digit."""
    choose = (rng or secrets.SystemRandom()).choice
    while True:
        code = "".join(choose(ALPHABET) for _ in range(CODE_LENGTH))
        if any(ch in DIGITS for ch in code):
            return code


def normalise_code(typed: str) -> str:
    """What was typed or scanned, as stored: no spaces or dashes, upper case, look-alike letters read as digits."""
    return "".join(ch for ch in typed.upper() if ch not in " -\u3000\t").translate(LOOK_ALIKES)


def looks_like_code(typed: str) -> bool:
    """Whether the kiosk field holds a code (it has a digit) rather than a name or pinyin to search."""
    return any(ch.isdigit() for ch in typed)


def display_code(code: str) -> str:
    """The code in two groups of five, easier to read aloud and to type: 7K2M9 XPA4D."""
    return f"{code[:5]} {code[5:]}"


def code_of(person: Staff) -> SignInCode | None:
    """The person's current code, or None if none was issued yet."""
    return db.session.scalars(select(SignInCode).where(SignInCode.staff_id == person.id)).first()


def ensure_code(person: Staff, now: datetime, by: Staff | None = None) -> SignInCode:
    """The person's code, issued now if they have none; safe against a second request issuing at once."""
    existing = code_of(person)
    if existing is not None:
        return existing
    for _ in range(5):
        try:
            with db.session.begin_nested():
                row = SignInCode(staff_id=person.id, code=new_code(), issued_at=now,
                                 issued_by_id=by.id if by is not None else None)
                db.session.add(row)
            return row
        except IntegrityError:  # another request issued theirs first, or (rarely) the code is taken
            existing = code_of(person)
            if existing is not None:
                return existing
    raise RuntimeError("could not issue a unique sign-in code")


def ensure_codes(people: list[Staff], now: datetime, by: Staff | None = None) -> dict[int, SignInCode]:
    """{staff id: code} for many people, issuing the missing ones; two queries plus one insert per missing code."""
    ids = [p.id for p in people]
    codes = {c.staff_id: c for c in db.session.scalars(select(SignInCode).where(SignInCode.staff_id.in_(ids or [-1])))}
    for person in people:
        if person.id not in codes:
            codes[person.id] = ensure_code(person, now, by)
    return codes


def reissue_code(person: Staff, now: datetime, by: Staff | None) -> SignInCode:
    """Give the person a new code; the old one stops working at once (the row keeps one code per person)."""
    row = ensure_code(person, now, by)
    old = row.code
    for _ in range(5):
        candidate = new_code()
        if candidate != old and db.session.scalar(select(SignInCode.id).where(SignInCode.code == candidate)) is None:
            break
    row.code = candidate
    row.issued_at = now
    row.issued_by_id = by.id if by is not None else None
    row.generation = (row.generation or 0) + 1
    db.session.flush()
    return row


def person_by_code(typed: str) -> Staff | None:
    """The active staff member whose current code this is, or None (unknown, replaced, or the person left)."""
    code = normalise_code(typed)
    if not code or len(code) > 16:
        return None
    person = db.session.scalars(
        select(Staff).join(SignInCode, SignInCode.staff_id == Staff.id).where(SignInCode.code == code)
    ).first()
    return person if person is not None and person.is_active_member else None


def qr_data_uri(content: str, *, scale: int = 8) -> str:
    """A QR code (never a Micro QR, which phones and scanners often cannot read) as an SVG data: URI."""
    return segno.make_qr(content, error="m").svg_data_uri(scale=scale, border=2)


@dataclass(frozen=True)
class Badge:
    """One badge of the printed sheet: plain data for the print template."""

    name: str
    staff_no: str
    code: str
    qr: str  #: data: URI
    generation: int


def badges_for(people: list[Staff], now: datetime, by: Staff | None = None) -> list[Badge]:
    """Badges of these people in the given order, issuing codes for those who have none yet."""
    codes = ensure_codes(people, now, by)
    return [
        Badge(name=p.name, staff_no=p.staff_no, code=display_code(codes[p.id].code),
              qr=qr_data_uri(codes[p.id].code, scale=4), generation=codes[p.id].generation)
        for p in people
    ]
