"""The demo's selections and register look like the school's: two finished years of 10 honours each,
next year's nominations open now, and three years of honours in the orders of magnitude reported."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.honours.models import Award
from blueprints.honours.queries import Filters, list_awards
from blueprints.selection.models import Nomination, Selection
from blueprints.selection.nominations import candidates_of, nominee_groups
from blueprints.selection.results import standings_of
from blueprints.selection.rules import phase_of
from demo import seed_10_pairings, seed_60_honours, seed_61_selection
from demo.school import build_school

TODAY = date(2026, 11, 25)


@pytest.fixture
def demo(app):
    app.config["FIXED_TODAY"] = TODAY
    build_school(db.session)
    seed_10_pairings.seed(db.session)
    lines = [seed_60_honours.seed(db.session), seed_61_selection.seed(db.session)]
    db.session.commit()
    return lines


def test_two_finished_selections_and_next_years_nominations_open(demo):
    selections = {s.year: s for s in db.session.scalars(select(Selection))}
    assert {year: phase_of(s, TODAY) for year, s in selections.items()} == {2025: "confirmed", 2026: "confirmed", 2027: "nominating"}
    for year in (2025, 2026):
        standings = standings_of(selections[year], candidates_of(selections[year]))
        assert sum(bool(s.candidate.award_id) for s in standings) == 10
        assert all(s.candidate.award_id for s in standings if s.rank <= 10)
        assert any(s.tied for s in standings)  # ties show as ties
    groups = nominee_groups(selections[2027])
    assert any(len(g.pending) == 2 for g in groups)  # a nominee to merge
    assert any(g.refused for g in groups) and sum(bool(g.candidate) for g in groups) == 3


def test_the_register_has_the_outcomes_the_school_reports(demo):
    young_firsts = list_awards(Filters(kind="teacher", grade="一等奖"))
    assert {(p.label, p.count) for p in young_firsts.by_level if p.level in ("县", "市")} == {("县级一等奖", 7), ("市级一等奖", 3)}
    assert len({a.staff_id for a in young_firsts.awards if a.level in ("县", "市")}) == 8
    assert all(a.staff.birth_date.year >= 1990 for a in young_firsts.awards if a.level in ("县", "市"))
    choir = list_awards(Filters(kind="group", level="县", grade="一等奖"))
    assert choir.total == 3 and {a.group.name for a in choir.awards} == {"女教师合唱团"}
    for year in (2024, 2025, 2026):
        assert list_awards(Filters(kind="pupil", category="作文发表", year=year)).total > 100
    titles = {a.title for a in db.session.scalars(select(Award).where(Award.category == "荣誉称号"))}
    assert {"县级名师", "市级名师", "校级最美教师"} <= titles
    assert db.session.scalar(select(func.count()).select_from(Award).where(Award.title == "校级最美教师")) == 20
    assert db.session.scalar(select(func.count()).select_from(Nomination)) > 40
    assert "荣誉册" in demo[0] and "最美教师" in demo[1]
