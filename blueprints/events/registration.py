"""Seats: registering, withdrawing, the waiting list that moves up, and the lock that keeps capacity under load.

Every change to who holds a seat first locks the event row, so two requests for the last seat are
served one after the other: SELECT ... FOR UPDATE on PostgreSQL; on SQLite a write to the row as the
transaction's first write, which takes the database's write lock (other writers wait, busy_timeout).
Functions flush but never commit: the view owns the transaction and commits, which releases the lock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.core.locking import lock_rows
from blueprints.events.audience import audience_problem, group_ids_of
from blueprints.events.clock import to_local
from blueprints.events.models import CANCELLED, HELD, REGISTERED, SCHEDULED, WAITLISTED, WITHDRAWN, Event, Registration


@dataclass(frozen=True)
class SeatResult:
    """What happened to a request for a seat: the registration as it now stands, or why nothing changed."""

    registration: Registration | None
    problem: str | None = None
    already: bool = False  #: the person already held this place; nothing changed

    @property
    def status(self) -> str | None:
        return self.registration.status if self.registration is not None else None


def lock_event(event: Event) -> None:
    """Take the event's row lock for the rest of the transaction and reload the event's columns."""
    lock_rows((Event, event.id))
    db.session.refresh(event)


def window_problem(event: Event, now: datetime) -> str | None:
    """Why the event takes no registrations right now (state and registration window), or None."""
    if event.status == CANCELLED:
        return "活动已取消。"
    if event.status == HELD:
        return "活动已结束。"
    if now >= event.starts_at:
        return "活动已开始，报名已结束。"
    if event.registration_opens_at is not None and now < event.registration_opens_at:
        return f"报名将于 {to_local(event.registration_opens_at):%m月%d日 %H:%M} 开始。"
    if event.registration_closes_at is not None and now >= event.registration_closes_at:
        return "报名已截止。"
    return None


def withdraw_problem(event: Event, now: datetime) -> str | None:
    """Why a person can no longer give back their place, or None."""
    if event.status != SCHEDULED:
        return "活动已取消或已结束。"
    if now >= event.starts_at:
        return "活动已开始，不能取消报名。"
    return None


def registered_count(event: Event) -> int:
    """How many people hold a seat."""
    return db.session.scalar(
        select(func.count()).select_from(Registration).where(
            Registration.event_id == event.id, Registration.status == REGISTERED
        )
    )


def find_registration(event: Event, person: Staff) -> Registration | None:
    """The person's registration row for the event in any status, or None."""
    return db.session.scalars(
        select(Registration).where(Registration.event_id == event.id, Registration.staff_id == person.id)
    ).first()


def register(event: Event, person: Staff, now: datetime, *, by: Staff | None = None) -> SeatResult:
    """Give the person a seat, or a place on the waiting list when full; `by` an organiser skips audience and window."""
    lock_event(event)
    if by is None:
        problem = window_problem(event, now) or audience_problem(event, person, group_ids_of(person))
    else:
        problem = None if event.status == SCHEDULED else "活动已取消或已结束，不能再添加人员。"
    if problem:
        return SeatResult(None, problem)
    registration = find_registration(event, person)
    if registration is not None and registration.status in (REGISTERED, WAITLISTED):
        return SeatResult(registration, already=True)
    full = event.capacity is not None and registered_count(event) >= event.capacity
    if registration is None:
        registration = Registration(event_id=event.id, staff_id=person.id)
        db.session.add(registration)
    registration.status = WAITLISTED if full else REGISTERED
    registration.queued_at = now
    registration.promoted_at = registration.withdrawn_at = None
    registration.notice_pending = False
    registration.added_by_id = by.id if by is not None else None
    db.session.flush()
    return SeatResult(registration)


def withdraw(event: Event, person: Staff, now: datetime, *, by: Staff | None = None) -> SeatResult:
    """Give back a seat or leave the waiting list; the first in line moves up. `by` an organiser removes anytime."""
    lock_event(event)
    registration = find_registration(event, person)
    if registration is None or registration.status == WITHDRAWN:
        return SeatResult(registration, "没有找到报名记录。")
    if by is None and (problem := withdraw_problem(event, now)):
        return SeatResult(registration, problem)
    registration.status = WITHDRAWN
    registration.withdrawn_at = now
    registration.notice_pending = False
    db.session.flush()
    promote_waiting(event, now)
    return SeatResult(registration)


def waiting_list(event: Event) -> list[Registration]:
    """The waiting list in order: first asked, first served."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.status == WAITLISTED)
            .order_by(Registration.queued_at, Registration.id)
        )
    )


def promote_waiting(event: Event, now: datetime) -> list[Registration]:
    """Move people up from the waiting list into free seats, in order; the caller holds the event lock."""
    if event.status != SCHEDULED or now >= event.starts_at:
        return []
    waiting = waiting_list(event)
    if event.capacity is not None:
        waiting = waiting[: max(0, event.capacity - registered_count(event))]
    for registration in waiting:
        registration.status = REGISTERED
        registration.promoted_at = now
        registration.notice_pending = True  # they see it on their home page
    db.session.flush()
    return waiting
