"""Many people tap "报名" for the last seats at the same moment: capacity holds, first come first served.

Each thread has its own app context and so its own session and connection, as concurrent requests do.
Runs on the SQLite file database, and on PostgreSQL when TEST_DATABASE_URL is set (scripts/test.sh).
"""
from __future__ import annotations

import threading
from datetime import timedelta

from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff
from blueprints.events.models import Event, Registration
from blueprints.events.registration import register, withdraw
from tests.test_events_support import NOW, make_event  # noqa: F401  (fixture)

RACERS = 12


def _race(app, event_id: int, staff_ids: list[int], action) -> list[BaseException]:
    """Run `action(event, person)` for every person at once, each in its own thread and session, and commit."""
    start = threading.Barrier(len(staff_ids))
    errors: list[BaseException] = []

    def run(staff_id: int) -> None:
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                person = db.session.get(Staff, staff_id)
                start.wait(timeout=30)
                action(event, person)
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 — reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(staff_id,)) for staff_id in staff_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def _rows(event_id: int) -> list[Registration]:
    db.session.expire_all()
    return list(db.session.scalars(
        select(Registration).where(Registration.event_id == event_id).order_by(Registration.queued_at, Registration.id)
    ))


def test_racing_for_the_last_seats_registers_exactly_the_capacity(app, make_event, make_staff):
    event = make_event(capacity=5)
    early = [make_staff() for _ in range(2)]
    for person in early:
        register(event, person, NOW)
    db.session.commit()
    racers = [make_staff().id for _ in range(RACERS)]

    errors = _race(app, event.id, racers, lambda e, p: register(e, p, NOW + timedelta(minutes=1)))

    assert errors == []
    rows = [r for r in _rows(event.id) if r.staff_id in racers]
    registered = [r for r in rows if r.status == "registered"]
    waiting = [r for r in rows if r.status == "waitlisted"]
    assert len(registered) == 3 and len(waiting) == RACERS - 3
    # Arrival order is the order the lock was granted, which is the order rows were written:
    # everyone who got a seat came before everyone who waits.
    assert max(r.id for r in registered) < min(r.id for r in waiting)


def test_the_same_person_tapping_twice_at_once_registers_once(app, make_event, make_staff):
    event = make_event(capacity=3)
    person = make_staff()
    errors = _race(app, event.id, [person.id] * 6, lambda e, p: register(e, p, NOW))
    assert errors == []
    assert [r.status for r in _rows(event.id)] == ["registered"]


def test_simultaneous_cancellations_promote_exactly_as_many_waiting_people(app, make_event, make_staff):
    event = make_event(capacity=4)
    seated = [make_staff() for _ in range(4)]
    waiting = [make_staff() for _ in range(6)]
    for i, person in enumerate(seated + waiting):
        register(event, person, NOW + timedelta(seconds=i))
    db.session.commit()

    errors = _race(app, event.id, [p.id for p in seated[:3]], lambda e, p: withdraw(e, p, NOW + timedelta(hours=1)))

    assert errors == []
    statuses = {r.staff_id: r.status for r in _rows(event.id)}
    assert [statuses[p.id] for p in waiting] == ["registered"] * 3 + ["waitlisted"] * 3
    assert list(statuses.values()).count("registered") == 4
