"""Demo kiosk data: a personal sign-in code for every active staff member, a kiosk at the door of the
red-education trip under way today (2026-11-25) that signed in two latecomers (two more never came), and one opened ahead for
tomorrow's volleyball practice."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Staff
from blueprints.events.clock import to_utc
from blueprints.events.models import REGISTERED, Event
from blueprints.kiosk.codes import ALPHABET, CODE_LENGTH, DIGITS
from blueprints.kiosk.models import Kiosk, SignInCode
from blueprints.kiosk.signin import sign_in

SEED = 2026_50
#: Codes issued when the roster was set up, at the start of the semester.
ISSUED_AT = to_utc(datetime(2026, 9, 1, 8, 0))
TRIP = "红色教育：“八个一”体验活动"
PRACTICE = "排球队训练：教工联赛热身"


def _code(rng: random.Random, taken: set[str]) -> str:
    while True:
        code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
        if any(ch in DIGITS for ch in code) and code not in taken:
            taken.add(code)
            return code


def _token(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHJKMNPQRSTVWXYZabcdefghijkmnpqrstuvwxyz23456789") for _ in range(32))


def seed(session: Session) -> str:
    """Codes for everyone, two kiosks, and kiosk sign-ins at today's trip; returns a one-line summary."""
    rng = random.Random(SEED)
    staff = list(session.scalars(select(Staff).where(Staff.is_active_member.is_(True)).order_by(Staff.staff_no)))
    admin = next(s for s in staff if s.is_admin)
    taken: set[str] = set()
    session.add_all(SignInCode(staff_id=s.id, code=_code(rng, taken), issued_at=ISSUED_AT, issued_by_id=admin.id)
                    for s in staff)
    events = {e.title: e for e in session.scalars(select(Event).where(Event.title.in_([TRIP, PRACTICE])))}
    trip, practice = events[TRIP], events[PRACTICE]

    door = Kiosk(event_id=trip.id, token=_token(rng), label="集合点 大巴车旁", opens_minutes_before=60,
                 closes_minutes_after=30, created_at=trip.starts_at - timedelta(days=1), created_by_id=trip.created_by_id)
    gym = Kiosk(event_id=practice.id, token=_token(rng), label="体育馆门口", opens_minutes_before=30,
                closes_minutes_after=15, created_at=practice.starts_at - timedelta(days=1), created_by_id=practice.created_by_id)
    session.add_all([door, gym])
    session.flush()

    came = {a.staff_id for a in trip.attendances}
    late = [r.staff_id for r in sorted(trip.registrations, key=lambda r: r.id)
            if r.status == REGISTERED and r.staff_id not in came][:2]  # the others stay absent
    for i, staff_id in enumerate(late):
        sign_in(door, f"demo{rng.getrandbits(96):024x}", trip.starts_at - timedelta(minutes=4) + timedelta(seconds=50 * i),
                staff_id=staff_id)
    session.flush()
    return (f"签到码 {len(staff)} 个；签到机 2 台（{TRIP}、{PRACTICE}），签到机签到 {len(late)} 人；"
            f"签到机链接 /kiosk/k/{door.token}")
