"""End-of-term evaluations by both sides, and the apprentice's awards that count for the pairing.

Plain functions; they flush but never commit."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Staff
from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, Award
from blueprints.pairings.access import can_add_award, side_of
from blueprints.pairings.models import EVALUATION_ITEMS, Evaluation, Pairing
from blueprints.pairings.services import PairingError

#: Evaluations are written while the pairing runs; the admin completes it afterwards.
EVALUATION_STATES = ("active",)


def evaluation_of(pairing: Pairing, side: str) -> Evaluation | None:
    """The evaluation one side wrote, if any."""
    return next((e for e in pairing.evaluations if e.side == side), None)


def save_evaluation(pairing: Pairing, *, author: Staff, scores: dict[str, int], comment: str, now: datetime) -> Evaluation:
    """Write or rewrite one side's evaluation: every item rated 1 to 5, plus comments."""
    side = side_of(author, pairing)
    if side is None:
        raise PairingError("只有师徒双方可以填写评价。")
    if pairing.state not in EVALUATION_STATES:
        raise PairingError("只有进行中的结对可以填写或修改评价。")
    items = EVALUATION_ITEMS[side]
    if set(scores) != set(items) or not all(1 <= int(v) <= 5 for v in scores.values()):
        raise PairingError("每一项都要打 1 到 5 分。")
    evaluation = evaluation_of(pairing, side)
    if evaluation is None:
        evaluation = Evaluation(pairing=pairing, side=side, author=author, created_at=now)
        db.session.add(evaluation)
    evaluation.scores = {key: int(scores[key]) for key in items}
    evaluation.comment = (comment or "").strip()
    evaluation.updated_at = now
    db.session.flush()
    return evaluation


def awards_of(pairing: Pairing) -> list[Award]:
    """Awards counted for the pairing, newest first."""
    return list(
        db.session.scalars(
            select(Award)
            .where(Award.pairing_id == pairing.id)
            .options(selectinload(Award.created_by))
            .order_by(Award.awarded_on.desc(), Award.id.desc())
        )
    )


def add_award(
    pairing: Pairing,
    *,
    actor: Staff,
    title: str,
    category: str,
    level: str,
    grade: str,
    awarded_on: date,
    issuer: str,
    today: date,
    now: datetime,
) -> Award:
    """Attach an award of the apprentice to the pairing (by the admin or the mentor)."""
    if not can_add_award(actor, pairing):
        raise PairingError("只有管理员或师傅可以登记徒弟的获奖。")
    if pairing.state == "draft":
        raise PairingError("结对生效后才能登记获奖。")
    if level not in AWARD_LEVELS:
        raise PairingError("请选择获奖级别。", "level")
    if grade not in AWARD_GRADES:
        raise PairingError("请选择获奖等次。", "grade")
    if awarded_on > today:
        raise PairingError("获奖日期不能晚于今天。", "awarded_on")
    if awarded_on < pairing.semester.start_date:
        raise PairingError("获奖日期早于本学期，不能算作本次结对的成果。", "awarded_on")
    award = Award(
        recipient_kind="teacher",
        staff_id=pairing.apprentice_id,
        title=title.strip(),
        category=category,
        level=level,
        grade=grade,
        issuer=(issuer or "").strip(),
        awarded_on=awarded_on,
        pairing_id=pairing.id,
        created_by=actor,
        created_at=now,
    )
    db.session.add(award)
    db.session.flush()
    return award


def remove_award(award: Award, pairing: Pairing, *, actor: Staff) -> None:
    """Take an award off the pairing (the admin, or the mentor who may add them)."""
    if not can_add_award(actor, pairing):
        raise PairingError("只有管理员或师傅可以删除获奖记录。")
    db.session.delete(award)
    db.session.flush()
