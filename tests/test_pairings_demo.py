"""The demo pairings look lived-in: every stage, a semester of logs both ways, some newcomers still waiting."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.honours.models import Award
from blueprints.pairings.board import board_slice, rows_for
from blueprints.pairings.logs import logs_awaiting
from blueprints.pairings.models import MentoringLog, Pairing
from blueprints.pairings.services import mentor_loads, settings_for
from blueprints.pairings.suggestions import (
    mentor_candidates, newcomers_of, newcomers_without_mentor, rank_mentors, suggestions_for,
)
from demo import seed_10_pairings
from demo.school import build_school
from tests.test_pairings_support import TODAY, fixed_today  # noqa: F401  (fixture)


@pytest.fixture
def demo(app, fixed_today):
    build_school(db.session)
    summary = seed_10_pairings.seed(db.session)
    db.session.commit()
    return summary


def current() -> Semester:
    return db.session.scalar(select(Semester).where(Semester.is_current.is_(True)))


def test_pairings_at_every_stage_in_both_semesters(demo):
    assert "师徒结对" in demo
    states = {(p.semester.is_current, p.state) for p in db.session.scalars(select(Pairing))}
    assert {(False, "completed"), (True, "active"), (True, "draft"), (True, "dissolved")} <= states
    dissolved = db.session.scalar(select(Pairing).where(Pairing.state == "dissolved"))
    assert dissolved.events[-1].reason and dissolved.events[-1].to_state == "dissolved"
    assert db.session.scalar(select(Pairing).where(Pairing.previous_id.is_not(None))).state == "active"


def test_some_but_not_all_newcomers_still_lack_a_mentor_and_each_has_suggestions(demo):
    semester = current()
    lacking = newcomers_without_mentor(semester)
    assert len(newcomers_of(semester)) == 8 and 0 < len(lacking) < 8
    assert all(suggestions for suggestions in suggestions_for(lacking, semester).values())


def test_the_board_suggests_what_ranking_every_candidate_with_its_load_would(demo):
    semester = current()
    people = newcomers_of(semester) + list(db.session.scalars(select(Staff).order_by(Staff.id).limit(60)))
    loads, limit = mentor_loads(semester.id), settings_for(semester.id).max_apprentices
    every = mentor_candidates()
    got = suggestions_for(people, semester)
    for person in people:
        expected = rank_mentors(person, every, loads, limit, count=3)
        assert [(s.mentor.id, s.reason_text) for s in got[person.id]] == [(s.mentor.id, s.reason_text) for s in expected]


def test_logs_run_both_ways_inside_their_semesters_and_the_recent_ones_wait(demo):
    logs = list(db.session.scalars(select(MentoringLog)))
    assert len(logs) > 100
    assert {log.author_side for log in logs} == {"mentor", "apprentice"}
    assert all(log.pairing.semester.contains(log.held_on) and log.held_on < TODAY for log in logs)
    assert any(log.answer for log in logs) and any(not log.is_confirmed for log in logs)


def test_one_quiet_pairing_is_flagged_and_awards_count_for_their_pairings(demo):
    active = list(db.session.scalars(select(Pairing).where(Pairing.state == "active")))
    rows = rows_for(active, today=TODAY)
    assert sum(row.is_quiet for row in rows) == 1
    assert all(award.pairing_id and award.level in {"县", "市"} for award in db.session.scalars(select(Award)))
    assert all(len(p.evaluations) == 2 for p in db.session.scalars(select(Pairing).where(Pairing.state == "completed")))


def test_the_demo_newcomer_login_has_logs_to_confirm(demo):
    from blueprints.accounts.models import Staff

    first_newcomer = db.session.scalar(select(Staff).where(Staff.arrival_date == date(2026, 9, 1)).order_by(Staff.staff_no))
    assert logs_awaiting(first_newcomer)


def test_the_board_shows_each_pairings_figures_as_its_own_page_does(demo):
    """The board reads a page's logs in one grouped pass; the figures must be those every other list shows."""
    for semester in db.session.scalars(select(Semester)):
        quiet_days = settings_for(semester.id).quiet_days
        found = board_slice(semester, subject="", state="", quiet_days=quiet_days, today=TODAY, offset=0, limit=100)
        pairings = {p.id: p for p in db.session.scalars(select(Pairing).where(Pairing.semester_id == semester.id))}
        assert found.total == len(found.rows) == len(pairings) > 0
        expected = {row.pairing.id: row for row in rows_for(list(pairings.values()), today=TODAY)}
        assert found.quiet == sum(row.is_quiet for row in expected.values())
        for row in found.rows:
            other = expected[row.id]
            assert (row.percent, row.last_confirmed, row.quiet_days, row.is_quiet, row.pending_total, row.awards) == (
                other.percent, other.last_confirmed, other.quiet_days, other.is_quiet, other.pending_total, other.awards)
            assert (row.apprentice, row.mentor, row.state) == (
                pairings[row.id].apprentice.name, pairings[row.id].mentor.name, pairings[row.id].state)
