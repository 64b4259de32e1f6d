"""Organisers' writes: create and edit events, cancel, the summary and "held", attendance by hand.

Functions take the time as an argument, flush but never commit; the view owns the transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.events.checklist import ensure_checklist
from blueprints.events.models import (
    CANCELLED, HELD, REGISTERED, SCHEDULED, WAITLISTED, Attendance, Event, Registration,
)
from blueprints.events.registration import find_registration, lock_event, promote_waiting

#: Sign-in (kiosk, self, by hand) opens this long before the start.
SIGN_IN_OPENS_BEFORE = timedelta(hours=1)
#: Kiosk and self sign-in close this long after the end; organisers may correct the record by hand at any time.
SIGN_IN_CLOSES_AFTER = timedelta(minutes=30)
#: A longer event is almost always a typing mistake in the date.
MAX_DURATION = timedelta(days=30)
SUMMARY_MAX = 10000

EVENT_FIELDS = (
    "kind", "dimension", "group_id", "title", "description", "place", "starts_at", "ends_at", "audience",
    "young_max_age", "capacity", "registration_opens_at", "registration_closes_at", "walk_ins_allowed",
    "training_hours",
)


def event_problems(values: dict) -> dict[str, str]:
    """Field errors of rules across fields (times, window, dimension, audience groups); empty when acceptable."""
    errors: dict[str, str] = {}
    starts, ends = values.get("starts_at"), values.get("ends_at")
    opens, closes = values.get("registration_opens_at"), values.get("registration_closes_at")
    if starts and ends:
        if ends <= starts:
            errors["ends_at"] = "结束时间必须晚于开始时间。"
        elif ends - starts > MAX_DURATION:
            errors["ends_at"] = "活动时长不能超过 30 天，请检查日期。"
    if starts and closes and closes > starts:
        errors["registration_closes_at"] = "报名截止时间不能晚于活动开始时间。"
    if opens and (closes or starts) and opens >= (closes or starts):
        errors["registration_opens_at"] = "报名开始时间必须早于报名截止时间和活动开始时间。"
    if values.get("kind") == "micro_lecture" and not values.get("dimension"):
        errors["dimension"] = "名师微讲坛请选择维度。"
    if values.get("audience") == "groups" and not values.get("audience_group_ids"):
        errors["audience_group_ids"] = "请至少选择一个组织。"
    capacity = values.get("capacity")
    if capacity is not None and capacity < 1:
        errors["capacity"] = "名额不能为负数。" if capacity < 0 else "名额至少为 1；不限名额请留空。"
    return errors


def _apply(event: Event, values: dict) -> None:
    for name in EVENT_FIELDS:
        if name in values:
            setattr(event, name, values[name])
    if event.kind != "micro_lecture":
        event.dimension = ""
    if event.training_hours is None:
        event.training_hours = Decimal("0")
    ids = values.get("audience_group_ids") or []
    event.audience_groups = (
        list(db.session.scalars(select(Group).where(Group.id.in_(ids)).order_by(Group.id)))
        if event.audience == "groups" else []
    )


def create_event(values: dict, by: Staff, now: datetime) -> Event:
    """A new scheduled event; a red-education trip starts with the 八个一 checklist."""
    event = Event(created_by_id=by.id, status=SCHEDULED, created_at=now)
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    ensure_checklist(event)
    return event


def update_event(event: Event, values: dict, now: datetime) -> list[Registration]:
    """Change an event; more seats (or none) move people up from the waiting list, who are returned."""
    lock_event(event)
    _apply(event, values)
    db.session.flush()
    ensure_checklist(event)
    return promote_waiting(event, now)


def cancel_event(event: Event, now: datetime, reason: str = "") -> str | None:
    """Call an event off; everyone registered or waiting sees it on their home page. Returns a problem or None."""
    if event.status != SCHEDULED:
        return "只能取消尚未举行的活动。"
    if now >= event.ends_at:
        return "活动已经结束，不能再取消；请填写纪要。"
    lock_event(event)
    event.status = CANCELLED
    event.cancelled_at = now
    event.cancel_reason = reason
    for registration in db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id, Registration.status.in_((REGISTERED, WAITLISTED))
        )
    ):
        registration.notice_pending = True
    db.session.flush()
    return None


def record_summary(event: Event, summary: str, mark_held: bool, now: datetime, by: Staff) -> dict[str, str]:
    """Save the 纪要 and, if asked, mark the event held; field errors, empty when done."""
    if event.status == CANCELLED:
        return {"summary": "已取消的活动不能填写纪要。"}
    if now < event.starts_at:
        return {"summary": "活动开始后才能填写纪要。"}
    if len(summary) > SUMMARY_MAX:
        return {"summary": f"纪要最多 {SUMMARY_MAX} 字。"}
    if mark_held and not summary.strip():
        return {"summary": "标记为已举行前，请先填写活动纪要。"}
    event.summary = summary
    if mark_held and event.status != HELD:
        event.status = HELD
        event.held_at = now
    db.session.flush()
    return {}


@dataclass(frozen=True)
class SignIn:
    """The result of recording attendance: the record, whether it existed already, or why not."""

    attendance: Attendance | None
    problem: str | None = None
    already: bool = False


def sign_in_open(event: Event, now: datetime) -> bool:
    """Whether attendance can be recorded now (from an hour before the start; never for a cancelled event)."""
    return event.status != CANCELLED and now >= event.starts_at - SIGN_IN_OPENS_BEFORE


def attendance_problem(event: Event, person: Staff, now: datetime, source: str) -> str | None:
    """Why this person cannot be signed in to this event now by this means, or None."""
    if event.status == CANCELLED:
        return "活动已取消，不能签到。"
    if now < event.starts_at - SIGN_IN_OPENS_BEFORE:
        return "活动开始前 1 小时起才能签到。"
    if source == "hand":
        return None  # the organiser's record is authoritative, also for walk-ins and late corrections
    if now > event.ends_at + SIGN_IN_CLOSES_AFTER:
        return "活动已结束，签到已关闭。"
    if not event.walk_ins_allowed:
        registration = find_registration(event, person)
        if registration is None or registration.status != REGISTERED:
            return "不在本次活动名单。"
    return None


def find_attendance(event: Event, person: Staff) -> Attendance | None:
    """The person's attendance record at the event, or None."""
    return db.session.scalars(
        select(Attendance).where(Attendance.event_id == event.id, Attendance.staff_id == person.id)
    ).first()


def record_attendance(event: Event, person: Staff, now: datetime, *, source: str, by: Staff | None) -> SignIn:
    """Record that a person was there; a second record for the same person returns the first."""
    existing = find_attendance(event, person)
    if existing is not None:
        return SignIn(existing, already=True)
    if problem := attendance_problem(event, person, now, source):
        return SignIn(None, problem)
    attendance = Attendance(
        event_id=event.id, staff_id=person.id, signed_in_at=now, source=source,
        recorded_by_id=by.id if by is not None else None,
    )
    db.session.add(attendance)
    db.session.flush()
    return SignIn(attendance)


def remove_attendance(event: Event, person: Staff) -> bool:
    """Undo a person's attendance record (a wrong tick by hand); True if there was one."""
    attendance = find_attendance(event, person)
    if attendance is None:
        return False
    db.session.delete(attendance)
    db.session.flush()
    return True
