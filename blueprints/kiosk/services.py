"""Kiosks: open one for an event, when its link works, and revoke it. Plain functions: no request, no commit."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.audit.services import record
from blueprints.events.models import CANCELLED, REGISTERED, Attendance, Event, Registration
from blueprints.events.operations import SIGN_IN_CLOSES_AFTER, SIGN_IN_OPENS_BEFORE
from blueprints.kiosk.models import OK, SIGN_IN, Kiosk, KioskRequest

#: The longest a kiosk may open before the start and stay open after the end: the events' own sign-in window,
#: beyond which attendance_problem refuses a kiosk sign-in anyway.
MAX_OPENS_BEFORE = int(SIGN_IN_OPENS_BEFORE.total_seconds() // 60)
MAX_CLOSES_AFTER = int(SIGN_IN_CLOSES_AFTER.total_seconds() // 60)

#: Kiosk states, as the organiser and the kiosk page show them.
NOT_YET, OPEN, ENDED, REVOKED, EVENT_CANCELLED = "not_yet", "open", "ended", "revoked", "cancelled"
STATE_LABELS = {NOT_YET: "未到开放时间", OPEN: "可以签到", ENDED: "已过期", REVOKED: "已停用", EVENT_CANCELLED: "活动已取消"}


def opens_at(kiosk: Kiosk) -> datetime:
    """When the kiosk starts taking sign-ins (UTC)."""
    return kiosk.event.starts_at - timedelta(minutes=kiosk.opens_minutes_before)


def closes_at(kiosk: Kiosk) -> datetime:
    """When the kiosk stops taking sign-ins (UTC)."""
    return kiosk.event.ends_at + timedelta(minutes=kiosk.closes_minutes_after)


def kiosk_state(kiosk: Kiosk, now: datetime) -> str:
    """Whether the link works now, and if not why: revoked, event cancelled, too early, or over."""
    if kiosk.revoked_at is not None:
        return REVOKED
    if kiosk.event.status == CANCELLED:
        return EVENT_CANCELLED
    if now < opens_at(kiosk):
        return NOT_YET
    if now > closes_at(kiosk):
        return ENDED
    return OPEN


def opening_problem(event: Event, now: datetime) -> str | None:
    """Why no new kiosk can be opened for the event now, or None."""
    if event.status == CANCELLED:
        return "活动已取消，不能再开启签到机。"
    if now > event.ends_at + SIGN_IN_CLOSES_AFTER:
        return "活动已结束，不能再开启签到机；如需补登，请在活动管理页手工登记签到。"
    return None


def kiosk_by_token(token: str) -> Kiosk | None:
    """The kiosk whose secret this is (with its event), or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalars(select(Kiosk).where(Kiosk.token == token)).first()


def open_kiosk(event: Event, *, label: str, opens_minutes_before: int, closes_minutes_after: int,
               by: Staff, now: datetime) -> Kiosk:
    """A new kiosk link for the event (several tablets may each have their own)."""
    kiosk = Kiosk(
        event_id=event.id, token=secrets.token_urlsafe(24), label=label,
        opens_minutes_before=opens_minutes_before, closes_minutes_after=closes_minutes_after,
        created_at=now, created_by_id=by.id,
    )
    db.session.add(kiosk)
    db.session.flush()
    record(by, "kiosk.open", kiosk, {"event_id": (None, event.id), "label": (None, label),
                                     "opens_minutes_before": (None, opens_minutes_before),
                                     "closes_minutes_after": (None, closes_minutes_after)},
           summary=_kiosk_summary(kiosk, event))
    return kiosk


def revoke_kiosk(kiosk: Kiosk, *, by: Staff, now: datetime) -> bool:
    """Stop the link working at once; False if it was already revoked."""
    if kiosk.revoked_at is not None:
        return False
    kiosk.revoked_at, kiosk.revoked_by_id = now, by.id
    db.session.flush()
    # kiosk.event is in the identity map already (the view loaded the event): no query.
    record(by, "kiosk.revoke", kiosk, {"revoked_at": (None, now)}, summary=_kiosk_summary(kiosk, kiosk.event))
    return True


def _kiosk_summary(kiosk: Kiosk, event: Event) -> str:
    return f"「{kiosk.label or '签到机'}」· 活动《{event.title}》（#{event.id}）"


def kiosks_of(event: Event) -> list[Kiosk]:
    """The event's kiosks, newest first."""
    return list(db.session.scalars(
        select(Kiosk).where(Kiosk.event_id == event.id).options(selectinload(Kiosk.created_by)).order_by(Kiosk.id.desc())
    ))


def sign_ins_by_kiosk(kiosk_ids: list[int]) -> dict[int, int]:
    """{kiosk id: people it signed in that still stand}, in one query."""
    if not kiosk_ids:
        return {}
    return dict(db.session.execute(
        select(KioskRequest.kiosk_id, func.count()).where(
            KioskRequest.kiosk_id.in_(kiosk_ids), KioskRequest.action == SIGN_IN, KioskRequest.outcome == OK,
            KioskRequest.undone_at.is_(None),
        ).group_by(KioskRequest.kiosk_id)
    ).all())


@dataclass(frozen=True)
class Count:
    """The live count on the kiosk: 已签到 37 / 报名 45."""

    signed_in: int
    registered: int


def live_count(event: Event) -> Count:
    """How many are signed in and how many hold a seat, in one query."""
    signed_in = select(func.count()).select_from(Attendance).where(Attendance.event_id == event.id).scalar_subquery()
    registered = select(func.count()).select_from(Registration).where(
        Registration.event_id == event.id, Registration.status == REGISTERED
    ).scalar_subquery()
    row = db.session.execute(select(signed_in, registered)).one()
    return Count(signed_in=row[0], registered=row[1])
