"""Certificates (证书): one row per issued paper, its never-reused serial, the per-year counter, batch jobs."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Staff, utcnow

from .check_codes import format_check_code, new_check_code

HONOUR, PAIRING, LESSON, SPEAKER, TRAINING = "honour", "pairing", "lesson", "speaker", "training"
KINDS = {
    HONOUR: "荣誉证书",
    PAIRING: "师徒结对结业证书",
    LESSON: "公开课证书",
    SPEAKER: "主讲证书",
    TRAINING: "参训证明",
}
SERIAL_PREFIX = "TD"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class SerialCounter(db.Model):
    """The last serial number handed out in a year; locked while the next one is taken."""

    __tablename__ = "certificate_serial_counter"
    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, unique=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Certificate(db.Model):
    """An issued certificate; revoking stamps it and keeps it, so its serial is never handed out again."""

    __tablename__ = "certificate"
    __table_args__ = (CheckConstraint(_in("kind", KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # insert_sentinel: the serials (unique, set by us) let a batch go in as one INSERT..RETURNING on SQLite
    # too, which otherwise inserts row by row to learn each new id; no change to the table itself.
    serial: Mapped[str] = mapped_column(String(20), unique=True, insert_sentinel=True)  #: TD-2026-0042
    #: Printed beside the serial; the verification page shows nothing without it (serials can be guessed).
    check_code: Mapped[str] = mapped_column(String(8), default=new_check_code)
    kind: Mapped[str] = mapped_column(String(12))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(60))  #: as printed, kept if the staff record changes
    sentence: Mapped[str] = mapped_column(Text)  #: the words of the award as printed
    issued_on: Mapped[date] = mapped_column(Date)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # What it is for (at most one is set); SET NULL keeps the certificate if the source is deleted.
    award_id: Mapped[int | None] = mapped_column(ForeignKey("award.id", ondelete="SET NULL"), index=True)
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="SET NULL"), index=True)
    lesson_id: Mapped[int | None] = mapped_column(ForeignKey("open_lesson.id", ondelete="SET NULL"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    revoke_reason: Mapped[str] = mapped_column(String(200), default="")

    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])
    issued_by: Mapped[Staff | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[Staff | None] = relationship(foreign_keys=[revoked_by_id])
    event: Mapped["Event | None"] = relationship("Event")  # noqa: F821  (events.models, by name)

    @property
    def kind_label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def check_code_label(self) -> str:
        """The check code as printed, K7Q2-M9XA."""
        return format_check_code(self.check_code)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<Certificate {self.serial}>"


class CertificateJob(db.Model):
    """A batch printed in the background: progress, the finished PDF's file, or what failed."""

    __tablename__ = "certificate_job"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default="running")  #: running / done / failed
    error: Mapped[str] = mapped_column(Text, default="")
    filename: Mapped[str] = mapped_column(String(120), default="")  #: under instance/certificate-jobs/
    certificate_ids: Mapped[str] = mapped_column(Text, default="")  #: comma-separated, in print order

    created_by: Mapped[Staff] = relationship()

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0
