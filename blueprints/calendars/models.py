"""Holidays the admin enters (public and school ones), and each person's private calendar feed."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Date, DateTime, ForeignKey, Index, String, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Group, Staff, utcnow

PUBLIC, SCHOOL = "public", "school"
HOLIDAY_KINDS = {PUBLIC: "法定节假日", SCHOOL: "学校假期"}


class Holiday(db.Model):
    """Days off, first to last day inclusive (Beijing dates): 元旦, 春节, or a school's own break."""

    __tablename__ = "holiday"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="ends_after_start"),
        UniqueConstraint("name", "start_date", name="uq_holiday_name_start"),
        Index("ix_holiday_dates", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(10), default=PUBLIC)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def kind_label(self) -> str:
        return HOLIDAY_KINDS.get(self.kind, self.kind)

    def covers(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date

    def __repr__(self) -> str:
        return f"<Holiday {self.name} {self.start_date}..{self.end_date}>"


calendar_feed_group = Table(
    "calendar_feed_group",
    db.metadata,
    Column("feed_id", ForeignKey("calendar_feed.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
)


class CalendarFeed(db.Model):
    """A person's secret feed link; revoking it (or making a new one) stops the old link at once."""

    __tablename__ = "calendar_feed"
    __table_args__ = (
        # One live link per person, held by the database even when two clicks race.
        Index(
            "uq_calendar_feed_one_active",
            "staff_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    #: The secret in the link (secrets.token_urlsafe); compared in constant time, never logged.
    token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: When a calendar app last fetched it: tells the person their phone is subscribed.
    last_fetched_at: Mapped[datetime | None] = mapped_column(DateTime)

    staff: Mapped[Staff] = relationship()
    #: Whole group calendars the person chose to add to their own feed.
    groups: Mapped[list[Group]] = relationship(secondary=calendar_feed_group, order_by="Group.id")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
