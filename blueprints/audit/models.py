"""The audit trail: one row per change or sign-in, never edited from the app."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app import db


class AuditEntry(db.Model):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  #: naive UTC
    #: Who did it; kept as a label too, so the entry still reads right after the person is renamed.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"), index=True)
    actor_label: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40), index=True)  #: e.g. login.failed, staff.update
    object_type: Mapped[str] = mapped_column(String(40), default="", index=True)
    object_id: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str] = mapped_column(String(200), default="")
    #: {field: [before, after]} for the fields that matter; secrets only as "已修改".
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    address: Mapped[str] = mapped_column(String(45), default="", index=True)  #: client IP
