"""Mentor pairings of every semester, with their state changes, two-way logs and end-of-term evaluations,
written the way the demo's seed_10 writes them (same kinds of session, same sentences)."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from blueprints.pairings.models import EVALUATION_ITEMS, Evaluation, MentoringLog, Pairing, PairingEvent
from demo.seed_10_pairings import ANSWERS, LESSONS, PENDING_FROM, SESSIONS, _fill

from .people import Member
from .rows import TODAY, Rows, Term, chance

PER_SCALE = 6.5  #: pairings a semester per unit of scale (the demo has six or seven)
COMMENTS = {
    "mentor": "一学期来进步很快：教学设计越写越扎实，课堂上能关注每一个孩子。下学期重点练习课堂评价语言。",
    "apprentice": "师傅每周都来听课，指导具体、耐心，示范课让我看到了好课的样子。感谢师傅手把手的带教。",
}


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _lessons(person: Member) -> list[str]:
    """Lesson titles for the apprentice's subject and band, as the demo has them (any band if not)."""
    lists = [titles for (subject, band), titles in LESSONS.items() if subject == person.subject]
    exact = LESSONS.get((person.subject, person.band))
    return exact or (lists[0] if lists else [f"《{person.subject}常规课》"])


def add_pairings(rows: Rows, rng: random.Random, term: Term, members: list[Member], scale: int, admin_id: int) -> int:
    """About 6.5 × scale pairings in the semester (on top of any it has); returns the logs written."""
    session = rows.session
    open_ones = set(session.scalars(select(Pairing.apprentice_id).where(Pairing.semester_id == term.id)))
    load = {mentor: 1 for mentor in session.scalars(select(Pairing.mentor_id).where(Pairing.semester_id == term.id))}
    present = [m for m in members if m.teaches and m.here_on(term.start)]
    young = [m for m in present if m.arrival > term.start - timedelta(days=3 * 365) and m.id not in open_ones]
    seasoned = [m for m in present if m.backbone or (m.birth and m.birth.year <= 1988)]
    wanted = max(0, round(PER_SCALE * scale) - len(open_ones))
    # Those who arrived for this semester come first: all of them get a mentor, except that now, mid-semester,
    # three in eight still wait for one (as in the demo); then other young teachers up to the semester's number.
    arrived = [m for m in young if m.arrival >= term.start - timedelta(days=10)]
    others = [m for m in young if m.arrival < term.start - timedelta(days=10)]
    first = rng.sample(arrived, min(wanted, round(len(arrived) * (5 / 8 if term.is_current else 1))))
    logs = 0
    for apprentice in first + rng.sample(others, max(0, min(wanted - len(first), len(others)))):
        same = [m for m in seasoned if m.subject == apprentice.subject and load.get(m.id, 0) < 2 and m is not apprentice]
        if not same:
            continue
        mentor = rng.choice(same)
        load[mentor.id] = load.get(mentor.id, 0) + 1
        logs += _pairing(rows, rng, term, apprentice, mentor, admin_id)
    return logs


def _pairing(rows: Rows, rng: random.Random, term: Term, apprentice: Member, mentor: Member, admin_id: int) -> int:
    """One pairing through its life: created, activated, logged, and completed or dissolved."""
    if term.is_current:
        state = rng.choices(["active", "draft", "dissolved"], [85, 7, 8])[0]
    else:
        state = "completed" if chance(rng, 0.9) else "dissolved"
    created = term.start - timedelta(days=3)
    started = term.start if state != "draft" else None
    last = min(TODAY - timedelta(days=1), term.end - timedelta(days=10))
    ended = None
    if state == "dissolved":
        ended = term.start + timedelta(days=rng.randint(30, 60))
        last = ended - timedelta(days=3)
    elif state == "completed":
        ended = term.end - timedelta(days=3)
    pairing = rows.add(Pairing, semester_id=term.id, mentor_id=mentor.id, apprentice_id=apprentice.id, state=state,
                       note=f"同教{apprentice.subject}，由{mentor.name}老师带教。", created_by_id=admin_id,
                       created_at=_at(created, 15, 30), started_on=started, ended_on=ended)
    rows.add(PairingEvent, pairing_id=pairing, from_state=None, to_state="draft", actor_id=admin_id,
             at=_at(created, 15, 30), reason="")
    if started:
        rows.add(PairingEvent, pairing_id=pairing, from_state="draft", to_state="active", actor_id=admin_id,
                 at=_at(started, 9, 10), reason="")
    if ended:
        reason = "师傅工作调动，无法继续带教。" if state == "dissolved" else ""
        rows.add(PairingEvent, pairing_id=pairing, from_state="active", to_state=state, actor_id=admin_id,
                 at=_at(ended, 9, 10), reason=reason)
    written = _logs(rows, rng, term, pairing, apprentice, mentor, last) if started else 0
    if state == "completed":
        for side, items in EVALUATION_ITEMS.items():
            author = mentor if side == "mentor" else apprentice
            rows.add(Evaluation, pairing_id=pairing, side=side, author_id=author.id, comment=COMMENTS[side],
                     scores={key: rng.choice([4, 5, 5]) for key in items},
                     created_at=_at(ended, 19), updated_at=_at(ended, 19))
    return written


def _logs(rows: Rows, rng: random.Random, term: Term, pairing: int, apprentice: Member, mentor: Member, last: date) -> int:
    """Two sessions most school weeks, both ways; confirmed a day or two later unless too recent."""
    lessons = _lessons(apprentice)
    day, count, turn = term.start + timedelta(days=rng.randint(2, 4)), 0, rng.randrange(len(SESSIONS))
    while day <= last:
        if day.weekday() < 5:
            kind, side, text, next_steps = SESSIONS[turn % len(SESSIONS)]
            turn += 1
            author, other = (mentor, apprentice) if side == "mentor" else (apprentice, mentor)
            confirm_on = day + timedelta(days=rng.randint(0, 2))
            confirmed = confirm_on < TODAY and not (term.is_current and day >= PENDING_FROM)
            rows.add(MentoringLog, pairing_id=pairing, author_id=author.id, author_side=side, kind=kind, held_on=day,
                     duration_minutes=rng.choice([30, 40, 40, 45, 60, 90] if kind != "talk" else [20, 30]),
                     content=_fill(rng, text, lessons), next_steps=next_steps,
                     created_at=_at(day, 17, rng.randint(0, 59)),
                     confirmed_by_id=other.id if confirmed else None,
                     confirmed_at=_at(confirm_on, 20, rng.randint(0, 59)) if confirmed else None,
                     answer=rng.choice(ANSWERS["apprentice" if side == "mentor" else "mentor"])
                     if confirmed and chance(rng, 0.6) else "")
            count += 1
        day += timedelta(days=rng.choice([2, 3, 3, 4, 5]))
    return count
