"""Votes under concurrent requests: never counted twice, never over the limit, one confirmation only.

Each thread has its own app context and so its own session and connection, as concurrent requests do.
Runs on the SQLite file database, and on PostgreSQL when TEST_DATABASE_URL is set (scripts/test.sh)."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.honours.models import Award
from blueprints.selection.models import Ballot, Candidate, Selection, Vote
from blueprints.selection.results import confirm
from blueprints.selection.voting import cast_vote
from tests.test_selection_support import DAYS, NOW, make_candidate, make_selection  # noqa: F401  (fixtures)

RACERS = 12


def _race(app, jobs) -> list[BaseException]:
    """Run every job `(selection_id, candidate_id, staff_id, action)` at once, each in its own thread and session."""
    start = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(selection_id: int, candidate_id: int, staff_id: int, action) -> None:
        with app.app_context():
            try:
                selection = db.session.get(Selection, selection_id)
                candidate = db.session.get(Candidate, candidate_id)
                person = db.session.get(Staff, staff_id)
                start.wait(timeout=30)
                action(selection, candidate, person)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 — reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _vote(selection, candidate, person):
    cast_vote(selection, candidate, voter=person, today=DAYS["voting"], now=NOW)


def _count(model, **where) -> int:
    db.session.expire_all()
    statement = select(func.count()).select_from(model)
    for name, value in where.items():
        statement = statement.where(getattr(model, name) == value)
    return db.session.scalar(statement)


def test_the_same_vote_sent_many_times_at_once_counts_once(app, make_selection, make_candidate, make_staff):
    selection = make_selection()
    candidate = make_candidate(selection)
    voter = make_staff()
    errors = _race(app, [(selection.id, candidate.id, voter.id, _vote)] * RACERS)
    assert errors == []
    assert _count(Vote) == 1 and _count(Ballot) == 1


def test_one_voter_voting_for_many_at_once_stays_within_the_limit(app, make_selection, make_candidate, make_staff):
    selection = make_selection(votes_per_voter=10)
    candidates = [make_candidate(selection) for _ in range(RACERS)]
    voter = make_staff()
    errors = _race(app, [(selection.id, c.id, voter.id, _vote) for c in candidates])
    assert _count(Vote, voter_id=voter.id) == 10
    assert len(errors) == RACERS - 10 and all("票已经投完" in str(e) for e in errors)
    assert db.session.scalar(select(Ballot.votes_cast)) == 10


def test_many_voters_at_once_each_count_once(app, make_selection, make_candidate, make_staff):
    selection = make_selection()
    candidate = make_candidate(selection)
    voters = [make_staff() for _ in range(RACERS)]
    errors = _race(app, [(selection.id, candidate.id, v.id, _vote) for v in voters])
    assert errors == []
    assert _count(Vote, candidate_id=candidate.id) == RACERS


def test_confirming_twice_at_once_records_the_honours_once(app, make_selection, make_candidate, admin):
    selection = make_selection(seats=1)
    candidate = make_candidate(selection)

    def _confirm(selection, candidate, person):
        confirm(selection, {candidate.id}, admin=person, school="学校", today=DAYS["counting"], now=NOW)

    errors = _race(app, [(selection.id, candidate.id, admin.id, _confirm)] * 4)
    assert _count(Award) == 1
    assert len(errors) == 3 and all("已经确认过了" in str(e) for e in errors)
