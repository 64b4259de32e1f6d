"""Demo calendars: holidays, and the women's-home calendar as repeating series.

The 妇女之家 events of seed_30 become the women's committee's monthly series (每月第二个周三 15:30); the
September one, held on the third Wednesday, is its moved occurrence. The choir rehearses 每周二、四 (20 times
from 10 November; the rehearsals seed_30 made join the series, the one in the lecture hall as a changed room;
one before the exams is cancelled). From December the volleyball team trains 每周五 until the semester ends,
which puts one practice on 元旦 — flagged for its organiser — and one is moved a day earlier. Everything goes
through the services, so the demo obeys the same rules as the app."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from blueprints.accounts.models import Group, Membership, Staff
from blueprints.calendars.holidays import save_holiday
from blueprints.calendars.models import PUBLIC, SCHOOL, Holiday
from blueprints.calendars.recurrence import Pattern, Schedule
from blueprints.calendars.series import create_series
from blueprints.events.clock import to_local, to_utc
from blueprints.events.models import SCHEDULED, Event, EventSeries
from blueprints.events.operations import cancel_event, record_attendance, record_summary, update_event
from blueprints.events.registration import register

SEED = 2026_40
#: The demo's "now": 2026-11-25 10:00 in Beijing.
DEMO_NOW = to_utc(datetime(2026, 11, 25, 10, 0))
SEMESTER_END = date(2027, 1, 22)

HOLIDAYS = [
    ("国庆节", PUBLIC, date(2026, 10, 1), date(2026, 10, 8)),
    ("元旦", PUBLIC, date(2027, 1, 1), date(2027, 1, 3)),
    ("寒假", SCHOOL, date(2027, 1, 23), date(2027, 2, 21)),
]

WOMEN, CHOIR, VOLLEYBALL = "妇委会", "女教师合唱团", "女教师排球队"


def _template(group: Group, kind: str, title: str, place: str, audience: str, description: str, capacity=None) -> dict:
    return {
        "kind": kind, "dimension": "", "group_id": group.id, "title": title, "description": description,
        "place": place, "audience": audience, "young_max_age": 35,
        "audience_group_ids": [group.id] if audience == "groups" else [], "capacity": capacity,
        "walk_ins_allowed": True, "training_hours": Decimal("0"),
    }


def _adopt(session: Session, series: EventSeries, kind: str, moved: dict[date, date] | None = None) -> int:
    """Let the one-off events seed_30 made on the series' days (or moved from them) take their occurrence's place."""
    moved = moved or {}
    generated = {to_local(e.original_starts_at).date(): e for e in series.occurrences}
    adopted = 0
    for one_off in session.scalars(select(Event).where(
            Event.group_id == series.group_id, Event.kind == kind, Event.series_id.is_(None))):
        day = to_local(one_off.starts_at).date()
        rule_day = next((d for d, actual in moved.items() if actual == day), day)
        twin = generated.get(rule_day)
        if twin is None:
            continue
        original = twin.original_starts_at
        session.delete(twin)
        session.flush()
        one_off.series_id, one_off.original_starts_at = series.id, original
        adopted += 1
    session.flush()
    session.expire(series, ["occurrences"])
    return adopted


def _hold(event: Event, members: list[Staff], organiser: Staff, rng: random.Random) -> None:
    """A past rehearsal: the members registered, most came, the leader wrote two lines."""
    for i, person in enumerate(members):
        register(event, person, event.starts_at - timedelta(days=5, minutes=-13 * i))
    came = [p for p in members if rng.random() < 0.85]
    for i, person in enumerate(came):
        record_attendance(event, person, event.starts_at - timedelta(minutes=8) + timedelta(seconds=30 * i),
                          source="hand", by=organiser)
    record_summary(event, f"{len(came)} 位团员参加排练，完成声部合练，指挥提出了下一次排练的重点。", True,
                   event.ends_at + timedelta(hours=1), organiser)


def seed(session: Session) -> str:
    """Add holidays and the three series of the women's-home calendar; returns a one-line summary."""
    rng = random.Random(SEED)
    admin = session.scalars(select(Staff).where(Staff.role == "admin").order_by(Staff.staff_no)).first()
    for name, kind, first, last in HOLIDAYS:
        save_holiday(Holiday(created_by_id=admin.id, created_at=datetime(2026, 8, 20)),
                     {"name": name, "kind": kind, "start_date": first, "end_date": last})
    groups = {g.name: g for g in session.scalars(select(Group).where(Group.name.in_((WOMEN, CHOIR, VOLLEYBALL))))}
    leaders, members = {}, {}
    for m in session.scalars(select(Membership).where(Membership.group_id.in_([g.id for g in groups.values()]))
                             .order_by(Membership.id)):
        members.setdefault(m.group_id, []).append(m.staff)
        if m.is_leader:
            leaders.setdefault(m.group_id, m.staff)

    women = groups[WOMEN]
    womens_home = create_series(
        _template(women, "womens_home", "妇女之家", "教工之家", "women", "每月一次的妇女之家活动，丰富女教职工的业余生活。", 30),
        Schedule(Pattern("monthly_nth", nth=2, nth_weekday=2, until=SEMESTER_END), date(2026, 9, 1), time(15, 30), time(17, 0)),
        7, leaders[women.id], datetime(2026, 8, 25, 1, 0),
    )
    adopted = _adopt(session, womens_home, "womens_home", moved={date(2026, 9, 9): date(2026, 9, 16)})

    choir = groups[CHOIR]
    choir_lead, singers = leaders[choir.id], members[choir.id]
    rehearsals = create_series(
        _template(choir, "choir_rehearsal", "合唱团排练", "音乐教室", "groups", "青年女教师合唱团例行排练，请团员准时参加。"),
        Schedule(Pattern("weekly", weekdays=(1, 3), count=20), date(2026, 11, 10), time(16, 30), time(17, 40)),
        None, choir_lead, datetime(2026, 11, 2, 1, 0),
    )
    adopted += _adopt(session, rehearsals, "choir_rehearsal")
    for event in rehearsals.occurrences:
        if event.ends_at < DEMO_NOW and event.status == SCHEDULED:
            _hold(event, singers, choir_lead, rng)
    upcoming = [e for e in rehearsals.occurrences if e.starts_at > DEMO_NOW]
    for event in upcoming[:4]:
        for i, person in enumerate(rng.sample(singers, int(len(singers) * 0.8))):
            register(event, person, DEMO_NOW - timedelta(days=1, minutes=-17 * i))
    exam_week = next(e for e in upcoming if to_local(e.starts_at).date() == date(2026, 12, 17))
    cancel_event(exam_week, DEMO_NOW - timedelta(hours=2), "期末教学质量检测，暂停一次")

    volleyball = groups[VOLLEYBALL]
    practice = create_series(
        _template(volleyball, "volleyball_training", "排球队训练", "体育馆", "groups", "女教师排球队例行训练，请穿运动鞋。"),
        Schedule(Pattern("weekly", weekdays=(4,), until=SEMESTER_END), date(2026, 12, 1), time(16, 30), time(18, 0)),
        None, leaders[volleyball.id], datetime(2026, 11, 20, 1, 0),
    )
    team = members[volleyball.id]
    for event in practice.occurrences[:2]:
        for i, person in enumerate(team):
            register(event, person, DEMO_NOW - timedelta(hours=5, minutes=-11 * i))
    exams = next(e for e in practice.occurrences if to_local(e.starts_at).date() == date(2027, 1, 15))
    update_event(exams, {"starts_at": to_utc(datetime(2027, 1, 14, 16, 30)), "ends_at": to_utc(datetime(2027, 1, 14, 18, 0)),
                         "place": "学校操场", "audience_group_ids": [volleyball.id]}, DEMO_NOW)
    session.flush()
    return (f"日历：节假日 {len(HOLIDAYS)} 个；重复活动 3 个系列（妇女之家每月第二个周三、合唱团每周二四、排球队每周五），"
            f"其中 {adopted} 次沿用已有活动；一次改期、一次取消、一次落在元旦待调整")
