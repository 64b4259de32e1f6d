"""A school ten times the demo's, for bench/pages.py --scale 10: 1,500 staff and ten years of records.

    .venv/bin/python -m bench.bigschool --instance /tmp/big-inst [--scale 10]

Builds on an empty SQLite database: first the demo school exactly as `flask --app wsgi demo seed` makes it
(so the demo logins and their pages exist), then generated on top of it, at `scale` times the demo's rates:
staff up to 150 × scale, groups up to 10 × scale with their members, a kiosk code each, every semester since
autumn 2016 with its settings, pairings with logs and evaluations, open lessons with observers, scored
feedback and reflections, events with registrations, waiting lists, attendance, summaries and speakers,
repeating series (calendar events), holidays, and the honours register. Deterministic (fixed seeds): the same
database every run. Rows go in with executemany (see rows.py); the run prints how long each part took.
SQLite only: ids are handed out ahead, which PostgreSQL's sequences would not know about.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

SEED = 2026_1010


@dataclass
class Built:
    """What was made and how long each part took (seconds)."""

    scale: int
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def build(database_url: str, scale: int = 10) -> Built:
    """Create and fill the database at `database_url` (SQLite, empty); see the module docstring."""
    from sqlalchemy import func, select

    from app import create_app, db
    from blueprints.accounts.models import Group, Membership, Staff

    from . import events, honours, lessons, pairings, people, terms
    from .rows import Rows

    if not database_url.startswith("sqlite"):
        raise SystemExit("bench.bigschool writes SQLite databases only")
    built = Built(scale)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        built.timings[name] = time.perf_counter() - clock
        clock = time.perf_counter()

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.create_all()
        session = db.session
        if session.scalar(select(func.count()).select_from(Staff)):
            raise SystemExit("the database is not empty")
        from demo.features import seed_features
        from demo.school import build_school

        build_school(session)
        seed_features(session)
        lap("demo school (flask demo seed)")

        rng = random.Random(SEED)
        rows = Rows(session)
        built.counts["staff added"] = people.add_staff(rows, rng, 150 * scale)
        members = people.load_members(session)
        built.counts["groups"] = people.add_groups(rows, rng, members, 10 * scale)
        people.add_codes(rows, rng, members)
        lap("staff, groups, codes")

        all_terms = terms.add_terms(rows)
        rooms = terms.add_settings(rows, all_terms, 9 * max(1, scale // 3))
        built.counts["holidays added"] = terms.add_holidays(rows)
        lap("semesters, settings, holidays")

        admin = next(m for m in members if m.id == session.scalar(select(func.min(Staff.id)).where(Staff.role == "admin")))
        groups = [(g.id, g.name, g.kind) for g in session.scalars(select(Group))]
        memberships = [(m.group_id, m.staff_id, m.is_leader) for m in session.scalars(select(Membership))]
        school = events.School(members, groups, memberships)
        totals = {"logs": 0, "lessons": 0, "feedback": 0, "events": 0, "registrations": 0, "attendance": 0}
        demo_staff = session.scalar(select(func.count()).select_from(Staff)) - built.counts["staff added"]
        for term in all_terms:
            if term.is_current:
                for key, value in events.grow_programme(rows, rng, term, school, demo_staff).items():
                    totals[key] += value
            totals["logs"] += pairings.add_pairings(rows, rng, term, members, scale, admin.id)
            made, feedback = lessons.add_lessons(rows, rng, term, members, rooms[term.id])
            totals["lessons"] += made
            totals["feedback"] += feedback
            for key, value in events.add_events(rows, rng, term, school, scale, admin).items():
                totals[key] += value
            rows.flush()
        built.counts.update({f"{key} added": value for key, value in totals.items()})
        lap(f"{len(all_terms)} semesters of pairings, lessons, events")

        team_ids = [gid for gid, _name, kind in groups if kind == "arts"]
        built.counts["awards added"] = honours.add_honours(rows, rng, members, team_ids, scale, admin.id,
                                                           range(terms.FIRST_YEAR, 2027))
        session.commit()
        lap("honours, commit")
        built.counts["semesters"] = len(all_terms)
        built.counts["staff"] = session.scalar(select(func.count()).select_from(Staff))
        built.counts["rows written in bulk"] = sum(rows.written.values())
        db.engine.dispose()
    return built
