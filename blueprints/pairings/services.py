"""The life of a pairing: create, move between states, continue into the next semester.

Plain functions with explicit arguments (the people, the time); they flush but never commit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from app import db
from blueprints.core.features import forget_per_request, per_request
from blueprints.accounts.models import Semester, Staff
from blueprints.pairings.models import (
    DEFAULT_MAX_APPRENTICES,
    DEFAULT_QUIET_DAYS,
    OPEN_STATES,
    STATES,
    TRANSITIONS,
    Pairing,
    PairingEvent,
    PairingSettings,
)


class PairingError(Exception):
    """A rule said no; `message` is what the user reads, next to `field` when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def settings_for(semester_id: int) -> PairingSettings:
    """The semester's settings row, or an unsaved one holding the defaults (read once per request)."""
    return per_request(f"pairing_settings:{semester_id}", lambda: _read_settings(semester_id))


def _read_settings(semester_id: int) -> PairingSettings:
    settings = db.session.scalar(select(PairingSettings).where(PairingSettings.semester_id == semester_id))
    if settings is None:
        settings = PairingSettings(
            semester_id=semester_id, max_apprentices=DEFAULT_MAX_APPRENTICES, quiet_days=DEFAULT_QUIET_DAYS
        )
    return settings


def save_settings(semester_id: int, *, max_apprentices: int, quiet_days: int) -> PairingSettings:
    """Store the semester's limit of apprentices per mentor and its quiet-days threshold."""
    settings = db.session.scalar(select(PairingSettings).where(PairingSettings.semester_id == semester_id))
    if settings is None:
        settings = PairingSettings(semester_id=semester_id)
        db.session.add(settings)
    settings.max_apprentices = max_apprentices
    settings.quiet_days = quiet_days
    db.session.flush()
    forget_per_request(f"pairing_settings:{semester_id}")
    return settings


def open_pairing_of(apprentice_id: int, semester_id: int) -> Pairing | None:
    """The apprentice's draft or active pairing in the semester, if any."""
    return db.session.scalar(
        select(Pairing).where(
            Pairing.apprentice_id == apprentice_id,
            Pairing.semester_id == semester_id,
            Pairing.state.in_(OPEN_STATES),
        )
    )


def mentor_loads(semester_id: int, mentor_ids: list[int] | None = None) -> dict[int, int]:
    """How many open (draft or active) pairings each mentor has in the semester."""
    statement = (
        select(Pairing.mentor_id, func.count())
        .where(Pairing.semester_id == semester_id, Pairing.state.in_(OPEN_STATES))
        .group_by(Pairing.mentor_id)
    )
    if mentor_ids is not None:
        statement = statement.where(Pairing.mentor_id.in_(mentor_ids))
    return dict(db.session.execute(statement).all())


def create_pairing(
    semester: Semester,
    mentor: Staff,
    apprentice: Staff,
    *,
    actor: Staff,
    now: datetime,
    activate: bool = True,
    note: str = "",
    previous: Pairing | None = None,
) -> Pairing:
    """Pair a mentor with an apprentice for a semester, as a draft or active at once.

    The view must catch IntegrityError too: the check below and the insert are not atomic, the
    database's unique index is what finally holds when two people pair the same apprentice at once."""
    if mentor.id == apprentice.id:
        raise PairingError("不能给自己当师傅。", "mentor_id")
    if not mentor.is_active_member:
        raise PairingError(f"{mentor.name} 的账号已停用，不能当师傅。", "mentor_id")
    if not apprentice.is_active_member:
        raise PairingError(f"{apprentice.name} 的账号已停用。", "apprentice_id")
    existing = open_pairing_of(apprentice.id, semester.id)
    if existing is not None:
        raise PairingError(already_paired_message(apprentice, existing), "apprentice_id")
    limit = settings_for(semester.id).max_apprentices
    load = mentor_loads(semester.id, [mentor.id]).get(mentor.id, 0)
    if load >= limit:
        raise PairingError(f"{mentor.name} 本学期已带徒 {load} 人，达到上限 {limit} 人。", "mentor_id")
    pairing = Pairing(
        semester=semester,
        mentor=mentor,
        apprentice=apprentice,
        state="draft",
        note=note,
        previous=previous,
        created_by=actor,
        created_at=now,
    )
    pairing.events.append(PairingEvent(from_state=None, to_state="draft", actor=actor, at=now))
    db.session.add(pairing)
    if activate:
        transition(pairing, "active", actor=actor, now=now)
    db.session.flush()
    return pairing


def already_paired_message(apprentice: Staff, existing: Pairing | None = None) -> str:
    """What to say when the apprentice already has a mentor this semester."""
    if existing is not None and existing.mentor is not None:
        return f"{apprentice.name} 本学期已有师傅（{existing.mentor.name}，{existing.state_label}），不能重复结对。"
    return f"{apprentice.name} 本学期刚刚已被安排了师傅，不能重复结对。请刷新后查看。"


def transition(pairing: Pairing, to_state: str, *, actor: Staff, now: datetime, reason: str = "") -> PairingEvent:
    """Move a pairing to another state when the move is allowed, and record who, when and why."""
    if (pairing.state, to_state) not in TRANSITIONS:
        raise PairingError(f"结对状态不能从「{pairing.state_label}」变为「{STATES.get(to_state, to_state)}」。")
    reason = (reason or "").strip()
    if to_state == "dissolved" and not reason:
        raise PairingError("解除结对须填写原因。", "reason")
    event = PairingEvent(from_state=pairing.state, to_state=to_state, actor=actor, at=now, reason=reason)
    pairing.events.append(event)
    pairing.state = to_state
    if to_state == "active":
        pairing.started_on = now.date()
    elif to_state in ("completed", "dissolved"):
        pairing.ended_on = now.date()
    db.session.flush()
    return event


def next_semester_after(semester: Semester) -> Semester | None:
    """The semester that starts next after this one."""
    return db.session.scalar(
        select(Semester).where(Semester.start_date > semester.start_date).order_by(Semester.start_date).limit(1)
    )


def continuation_of(pairing: Pairing) -> Pairing | None:
    """The pairing that carries this one on into a later semester, if any."""
    return db.session.scalar(select(Pairing).where(Pairing.previous_id == pairing.id).limit(1))


def continue_pairing(pairing: Pairing, *, actor: Staff, now: datetime) -> Pairing:
    """Carry a pairing on into the next semester: an active one completes, a new active one starts."""
    if pairing.state not in ("active", "completed"):
        raise PairingError("只有进行中或已完成的结对可以延续到下学期。")
    if continuation_of(pairing) is not None:
        raise PairingError("这个结对已经延续到下学期了。")
    following = next_semester_after(pairing.semester)
    if following is None:
        raise PairingError("还没有下一个学期，请先添加学期。")
    if pairing.state == "active":
        transition(pairing, "completed", actor=actor, now=now, reason=f"延续至{following.name}")
    return create_pairing(
        following,
        pairing.mentor,
        pairing.apprentice,
        actor=actor,
        now=now,
        activate=True,
        note=pairing.note,
        previous=pairing,
    )
