"""Events of every semester: the demo's programme (seed_30) repeated by ten times as many groups, and the
groups' repeating series (calendar events expanded by the app's own recurrence rules); registrations, a
waiting list where seats run out, attendance and summaries of the held ones, speakers, the 八个一 lists."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from blueprints.calendars.recurrence import Pattern, Schedule, anchored, occurrence_starts
from blueprints.calendars.series import occurrence_values
from blueprints.events.audience import age_on
from blueprints.events.models import (
    CANCELLED, EIGHT_ONES, HELD, REGISTERED, SCHEDULED, WAITLISTED, WITHDRAWN, Attendance, ChecklistItem, Event,
    EventSeries, Registration, Speaker, event_audience_group,
)
from demo.seed_30_events import BLURBS, EVENTS, SUMMARIES

from .people import Member
from .rows import NOW, Rows, Term, chance, local

DEMO_TERM_START = date(2026, 9, 1)
BROAD = ("all", "women", "party", "young")
HALL = 400  #: the largest room: no event takes more registrations
#: Which groups may also run an event of a kind (by group kind), besides the demo's organiser.
RUN_BY = {
    "growth_salon": ("studio", "team"), "reading_salon": ("studio", "team", "arts"), "sharing_stage": ("studio", "team"),
    "micro_lecture": ("studio",), "youth_forum": ("youth", "team"), "party_study": ("party",),
    "red_education": ("party",), "union_activity": ("union", "arts"), "outward_training": ("union", "arts"),
    "womens_home": ("women",), "choir_rehearsal": ("arts",), "volleyball_training": ("arts",),
    "pioneer_activity": ("pioneers", "team"),
}


class School:
    """What event generation asks again and again: groups by kind, their members and leaders."""

    def __init__(self, members: list[Member], groups: list[tuple[int, str, str]], memberships: list[tuple[int, int, bool]]):
        self.members = {m.id: m for m in members}
        self.groups = {gid: (name, kind) for gid, name, kind in groups}
        self.by_name = {name: gid for gid, name, _kind in groups}
        self.of_kind: dict[str, list[int]] = {}
        for gid, _name, kind in groups:
            self.of_kind.setdefault(kind, []).append(gid)
        self.people: dict[int, list[Member]] = {}
        self.leader: dict[int, Member] = {}
        for gid, sid, leads in memberships:
            self.people.setdefault(gid, []).append(self.members[sid])
            if leads:
                self.leader.setdefault(gid, self.members[sid])
        self.famous = [m for m in members if m.famous]


def eligible(school: School, audience: str, group_ids: list[int], day: date, present: list[Member]) -> list[Member]:
    """The people an event is for on its day (the app's audience rules)."""
    if audience == "groups":
        ids = {p.id for gid in group_ids for p in school.people.get(gid, [])}
        return [m for m in present if m.id in ids]
    if audience == "women":
        return [m for m in present if m.gender == "F"]
    if audience == "party":
        return [m for m in present if m.party]
    if audience == "young":
        return [m for m in present if m.birth and age_on(m.birth, day) <= 35]
    return present


def add_events(rows: Rows, rng: random.Random, term: Term, school: School, scale: int, admin: Member) -> dict[str, int]:
    """The semester's one-off events (copy 0 is the demo's programme itself) and series; returns counts."""
    present = [m for m in school.members.values() if m.here_on(term.start)]
    counts = {"events": 0, "registrations": 0, "attendance": 0}
    shift = (term.start - DEMO_TERM_START).days
    for copy in range(1 if term.is_current else 0, scale):  # the demo already holds copy 0 of this semester
        for title, kind, group_name, day, start, end, place, audience, capacity, hours, dimension in EVENTS:
            group_id = school.by_name[group_name]
            if copy:
                group_id = rng.choice([gid for k in RUN_BY[kind] for gid in school.of_kind.get(k, [])] or [group_id])
            when = date.fromisoformat(day) + timedelta(days=shift + rng.randint(0, 9) * (copy > 0))
            while when.weekday() > 4 or (when.month == 10 and when.day <= 7):
                when += timedelta(days=1)
            if not term.start <= when <= term.end - timedelta(days=2):
                continue
            name = school.groups[group_id][0]
            audience_ids = [school.by_name[audience]] if audience not in BROAD else []
            if copy and group_id not in (school.by_name[group_name],) and (audience not in BROAD or chance(rng, 0.7)):
                audience, audience_ids = "groups", [group_id]
            values = {
                "kind": kind, "dimension": dimension, "group_id": group_id, "place": place,
                "title": title if not copy else f"{name}：{title.split('：')[-1]}"[:100],
                "description": BLURBS[kind], "starts_at": local(when, start), "ends_at": local(when, end),
                "audience": audience, "capacity": capacity, "walk_ins_allowed": capacity is None,
                "training_hours": Decimal(hours), "registration_opens_at": None,
            }
            if audience in ("all", "women", "young"):  # the whole school's events draw a share of it
                share = rng.uniform(0.25, 0.6) if not copy else rng.uniform(0.03, 0.1)
            else:  # a group's own events and Party meetings: most of their members
                share = rng.uniform(0.6, 0.9)
            # The school-wide programme draws ten times the demo's crowds; a group's own events stay group-sized,
            # so that each person registers for about as many events a semester as in the demo.
            most = HALL if not copy else rng.randint(20, 60)
            added = _event(rows, rng, school, values, audience_ids, present, share, most, admin, series=None)
            for key in counts:
                counts[key] += added[key]
    for _ in range(3 * scale - (3 if term.is_current else 0)):
        added = _series(rows, rng, term, school, present, admin)
        for key in counts:
            counts[key] += added[key]
    return counts


def _event(rows, rng, school: School, values: dict, audience_ids: list[int], present: list[Member], share: float,
           most: int, admin: Member, series: tuple[int, datetime] | None) -> dict[str, int]:
    """One event with its registrations (a share of its audience, at most `most`), and for a past one its
    attendance, summary, speakers and checklist."""
    organiser = school.leader.get(values["group_id"], admin)
    starts_at, ends_at = values["starts_at"], values["ends_at"]
    held = ends_at < NOW
    cancelled = held and chance(rng, 0.02)
    people = eligible(school, values["audience"], audience_ids, (starts_at + timedelta(hours=8)).date(), present)
    chosen = rng.sample(people, max(0, min(len(people), int(len(people) * share), most)))
    seats = values["capacity"] or len(chosen)
    came = []
    if held and not cancelled:
        came = [p for p in chosen[:seats] if chance(rng, 0.88)]
        if values["walk_ins_allowed"]:
            taken = {p.id for p in chosen}
            came += rng.sample([p for p in people if p.id not in taken], min(3, len(people) - len(chosen)))
    summary = SUMMARIES[values["kind"]].format(n=len(came), t=values["title"].split("：")[-1]) if came else ""
    event = rows.add(Event, **{**values, "registration_closes_at": None}, young_max_age=35,
                     status=CANCELLED if cancelled else (HELD if held else SCHEDULED), summary=summary,
                     held_at=ends_at + timedelta(hours=2) if held and not cancelled else None,
                     cancelled_at=starts_at - timedelta(days=1) if cancelled else None,
                     cancel_reason="场地冲突，改期另行通知" if cancelled else "",
                     created_by_id=organiser.id, created_at=starts_at - timedelta(days=21),
                     updated_at=starts_at - timedelta(days=21),
                     series_id=series[0] if series else None, original_starts_at=series[1] if series else None)
    for gid in audience_ids:
        rows.add(event_audience_group, event_id=event, group_id=gid)
    opens = starts_at - timedelta(days=14)
    came_ids = {p.id for p in came}
    for i, person in enumerate(chosen):
        status = REGISTERED if i < seats else WAITLISTED
        if status == REGISTERED and person.id not in came_ids and chance(rng, 0.03):
            status = WITHDRAWN
        rows.add(Registration, event_id=event, staff_id=person.id, status=status,
                 queued_at=opens + timedelta(minutes=37 * i), notice_pending=False,
                 withdrawn_at=opens + timedelta(days=3) if status == WITHDRAWN else None,
                 created_at=opens + timedelta(minutes=37 * i))
    for i, person in enumerate(came):
        rows.add(Attendance, event_id=event, staff_id=person.id, source="kiosk" if chance(rng, 0.3) else "hand",
                 signed_in_at=starts_at - timedelta(minutes=10) + timedelta(seconds=40 * i), recorded_by_id=organiser.id)
    _extras(rows, rng, school, event, values, organiser, held and not cancelled)
    return {"events": 1, "registrations": len(chosen), "attendance": len(came)}


def _extras(rows, rng, school: School, event: int, values: dict, organiser: Member, held: bool) -> None:
    """Speakers of talks and salons; the 八个一 list of a red-education trip, ticked off once it was held."""
    kind = values["kind"]
    if kind == "micro_lecture" and school.famous:
        rows.add(Speaker, event_id=event, staff_id=rng.choice(school.famous).id, guest_name="", guest_affiliation="",
                 topic=values["title"].split("：")[-1], position=0)
    elif kind in ("growth_salon", "reading_salon", "sharing_stage", "party_study"):
        rows.add(Speaker, event_id=event, staff_id=organiser.id, guest_name="", guest_affiliation="",
                 topic="主持与点评", position=0)
    elif kind == "red_education":
        for position, label in enumerate(EIGHT_ONES):
            rows.add(ChecklistItem, event_id=event, position=position, label=label,
                     done_at=values["starts_at"] + timedelta(minutes=30 + 40 * position) if held else None,
                     done_by_id=organiser.id if held else None)


def _series(rows, rng, term: Term, school: School, present: list[Member], admin: Member) -> dict[str, int]:
    """A group's repeating practice or meeting, weekly or monthly, with every occurrence as an event."""
    kinds = [("arts", "choir_rehearsal"), ("arts", "volleyball_training"), ("team", "growth_salon"),
             ("studio", "reading_salon"), ("women", "womens_home")]
    group_kind, kind = rng.choice(kinds)
    group_id = rng.choice(school.of_kind[group_kind])
    name = school.groups[group_id][0]
    first = term.start + timedelta(days=rng.randint(7, 40))
    if chance(rng, 0.6):
        pattern = Pattern("weekly", weekdays=tuple(sorted(rng.sample(range(5), rng.choice([1, 1, 2])))),
                          count=rng.randint(6, 16))
    else:
        pattern = Pattern("monthly_nth", nth=rng.randint(1, 3), nth_weekday=rng.randrange(5), until=term.end)
    schedule = Schedule(pattern, first, time(16, 30), time(17, 40))
    anchor = anchored(schedule)
    counts = {"events": 0, "registrations": 0, "attendance": 0}
    if anchor is None:
        return counts
    dtstart, rule = anchor
    organiser = school.leader.get(group_id, admin)
    series = rows.add(EventSeries, group_id=group_id, kind=kind, title=f"{name}例行活动", rrule=rule, dtstart=dtstart,
                      duration_minutes=70, until=pattern.until, count=pattern.count, opens_days_before=None,
                      created_by_id=organiser.id, created_at=local(term.start, "09:00"), updated_at=local(term.start, "09:00"))
    template = {"kind": kind, "dimension": "", "group_id": group_id, "title": f"{name}例行活动", "place": "教工之家",
                "description": BLURBS[kind], "audience": "groups", "capacity": None, "walk_ins_allowed": True,
                "training_hours": Decimal("0")}
    for start in occurrence_starts(schedule):
        if start.date() > term.end:
            break
        values = occurrence_values(template, start, schedule, None)
        added = _event(rows, rng, school, values, [group_id], present, 0.8, rng.randint(10, 40), admin,
                       series=(series, values["starts_at"]))
        for key in counts:
            counts[key] += added[key]
    return counts


def grow_programme(rows, rng, term: Term, school: School, demo_staff: int) -> dict[str, int]:
    """The demo's own events of this semester (school-wide ones) draw the generated staff as well, in the same
    share as the demo's people; events with a seat limit were full already and stay as they are."""
    from sqlalchemy import func, select

    session = rows.session
    counts = {"registrations": 0, "attendance": 0}
    present = [m for m in school.members.values() if m.here_on(term.start)]
    demo_people = [m for m in present if m.id <= demo_staff]
    new_people = [m for m in present if m.id > demo_staff]
    events = session.scalars(select(Event).where(Event.starts_at >= local(term.start, "00:00"),
                                                 Event.starts_at <= local(term.end, "23:59"),
                                                 Event.audience.in_(BROAD), Event.capacity.is_(None),
                                                 Event.status != CANCELLED, Event.series_id.is_(None)))
    for event in list(events):
        day = (event.starts_at + timedelta(hours=8)).date()
        registered = session.scalar(select(func.count()).where(Registration.event_id == event.id))
        share = registered / max(1, len(eligible(school, event.audience, [], day, demo_people)))
        pool = eligible(school, event.audience, [], day, new_people)
        chosen = rng.sample(pool, min(len(pool), int(len(pool) * share), max(0, HALL - registered)))
        opens = event.starts_at - timedelta(days=14)
        for i, person in enumerate(chosen):
            rows.add(Registration, event_id=event.id, staff_id=person.id, status=REGISTERED, notice_pending=False,
                     queued_at=opens + timedelta(minutes=7 * i), created_at=opens + timedelta(minutes=7 * i))
        counts["registrations"] += len(chosen)
        if event.status == HELD or (event.starts_at < NOW and event.status == SCHEDULED):
            came = [p for p in chosen if chance(rng, 0.88)]
            for i, person in enumerate(came):
                rows.add(Attendance, event_id=event.id, staff_id=person.id, source="hand", recorded_by_id=event.created_by_id,
                         signed_in_at=event.starts_at - timedelta(minutes=10) + timedelta(seconds=20 * i))
            counts["attendance"] += len(came)
    rows.flush()
    return counts
