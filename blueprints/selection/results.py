"""Totals and ranks after (or, for the admin, during) the vote, and the admin's confirmation of the chosen.

Totals are counted per candidate and never per voter: nothing here can say who voted for whom."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.honours.models import TITLE_CATEGORY, UNGRADED, Award
from blueprints.selection.locks import lock_selection
from blueprints.selection.models import Ballot, Candidate, Selection, Vote
from blueprints.selection.rules import COUNTING, SelectionError, phase_of

HONOUR_TITLE = "校级最美教师"


@dataclass(frozen=True)
class Standing:
    candidate: Candidate
    votes: int
    rank: int  #: competition ranking: 1, 2, 2, 4
    tied: bool  #: someone else has the same number of votes
    within: bool  #: the whole tie group fits in the seats: chosen by the count alone
    straddles: bool  #: a tie across the last seat: the admin must decide


def tally(selection: Selection) -> dict[int, int]:
    """Votes per candidate (grouped by candidate only)."""
    rows = db.session.execute(
        select(Vote.candidate_id, func.count()).where(Vote.selection_id == selection.id).group_by(Vote.candidate_id)
    )
    return dict(rows.all())


def turnout(selection: Selection) -> tuple[int, int]:
    """(people who have at least one vote in, votes in all)."""
    voters, votes = db.session.execute(
        select(func.count(), func.coalesce(func.sum(Ballot.votes_cast), 0)).where(
            Ballot.selection_id == selection.id, Ballot.votes_cast > 0
        )
    ).one()
    return voters, votes


def rank(candidates: list[Candidate], totals: dict[int, int], seats: int) -> list[Standing]:
    """Candidates by votes, ties sharing a rank (1, 2, 2, 4); which tie groups fit in the seats."""
    ordered = sorted(candidates, key=lambda c: (-totals.get(c.id, 0), c.staff.pinyin_full, c.id))
    groups: dict[int, int] = {}
    for c in ordered:
        groups[totals.get(c.id, 0)] = groups.get(totals.get(c.id, 0), 0) + 1
    standings, position = [], 0
    for index, c in enumerate(ordered):
        votes = totals.get(c.id, 0)
        first = index == 0 or totals.get(ordered[index - 1].id, 0) != votes
        if first:
            position = index + 1
        last = position + groups[votes] - 1
        standings.append(Standing(c, votes, position, groups[votes] > 1, last <= seats, position <= seats < last))
    return standings


def standings_of(selection: Selection, candidates: list[Candidate]) -> list[Standing]:
    """The candidates ranked by their totals against the selection's seats."""
    return rank(candidates, tally(selection), selection.seats)


def confirm(selection: Selection, chosen_ids: set[int], *, admin: Staff, school: str, today: date,
            now: datetime) -> list[Award]:
    """Record the chosen teachers' honours (校级最美教师, level 校) and close the selection; once only."""
    lock_selection(selection)  # a second click waits here and then finds the selection confirmed
    if selection.confirmed_at is not None:
        raise SelectionError("评选结果已经确认过了。")
    if phase_of(selection, today) != COUNTING:
        raise SelectionError("投票结束后才能确认当选名单。")
    candidates = {c.id: c for c in db.session.scalars(select(Candidate).where(Candidate.selection_id == selection.id))}
    if not chosen_ids:
        raise SelectionError("请至少选择一位当选教师。", "chosen")
    if not chosen_ids <= candidates.keys():
        raise SelectionError("所选教师不在本次候选人中，请刷新页面后重试。", "chosen")
    if len(chosen_ids) > selection.seats:
        raise SelectionError(f"本次评选 {selection.seats} 名，您选了 {len(chosen_ids)} 名。", "chosen")
    totals = tally(selection)
    awards = []
    for candidate_id in sorted(chosen_ids, key=lambda i: -totals.get(i, 0)):
        candidate = candidates[candidate_id]
        award = Award(
            recipient_kind="teacher", staff_id=candidate.staff_id, title=HONOUR_TITLE, category=TITLE_CATEGORY,
            level="校", grade=UNGRADED, issuer=school, awarded_on=selection.award_on,
            note=f"{selection.title}（得票 {totals.get(candidate_id, 0)}）", created_by=admin, created_at=now,
        )
        db.session.add(award)
        candidate.award = award
        awards.append(award)
    selection.confirmed_at = now
    selection.confirmed_by_id = admin.id
    db.session.flush()
    return awards
