"""Nominating a colleague, and the admin's review: accept (merging a nominee's nominations into one
candidacy with one reason for voters), refuse with a reason, or take a candidacy back. Flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app import db
from blueprints.accounts.models import Staff
from blueprints.selection.locks import lock_selection
from blueprints.selection.models import ACCEPTED, PENDING, REFUSED, Candidate, Nomination, Selection
from blueprints.selection.rules import SelectionError, nomination_problem, review_problem

REASON_MIN = 10
REASON_MAX = 500
CANDIDATE_REASON_MAX = 1000
REFUSAL_MAX = 200


def nomination_of(selection: Selection, nominator: Staff, nominee: Staff) -> Nomination | None:
    """The nomination one person made of another in this selection, if any."""
    return db.session.scalar(select(Nomination).where(
        Nomination.selection_id == selection.id, Nomination.nominator_id == nominator.id,
        Nomination.nominee_id == nominee.id,
    ))


def nominate(selection: Selection, *, nominator: Staff, nominee: Staff | None, reason: str, today: date,
             now: datetime) -> Nomination:
    """Nominate a colleague with a reason: in the window, not oneself, once per colleague."""
    problem = nomination_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    if nominee is None or not nominee.is_active_member:
        raise SelectionError("请先搜索并选择一位同事。", "nominee_id")
    if nominee.id == nominator.id:
        raise SelectionError("不能提名自己，请提名一位您身边的同事。", "nominee_id")
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN:
        raise SelectionError(f"请写下提名理由，至少 {REASON_MIN} 个字：他（她）做了什么让您感动？", "reason")
    if len(reason) > REASON_MAX:
        raise SelectionError(f"提名理由最多 {REASON_MAX} 字。", "reason")
    if nomination_of(selection, nominator, nominee) is not None:
        raise SelectionError(f"您已经提名过{nominee.name}老师了。", "nominee_id")
    nomination = Nomination(selection_id=selection.id, nominee=nominee, nominator=nominator, reason=reason,
                            status=PENDING, created_at=now)
    db.session.add(nomination)
    db.session.flush()  # the unique constraint answers a double click here
    return nomination


def withdraw_nomination(nomination: Nomination, *, person: Staff, today: date) -> None:
    """Take back one's own nomination while it waits for review and nominations are open."""
    if nomination.nominator_id != person.id:
        raise SelectionError("只能撤回自己的提名。")
    if nomination.status != PENDING:
        raise SelectionError("提名已经审核，不能撤回。")
    selection = db.session.get(Selection, nomination.selection_id)
    problem = nomination_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    db.session.delete(nomination)
    db.session.flush()


def my_nominations(selection: Selection, person: Staff) -> list[Nomination]:
    """The nominations a person made, with their nominees."""
    return list(db.session.scalars(
        select(Nomination).where(Nomination.selection_id == selection.id, Nomination.nominator_id == person.id)
        .options(joinedload(Nomination.nominee)).order_by(Nomination.created_at, Nomination.id)
    ))


@dataclass
class NomineeGroup:
    """Everything said about one nominee: their nominations, and their candidacy once accepted."""

    nominee: Staff
    nominations: list[Nomination] = field(default_factory=list)
    candidate: Candidate | None = None

    @property
    def pending(self) -> list[Nomination]:
        return [n for n in self.nominations if n.status == PENDING]

    @property
    def refused(self) -> bool:
        return not self.candidate and not self.pending

    @property
    def merged_reasons(self) -> str:
        """The starting text of the voters' reason: the candidacy's, or the pending reasons one per line."""
        if self.candidate is not None and not self.pending:
            return self.candidate.reason
        parts = [self.candidate.reason] if self.candidate is not None else []
        parts += [n.reason for n in self.pending]
        return "\n".join(parts)


def nominee_groups(selection: Selection) -> list[NomineeGroup]:
    """Nominations grouped by nominee: those waiting for review first, then candidates, then refused (two queries)."""
    nominations = db.session.scalars(
        select(Nomination).where(Nomination.selection_id == selection.id)
        .options(joinedload(Nomination.nominee), joinedload(Nomination.nominator))
        .order_by(Nomination.created_at, Nomination.id)
    )
    groups: dict[int, NomineeGroup] = {}
    for nomination in nominations:
        groups.setdefault(nomination.nominee_id, NomineeGroup(nomination.nominee)).nominations.append(nomination)
    for candidate in candidates_of(selection):
        groups.setdefault(candidate.staff_id, NomineeGroup(candidate.staff)).candidate = candidate
    order = sorted(groups.values(), key=lambda g: (not g.pending, g.candidate is None, -len(g.nominations), g.nominee.pinyin_full))
    return order


def candidates_of(selection: Selection) -> list[Candidate]:
    """The selection's candidates with their people, in name order (pinyin)."""
    return list(db.session.scalars(
        select(Candidate).where(Candidate.selection_id == selection.id)
        .options(joinedload(Candidate.staff)).join(Candidate.staff).order_by(Staff.pinyin_full, Staff.id)
    ))


def nomination_counts(selection: Selection) -> dict[int, int]:
    """Accepted nominations per candidate (how many colleagues put each forward)."""
    rows = db.session.execute(
        select(Nomination.candidate_id, func.count()).where(
            Nomination.selection_id == selection.id, Nomination.status == ACCEPTED
        ).group_by(Nomination.candidate_id)
    )
    return {candidate_id: n for candidate_id, n in rows if candidate_id is not None}


def _pending_of(selection: Selection, nominee: Staff) -> list[Nomination]:
    return list(db.session.scalars(select(Nomination).where(
        Nomination.selection_id == selection.id, Nomination.nominee_id == nominee.id, Nomination.status == PENDING,
    )))


def candidate_of(selection: Selection, staff: Staff) -> Candidate | None:
    """The person's candidacy in this selection, if accepted."""
    return db.session.scalar(select(Candidate).where(Candidate.selection_id == selection.id, Candidate.staff_id == staff.id))


def accept(selection: Selection, nominee: Staff, *, reason: str, admin: Staff, today: date, now: datetime) -> Candidate:
    """Make the nominee a candidate (or keep them one), merging their waiting nominations; `reason` is what voters read."""
    lock_selection(selection)
    problem = review_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    reason = (reason or "").strip()
    if not reason:
        raise SelectionError("请填写展示给投票人的推荐理由。", "reason")
    if len(reason) > CANDIDATE_REASON_MAX:
        raise SelectionError(f"推荐理由最多 {CANDIDATE_REASON_MAX} 字。", "reason")
    pending = _pending_of(selection, nominee)
    candidate = candidate_of(selection, nominee)
    if candidate is None and not pending:
        raise SelectionError(f"{nominee.name}没有待审核的提名。")
    if candidate is None:
        candidate = Candidate(selection_id=selection.id, staff=nominee, reason=reason, created_at=now)
        db.session.add(candidate)
    candidate.reason = reason
    for nomination in pending:
        nomination.status = ACCEPTED
        nomination.candidate = candidate
        nomination.decided_by_id = admin.id
        nomination.decided_at = now
    db.session.flush()
    return candidate


def refuse(selection: Selection, nominee: Staff, *, reason: str, admin: Staff, today: date, now: datetime) -> int:
    """Refuse a nominee's waiting nominations with a reason the nominators read; returns how many."""
    lock_selection(selection)
    problem = review_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    reason = (reason or "").strip()
    if not reason:
        raise SelectionError("请写明不予通过的原因，提名人会看到。", "refusal")
    if len(reason) > REFUSAL_MAX:
        raise SelectionError(f"原因最多 {REFUSAL_MAX} 字。", "refusal")
    if candidate_of(selection, nominee) is not None:
        raise SelectionError(f"{nominee.name}已是候选人；如需取消，请先撤销候选资格。")
    pending = _pending_of(selection, nominee)
    if not pending:
        raise SelectionError(f"{nominee.name}没有待审核的提名。")
    for nomination in pending:
        nomination.status = REFUSED
        nomination.decision_reason = reason
        nomination.decided_by_id = admin.id
        nomination.decided_at = now
    db.session.flush()
    return len(pending)


def revoke(candidate: Candidate, *, today: date) -> None:
    """Undo an acceptance before voting starts: the candidacy goes, its nominations wait for review again."""
    selection = db.session.get(Selection, candidate.selection_id)
    lock_selection(selection)
    problem = review_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    for nomination in db.session.scalars(select(Nomination).where(Nomination.candidate_id == candidate.id)):
        nomination.status = PENDING
        nomination.candidate = None
        nomination.decided_by_id = None
        nomination.decided_at = None
    db.session.delete(candidate)
    db.session.flush()
