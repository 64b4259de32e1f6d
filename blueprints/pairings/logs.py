"""Mentoring logs (帮扶记录): one side writes, the other confirms with an optional answer.

Plain functions; they flush but never commit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.pairings.access import side_of
from blueprints.pairings.models import LOG_KINDS, MentoringLog, Pairing
from blueprints.pairings.services import PairingError

MAX_DURATION_MINUTES = 600
#: States in which the other side may still confirm a log (a late confirmation after completion counts).
CONFIRMABLE_STATES = ("active", "completed")


def log_problems(pairing: Pairing, *, held_on: date | None, duration_minutes: int | None, kind: str, today: date) -> dict[str, str]:
    """Field errors of a log for this pairing, empty when it is acceptable."""
    errors: dict[str, str] = {}
    semester = pairing.semester
    if kind not in LOG_KINDS:
        errors["kind"] = "请选择帮扶形式。"
    if held_on is not None:
        if not semester.contains(held_on):
            errors["held_on"] = f"日期须在本学期内（{_cn(semester.start_date)}至{_cn(semester.end_date)}）。"
        elif held_on > today:
            errors["held_on"] = "不能填写今天以后的日期。"
    if duration_minutes is not None and not 0 < duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = f"时长须为 1 到 {MAX_DURATION_MINUTES} 分钟之间的整数。"
    return errors


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def add_log(
    pairing: Pairing,
    *,
    author: Staff,
    kind: str,
    held_on: date,
    duration_minutes: int,
    content: str,
    next_steps: str,
    today: date,
    now: datetime,
) -> MentoringLog:
    """Record a session by one side of an active pairing; the other side confirms it later."""
    side = side_of(author, pairing)
    if side is None:
        raise PairingError("只有师徒双方可以填写帮扶记录。")
    if pairing.state != "active":
        raise PairingError("只有进行中的结对可以填写帮扶记录。")
    errors = log_problems(pairing, held_on=held_on, duration_minutes=duration_minutes, kind=kind, today=today)
    if errors:
        field, message = next(iter(errors.items()))
        raise PairingError(message, field)
    log = MentoringLog(
        pairing=pairing,
        author=author,
        author_side=side,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        content=content.strip(),
        next_steps=(next_steps or "").strip(),
        created_at=now,
    )
    db.session.add(log)
    db.session.flush()
    return log


def may_confirm(staff: Staff, log: MentoringLog) -> bool:
    """Only the other side of the pairing confirms, and only once."""
    side = side_of(staff, log.pairing)
    return side is not None and side != log.author_side and not log.is_confirmed


def confirm_log(log: MentoringLog, *, staff: Staff, answer: str, now: datetime) -> MentoringLog:
    """The other side confirms a log, optionally answering it (a reply, a thank-you, a correction)."""
    side = side_of(staff, log.pairing)
    if side is None or side == log.author_side:
        raise PairingError("只有结对的另一方可以确认这条记录。")
    if log.is_confirmed:
        raise PairingError("这条记录已经确认过了。")
    if log.pairing.state not in CONFIRMABLE_STATES:
        raise PairingError("这个结对已不能再确认记录。")
    log.confirmed_by = staff
    log.confirmed_at = now
    log.answer = (answer or "").strip()
    db.session.flush()
    return log


def delete_log(log: MentoringLog, *, staff: Staff) -> None:
    """The author takes back a log the other side has not confirmed yet."""
    if staff.id != log.author_id:
        raise PairingError("只能删除自己填写的记录。")
    if log.is_confirmed:
        raise PairingError("已确认的记录不能删除。")
    db.session.delete(log)
    db.session.flush()


def logs_of(pairing: Pairing) -> list[MentoringLog]:
    """A pairing's logs, newest first, with their authors and confirmers loaded."""
    return list(
        db.session.scalars(
            select(MentoringLog)
            .where(MentoringLog.pairing_id == pairing.id)
            .options(selectinload(MentoringLog.author), selectinload(MentoringLog.confirmed_by))
            .order_by(MentoringLog.held_on.desc(), MentoringLog.id.desc())
        )
    )


def awaiting_conditions(staff_id) -> tuple:
    """SQL conditions (over MentoringLog joined to its Pairing) of the logs this person (an id, or a bound
    parameter) still has to confirm."""
    mine_as_other_side = or_(
        and_(Pairing.mentor_id == staff_id, MentoringLog.author_side == "apprentice"),
        and_(Pairing.apprentice_id == staff_id, MentoringLog.author_side == "mentor"),
    )
    return mine_as_other_side, MentoringLog.confirmed_at.is_(None), Pairing.state.in_(CONFIRMABLE_STATES)


def logs_awaiting(staff: Staff, limit: int | None = None) -> list[MentoringLog]:
    """Logs the other side wrote that this person still has to confirm, oldest first (the first `limit` of them)."""
    return list(
        db.session.scalars(
            select(MentoringLog)
            .join(MentoringLog.pairing)
            .where(*awaiting_conditions(staff.id))
            .options(joinedload(MentoringLog.author))
            .order_by(MentoringLog.held_on, MentoringLog.id)
            .limit(limit)
        )
    )
