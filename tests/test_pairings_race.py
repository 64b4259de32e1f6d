"""Two coordinators pair the same newcomer at the same moment: the database lets exactly one through."""
from __future__ import annotations

import threading

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.pairings import services
from blueprints.pairings.models import Pairing
from tests.test_pairings_support import NOW, fixed_today, make_mentor, make_newcomer, newcomer, semester  # noqa: F401


def test_two_coordinators_pairing_one_newcomer_at_once_only_one_succeeds(app, admin, semester, make_mentor, newcomer, monkeypatch):
    ids = {"semester": semester.id, "apprentice": newcomer.id, "actor": admin.id,
           "mentors": [make_mentor(name="谢丽娟").id, make_mentor(name="叶志明").id]}
    barrier = threading.Barrier(2)
    original_check = services.open_pairing_of

    def check_then_wait(*args):
        # Both threads pass the "has no mentor yet" check before either inserts: only the index can stop the second.
        found = original_check(*args)
        barrier.wait(timeout=10)
        return found

    monkeypatch.setattr(services, "open_pairing_of", check_then_wait)
    outcomes: list[str] = []

    def pair(mentor_id: int) -> None:
        with app.app_context():
            try:
                services.create_pairing(
                    db.session.get(Semester, ids["semester"]),
                    db.session.get(Staff, mentor_id),
                    db.session.get(Staff, ids["apprentice"]),
                    actor=db.session.get(Staff, ids["actor"]),
                    now=NOW,
                )
                db.session.commit()
                outcomes.append("paired")
            except IntegrityError:
                db.session.rollback()
                outcomes.append("refused by the database")
            except Exception as error:  # anything else is a failure of the test, reported below
                db.session.rollback()
                outcomes.append(f"unexpected {type(error).__name__}: {error}")

    threads = [threading.Thread(target=pair, args=(mentor_id,)) for mentor_id in ids["mentors"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["paired", "refused by the database"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Pairing).where(Pairing.apprentice_id == ids["apprentice"])) == 1
