"""Personal sign-in codes, the kiosks organisers open for one event, and every request a kiosk made.

Attendance itself stays in events (Attendance, source "kiosk"); these tables say which code belongs to
whom, which secret link signs in to which event and when, and what each kiosk request was answered —
so a retried request gets the same answer and a kiosk can undo only what it did itself.
All times are naive UTC.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Staff
from blueprints.events.models import Event


class SignInCode(db.Model):
    """A person's personal sign-in code (QR on the phone or a printed badge); re-issuing replaces it."""

    __tablename__ = "kiosk_sign_in_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), unique=True)
    #: Upper-case Crockford base-32 with at least one digit (names and pinyin never have digits).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    #: How many times the code was re-issued (0: the first code); printed on badges to tell old from new.
    generation: Mapped[int] = mapped_column(Integer, default=0)

    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])


class Kiosk(db.Model):
    """A secret link that signs people in to one event, from a while before the start until after the end."""

    __tablename__ = "kiosk"
    __table_args__ = (
        CheckConstraint("opens_minutes_before >= 0", name="opens_not_negative"),
        CheckConstraint("closes_minutes_after >= 0", name="closes_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    #: The secret in the link. Kept readable (not hashed) so the organiser can show the link and QR again;
    #: it is worth little: sign-ins to one event, for a few hours, revocable.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(40), default="")  #: e.g. 门口 1 号, to tell several tablets apart
    #: The window follows the event if it is moved: [starts_at - before, ends_at + after].
    opens_minutes_before: Mapped[int] = mapped_column(Integer, default=60)
    closes_minutes_after: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    created_by: Mapped[Staff | None] = relationship(foreign_keys=[created_by_id])


#: What a kiosk request asked for.
SIGN_IN, UNDO = "sign_in", "undo"

#: How a kiosk request was answered; the answer is stored, so a retry is answered the same.
OK = "ok"  #: signed in now, by this request
ALREADY = "already"  #: was signed in before (by any means)
NOT_LISTED = "not_listed"  #: not registered, and the event takes no walk-ins
INVALID_CODE = "invalid_code"  #: no such code (never issued, replaced, or the person left)
UNKNOWN_PERSON = "unknown_person"  #: a name tapped in the search that is not (or no longer) there
CLOSED = "closed"  #: the event does not take sign-ins now (cancelled, too early or too late)
UNDONE = "undone"  #: an undo that took the sign-in back
UNDO_REFUSED = "undo_refused"  #: too late, or not a sign-in this kiosk made

#: Why an undo is refused.
NOT_OURS, ALREADY_UNDONE, TOO_LATE, REMOVED = "not_ours", "already_undone", "too_late", "removed"


class KioskRequest(db.Model):
    """One request a kiosk made, under the one-time key the tablet chose, with the answer it got."""

    __tablename__ = "kiosk_request"
    __table_args__ = (
        UniqueConstraint("kiosk_id", "key", name="uq_kiosk_request_kiosk_key"),
        Index("ix_kiosk_request_attendance_id", "attendance_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosk.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(64))  #: chosen by the tablet, one per scan or tap, reused on retry
    action: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(20))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    #: The attendance row this sign-in made (OK) or found (ALREADY); NULL once it is undone or removed.
    attendance_id: Mapped[int | None] = mapped_column(ForeignKey("event_attendance.id", ondelete="SET NULL"))
    moment: Mapped[datetime | None] = mapped_column(DateTime)  #: the sign-in time the answer shows
    undo_of_id: Mapped[int | None] = mapped_column(ForeignKey("kiosk_request.id", ondelete="SET NULL"))
    #: Why an undo was refused (UNDO_REASONS), so a retry is answered with the same words.
    reason: Mapped[str] = mapped_column(String(20), default="")
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)  #: on a sign-in that was later undone
    created_at: Mapped[datetime] = mapped_column(DateTime)

    kiosk: Mapped[Kiosk] = relationship()
    staff: Mapped[Staff | None] = relationship()
