"""Counting votes: the limit, one vote per candidate, changes until the close, totals with ties, and secrecy."""
from __future__ import annotations

import inspect
from datetime import datetime

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.selection import results, voting
from blueprints.selection.models import Ballot, Vote
from blueprints.selection.results import standings_of, tally, turnout
from blueprints.selection.rules import SelectionError
from blueprints.selection.voting import ballot_state, cast_vote, choices_of, withdraw_vote
from tests.test_selection_support import DAYS, NOW, make_candidate, make_selection  # noqa: F401  (fixtures)

VOTING = DAYS["voting"]


@pytest.fixture
def ballot_setup(make_selection, make_candidate, make_staff):
    selection = make_selection(votes_per_voter=3, seats=2)
    candidates = [make_candidate(selection) for _ in range(4)]
    return selection, candidates, make_staff(name="投票人")


def _votes() -> int:
    return db.session.scalar(select(func.count()).select_from(Vote))


def test_a_voter_gives_up_to_the_limit_and_the_next_vote_is_refused(ballot_setup):
    selection, candidates, voter = ballot_setup
    for candidate in candidates[:3]:
        state = cast_vote(selection, candidate, voter=voter, today=VOTING, now=NOW)
    assert (state.used, state.remaining) == (3, 0)
    with pytest.raises(SelectionError, match="您的 3 票已经投完。如要改投，请先取消一票。"):
        cast_vote(selection, candidates[3], voter=voter, today=VOTING, now=NOW)
    assert _votes() == 3


def test_voting_twice_for_the_same_candidate_stays_one_vote(ballot_setup):
    selection, candidates, voter = ballot_setup
    cast_vote(selection, candidates[0], voter=voter, today=VOTING, now=NOW)
    state = cast_vote(selection, candidates[0], voter=voter, today=VOTING, now=NOW)
    assert state.used == 1 and _votes() == 1 and tally(selection) == {candidates[0].id: 1}


def test_a_vote_taken_back_can_go_to_someone_else(ballot_setup):
    selection, candidates, voter = ballot_setup
    for candidate in candidates[:3]:
        cast_vote(selection, candidate, voter=voter, today=VOTING, now=NOW)
    state = withdraw_vote(selection, candidates[1], voter=voter, today=VOTING, now=NOW)
    assert state.remaining == 1
    cast_vote(selection, candidates[3], voter=voter, today=VOTING, now=NOW)
    assert choices_of(selection, voter) == {candidates[0].id, candidates[2].id, candidates[3].id}
    ballot = db.session.scalar(select(Ballot))
    assert ballot.votes_cast == 3


def test_nobody_votes_or_changes_a_vote_outside_the_window(ballot_setup):
    selection, candidates, voter = ballot_setup
    with pytest.raises(SelectionError, match="投票将于"):
        cast_vote(selection, candidates[0], voter=voter, today=DAYS["reviewing"], now=NOW)
    cast_vote(selection, candidates[0], voter=voter, today=VOTING, now=NOW)
    with pytest.raises(SelectionError, match="投票已经结束。"):
        withdraw_vote(selection, candidates[0], voter=voter, today=DAYS["counting"], now=NOW)
    selection.closed_at = datetime(2026, 9, 3, 3, 0)
    with pytest.raises(SelectionError, match="投票已经结束。"):
        cast_vote(selection, candidates[1], voter=voter, today=VOTING, now=NOW)
    assert _votes() == 1


def test_nobody_votes_for_themselves(ballot_setup):
    selection, candidates, _voter = ballot_setup
    with pytest.raises(SelectionError, match="不能给自己投票。"):
        cast_vote(selection, candidates[0], voter=candidates[0].staff, today=VOTING, now=NOW)


def test_a_candidate_of_another_year_cannot_be_voted_for_here(ballot_setup, make_selection, make_candidate):
    selection, _candidates, voter = ballot_setup
    other = make_candidate(make_selection(year=2025))
    with pytest.raises(SelectionError, match="不属于本次评选"):
        cast_vote(selection, other, voter=voter, today=VOTING, now=NOW)


def test_totals_rank_candidates_and_show_ties_as_ties(ballot_setup, make_staff):
    selection, (a, b, c, d), _voter = ballot_setup
    for choices in ([a, b], [a, b], [a, c], [c]):
        voter = make_staff()
        for candidate in choices:
            cast_vote(selection, candidate, voter=voter, today=VOTING, now=NOW)
    standings = standings_of(selection, [a, b, c, d])
    assert (standings[0].candidate.id, standings[0].votes, standings[0].rank, standings[0].tied) == (a.id, 3, 1, False)
    assert {(s.candidate.id, s.votes, s.rank, s.tied) for s in standings[1:3]} == {(b.id, 2, 2, True), (c.id, 2, 2, True)}
    assert standings[-1].votes == 0 and standings[-1].rank == 4
    # Two seats: a is chosen by the count; b and c tie across the last seat.
    assert [s.within for s in standings] == [True, False, False, False]
    assert turnout(selection) == (4, 7)


def test_totals_say_how_many_votes_each_candidate_has_and_nothing_about_who_gave_them(ballot_setup, make_staff):
    selection, (a, b, _c, _d), voter = ballot_setup
    cast_vote(selection, a, voter=voter, today=VOTING, now=NOW)
    cast_vote(selection, b, voter=make_staff(), today=VOTING, now=NOW)
    assert tally(selection) == {a.id: 1, b.id: 1}
    standing = standings_of(selection, [a, b])[0]
    assert set(vars(standing)) == {"candidate", "votes", "rank", "tied", "within", "straddles"}
    # A voter sees their own choices and nobody else's.
    assert choices_of(selection, voter) == {a.id}
    assert ballot_state(selection, make_staff()).chosen == frozenset()


def test_the_only_code_that_reads_who_voted_is_a_voters_own_choices():
    """Secrecy by design: Vote.voter_id is read in exactly one place, filtered to the voter asking."""
    from pathlib import Path

    readers = []
    for path in Path("blueprints").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "Vote.voter_id" in text and path.name != "models.py":  # the model's docstring explains it
            readers.append(str(path))
    assert sorted(readers) == ["blueprints/selection/voting.py"]
    # choices_of, and withdraw_vote deleting the voter's own vote: both filtered to the voter.
    assert inspect.getsource(voting).count("Vote.voter_id == voter.id") == 2
    assert "voter_id" not in inspect.getsource(results.tally)
