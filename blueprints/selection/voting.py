"""Voting: up to the selection's number of votes, one per candidate, changeable until the close.

Every change first locks the voter's ballot row (locks.lock_ballot), so two taps at once — two tabs, a
double click, a phone and a laptop — are served one after the other and the limit is counted on fresh
data; the unique constraint on Vote is the last word on "never the same vote twice". See models.py for
why a vote keeps its voter and how that stays secret. Flush, never commit."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.selection.locks import lock_ballot
from blueprints.selection.models import Candidate, Selection, Vote
from blueprints.selection.rules import SelectionError, voting_problem


@dataclass(frozen=True)
class BallotState:
    """A voter's own choices (candidate ids) against the selection's limit."""

    chosen: frozenset[int]
    limit: int

    @property
    def used(self) -> int:
        return len(self.chosen)

    @property
    def remaining(self) -> int:
        return max(self.limit - len(self.chosen), 0)


def choices_of(selection: Selection, voter: Staff) -> frozenset[int]:
    """The candidates this voter voted for. The only read of Vote.voter_id in the app: always the voter themself."""
    return frozenset(db.session.scalars(
        select(Vote.candidate_id).where(Vote.selection_id == selection.id, Vote.voter_id == voter.id)
    ))


def ballot_state(selection: Selection, voter: Staff) -> BallotState:
    """The voter's choices and the votes left, as the ballot shows them."""
    return BallotState(choices_of(selection, voter), selection.votes_per_voter)


def _check(selection: Selection, candidate: Candidate, voter: Staff, today: date) -> None:
    problem = voting_problem(selection, today)
    if problem:
        raise SelectionError(problem)
    if candidate.selection_id != selection.id:
        raise SelectionError("这位候选人不属于本次评选。")
    if not voter.is_active_member:
        raise SelectionError("账号已停用，不能投票。")


def cast_vote(selection: Selection, candidate: Candidate, *, voter: Staff, today: date, now: datetime) -> BallotState:
    """Give the candidate one of the voter's votes; a vote already given stays one vote."""
    _check(selection, candidate, voter, today)
    if candidate.staff_id == voter.id:
        raise SelectionError("不能给自己投票。")
    ballot = lock_ballot(selection, voter, now)
    chosen = choices_of(selection, voter)  # read under the lock: the count is the real one
    if candidate.id in chosen:
        return BallotState(chosen, selection.votes_per_voter)
    if len(chosen) >= selection.votes_per_voter:
        raise SelectionError(f"您的 {selection.votes_per_voter} 票已经投完。如要改投，请先取消一票。")
    db.session.add(Vote(selection_id=selection.id, voter_id=voter.id, candidate_id=candidate.id))
    ballot.votes_cast = len(chosen) + 1
    ballot.updated_at = now
    db.session.flush()
    return BallotState(chosen | {candidate.id}, selection.votes_per_voter)


def withdraw_vote(selection: Selection, candidate: Candidate, *, voter: Staff, today: date, now: datetime) -> BallotState:
    """Take back the voter's vote for the candidate (to give it to someone else), until the close."""
    _check(selection, candidate, voter, today)
    ballot = lock_ballot(selection, voter, now)
    db.session.execute(delete(Vote).where(
        Vote.selection_id == selection.id, Vote.voter_id == voter.id, Vote.candidate_id == candidate.id
    ))
    chosen = choices_of(selection, voter)
    ballot.votes_cast = len(chosen)
    ballot.updated_at = now
    db.session.flush()
    return BallotState(chosen, selection.votes_per_voter)
