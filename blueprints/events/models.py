"""Events (salons, lectures, activities), who speaks, who registered, who came, and the 八个一 checklist.

One Event row is one dated occurrence: registrations and attendance belong to it. Repeating events
(the calendar feature) add a series that owns its occurrences; each occurrence stays an Event row, so
everything here — registration, waiting list, attendance, the kiosk — works on it unchanged.
All times are naive UTC, like every timestamp in the app; forms and templates speak Beijing time.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean, CheckConstraint, Column, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Table, Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import db
from blueprints.accounts.models import Group, Staff, utcnow

#: Every kind of event the school runs, in the order the forms offer them.
EVENT_KINDS = {
    "growth_salon": "教师成长沙龙",
    "micro_lecture": "名师微讲坛",
    "sharing_stage": "分享收获大舞台",
    "reading_salon": "读书沙龙",
    "youth_forum": "青年论坛",
    "outward_training": "拓展培训",
    "party_study": "党员学习",
    "red_education": "红色教育",
    "union_activity": "工会活动",
    "womens_home": "妇女之家",
    "choir_rehearsal": "合唱团排练",
    "volleyball_training": "排球队训练",
    "pioneer_activity": "队建活动",
}

#: The four dimensions of 名师微讲坛.
LECTURE_DIMENSIONS = {
    "thought": "思想引领",
    "teaching": "教学研究",
    "management": "教育管理",
    "observation": "教育见闻",
}

AUDIENCES = {
    "all": "全体教职工",
    "women": "女教职工",
    "party": "党员",
    "young": "青年教师",
    "groups": "指定组织成员",
}

#: Age limit of "young teachers" unless the organiser sets another.
DEFAULT_YOUNG_MAX_AGE = 35

#: 红色教育“八个一”, from the school's own account; each red-education event starts with a copy.
EIGHT_ONES = [
    "举行一次升旗仪式",
    "再唱一次《中华人民共和国国歌》",
    "重温一次入党誓词",
    "讨论一次学校的五年发展规划",
    "学习一次习总书记的重要讲话",
    "聆听一堂党史党建知识现场教学课",
    "参观一次革命旧址陈列馆",
    "重走一段红军创业路",
]

SCHEDULED, HELD, CANCELLED = "scheduled", "held", "cancelled"
EVENT_STATUSES = {SCHEDULED: "未开始", HELD: "已举行", CANCELLED: "已取消"}

REGISTERED, WAITLISTED, WITHDRAWN = "registered", "waitlisted", "withdrawn"
REGISTRATION_STATUSES = {REGISTERED: "已报名", WAITLISTED: "候补", WITHDRAWN: "已取消报名"}

#: How an attendance record was made; the kiosk writes the same rows with "kiosk".
ATTENDANCE_SOURCES = {"hand": "手工登记", "kiosk": "签到机", "self": "本人签到"}

event_audience_group = Table(
    "event_audience_group",
    db.metadata,
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
    Column("group_id", ForeignKey("group.id", ondelete="CASCADE"), primary_key=True),
)


class EventSeries(db.Model):
    """A repeating event (每月第二个周三, 每周二、四): an RFC 5545 rule that generated its occurrences.

    The occurrences are ordinary Event rows (series_id, original_starts_at); the series keeps the rule so
    the calendar can describe it and "this and all following" can split it. The rule is expanded in
    Beijing wall-clock time, because "the second Wednesday" is a Beijing date, not a UTC one.
    """

    __tablename__ = "event_series"
    __table_args__ = (
        CheckConstraint("until IS NOT NULL OR count IS NOT NULL", name="has_an_end"),
        CheckConstraint("duration_minutes > 0", name="duration_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)  #: the organising group
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(100))
    #: The RRULE value as RFC 5545 writes it, end included: FREQ=MONTHLY;BYDAY=+2WE;UNTIL=20270122T235959
    rrule: Mapped[str] = mapped_column(String(300))
    #: DTSTART: the first occurrence, naive Beijing wall-clock time (TZID=Asia/Shanghai).
    dtstart: Mapped[datetime] = mapped_column(DateTime)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    until: Mapped[date | None] = mapped_column(Date)  #: last day (Beijing), when the organiser chose an end date
    count: Mapped[int | None] = mapped_column(Integer)  #: number of occurrences, when the organiser chose a count
    #: Registration opens this many days before each occurrence; None: open from creation.
    opens_days_before: Mapped[int | None] = mapped_column(Integer)
    #: The series this one continues after a "this and all following" edit split it.
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    group: Mapped[Group] = relationship()
    occurrences: Mapped[list["Event"]] = relationship(back_populates="series", order_by="Event.original_starts_at")

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    def __repr__(self) -> str:
        return f"<EventSeries {self.id} {self.rrule}>"


class Event(db.Model):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint("training_hours >= 0", name="hours_not_negative"),
        Index("ix_event_starts_at", "starts_at"),
        # An occurrence is known by its series and the start the rule gave it, whatever it was moved to.
        UniqueConstraint("series_id", "original_starts_at", name="uq_event_series_original_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    dimension: Mapped[str] = mapped_column(String(20), default="")  #: 名师微讲坛 only, else ""
    group_id: Mapped[int] = mapped_column(ForeignKey("group.id"), index=True)  #: the organising group
    title: Mapped[str] = mapped_column(String(100))
    description: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    audience: Mapped[str] = mapped_column(String(20), default="all")
    young_max_age: Mapped[int] = mapped_column(Integer, default=DEFAULT_YOUNG_MAX_AGE)  #: inclusive, in full years
    capacity: Mapped[int | None] = mapped_column(Integer)  #: None: no limit
    registration_opens_at: Mapped[datetime | None] = mapped_column(DateTime)  #: None: open from creation
    registration_closes_at: Mapped[datetime | None] = mapped_column(DateTime)  #: None: until the start
    walk_ins_allowed: Mapped[bool] = mapped_column(Boolean, default=True)  #: people not registered may sign in
    training_hours: Mapped[Decimal] = mapped_column(Numeric(4, 1), default=Decimal("0"))
    status: Mapped[str] = mapped_column(String(20), default=SCHEDULED)
    summary: Mapped[str] = mapped_column(Text, default="")  #: 纪要, written after the event
    held_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    #: The repeating series this occurrence belongs to; None for a one-off event.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("event_series.id", ondelete="SET NULL"), index=True)
    #: The start the series' rule gave this occurrence (UTC, like starts_at); stays put when the occurrence
    #: is moved or cancelled on its own, so it keeps its identity (RFC 5545's RECURRENCE-ID).
    original_starts_at: Mapped[datetime | None] = mapped_column(DateTime)

    group: Mapped[Group] = relationship()
    series: Mapped[EventSeries | None] = relationship(back_populates="occurrences")
    audience_groups: Mapped[list[Group]] = relationship(secondary=event_audience_group, order_by="Group.id")
    speakers: Mapped[list["Speaker"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Speaker.position"
    )
    checklist: Mapped[list["ChecklistItem"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="ChecklistItem.position"
    )
    registrations: Mapped[list["Registration"]] = relationship(back_populates="event", cascade="all, delete-orphan")
    attendances: Mapped[list["Attendance"]] = relationship(back_populates="event", cascade="all, delete-orphan")

    @property
    def kind_label(self) -> str:
        return EVENT_KINDS.get(self.kind, self.kind)

    @property
    def dimension_label(self) -> str:
        return LECTURE_DIMENSIONS.get(self.dimension, "")

    @property
    def status_label(self) -> str:
        return EVENT_STATUSES.get(self.status, self.status)

    @property
    def audience_label(self) -> str:
        if self.audience == "young":
            return f"青年教师（{self.young_max_age} 周岁及以下）"
        if self.audience == "groups":
            return "、".join(g.name for g in self.audience_groups) + "成员"
        return AUDIENCES.get(self.audience, self.audience)

    @property
    def is_cancelled(self) -> bool:
        return self.status == CANCELLED

    @property
    def is_moved(self) -> bool:
        """An occurrence moved on its own away from the start its series' rule gave it."""
        return self.original_starts_at is not None and self.starts_at != self.original_starts_at

    def phase_label(self, now: datetime) -> str:
        """Where the event stands at `now`: not started, under way, over (summary owed), held or cancelled."""
        if self.status != SCHEDULED:
            return self.status_label
        if now < self.starts_at:
            return "未开始"
        return "进行中" if now < self.ends_at else "已结束，待写纪要"

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.title}>"


class Speaker(db.Model):
    """Who speaks at an event: a colleague (staff_id) or an outside guest (guest_name)."""

    __tablename__ = "event_speaker"
    __table_args__ = (CheckConstraint("staff_id IS NOT NULL OR guest_name <> ''", name="someone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    guest_name: Mapped[str] = mapped_column(String(40), default="")
    guest_affiliation: Mapped[str] = mapped_column(String(100), default="")  #: e.g. 县教研室
    topic: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="speakers")
    #: Joined whenever speakers load, so a page naming them (sp.name) never asks once per speaker.
    staff: Mapped[Staff | None] = relationship(lazy="joined")

    @property
    def name(self) -> str:
        return self.staff.name if self.staff is not None else self.guest_name

    @property
    def affiliation(self) -> str:
        return "本校" if self.staff is not None else self.guest_affiliation


class Registration(db.Model):
    """A person's place at an event: registered, on the waiting list, or withdrawn (the row is kept and reused)."""

    __tablename__ = "event_registration"
    __table_args__ = (
        UniqueConstraint("event_id", "staff_id", name="uq_event_registration_event_staff"),
        Index("ix_event_registration_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=REGISTERED)
    #: Place in line: when the person (last) asked for a seat; the waiting list moves up in this order.
    queued_at: Mapped[datetime] = mapped_column(DateTime)
    promoted_at: Mapped[datetime | None] = mapped_column(DateTime)  #: moved up from the waiting list
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)
    #: Something to tell the person on their home page (moved up, or the event was cancelled).
    notice_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))  #: an organiser
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="registrations")
    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])

    @property
    def status_label(self) -> str:
        return REGISTRATION_STATUSES.get(self.status, self.status)


class Attendance(db.Model):
    """One person was at one event: by the organiser's hand, the kiosk, or themselves; never twice."""

    __tablename__ = "event_attendance"
    __table_args__ = (UniqueConstraint("event_id", "staff_id", name="uq_event_attendance_event_staff"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    signed_in_at: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str] = mapped_column(String(10), default="hand")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship(back_populates="attendances")
    staff: Mapped[Staff] = relationship(foreign_keys=[staff_id])

    @property
    def source_label(self) -> str:
        return ATTENDANCE_SOURCES.get(self.source, self.source)


class ChecklistItem(db.Model):
    """One line of a red-education trip's checklist (八个一), ticked by the organiser during the trip."""

    __tablename__ = "event_checklist_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(100))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship(back_populates="checklist")

    @property
    def done(self) -> bool:
        return self.done_at is not None
