"""Many people take the last seats at the same moment: exactly the free seats are taken, never more.

Each thread has its own app context and so its own session and connection, as concurrent requests do.
Runs on the SQLite file database and, with TEST_DATABASE_URL (scripts/test.sh), on PostgreSQL."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Staff
from blueprints.open_lessons.models import CONFIRMED, LessonObserver, OpenLesson
from blueprints.open_lessons.services import RuleBroken, sign_up
from tests.conftest import TEST_PASSWORD
from tests.test_open_lessons_fixtures import NOW, clock, lesson_school, make_lesson  # noqa: F401

RACERS = 12


def _confirmed(lesson_id: int) -> int:
    return db.session.scalar(
        select(func.count()).where(LessonObserver.lesson_id == lesson_id, LessonObserver.status == CONFIRMED)
    )


def _race(workers, prepare=None) -> list:
    """Run every worker in its own thread, all starting at the same instant (after `prepare`, if given,
    has run in that thread); return what each returned (or raised)."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(index, work):
        try:
            state = prepare(index) if prepare else None
            barrier.wait()
            results[index] = work(state) if prepare else work()
        except Exception as error:  # noqa: BLE001 - the test inspects every outcome
            barrier.abort()
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_racing_sign_ups_take_exactly_the_last_seats(app, make_lesson, make_staff):
    lesson = make_lesson(room="录播教室", observers=[make_staff() for _ in range(4)])  # 6 seats, 2 free
    racers = [make_staff().id for _ in range(RACERS)]
    lesson_id = lesson.id

    def take_seat(person_id):
        def work():
            with app.app_context():
                try:
                    sign_up(db.session.get(OpenLesson, lesson_id), db.session.get(Staff, person_id), now=NOW)
                    db.session.commit()
                    return "seat"
                except RuleBroken as error:
                    db.session.rollback()
                    return error.message
                finally:
                    db.session.remove()
        return work

    results = _race([take_seat(pid) for pid in racers])
    assert results.count("seat") == 2, results
    assert all(r == "seat" or "座位已满" in str(r) for r in results), results
    db.session.expire_all()
    assert _confirmed(lesson_id) == 6


def test_racing_sign_up_requests_take_exactly_the_last_seats(app, clock, make_lesson, make_staff):
    lesson = make_lesson(room="科学实验室")  # 2 seats
    numbers = [make_staff().staff_no for _ in range(8)]
    url = f"/open-lessons/{lesson.id}/signup"

    def log_in(index):
        # Each thread logs in its own client (a client's cookies stay with the thread that received them).
        client = app.test_client()
        assert client.post("/login", data={"staff_no": numbers[index], "password": TEST_PASSWORD}).status_code == 303
        return client

    def post(client):
        return client.post(url, headers={"HX-Request": "true"})

    responses = _race([post] * len(numbers), prepare=log_in)
    assert all(getattr(r, "status_code", None) == 200 for r in responses), responses
    bodies = [r.get_data(as_text=True) for r in responses]
    assert sum("已报名" in body for body in bodies) == 2, bodies
    assert sum("座位已满" in body for body in bodies) == 6, bodies
    db.session.expire_all()
    assert _confirmed(lesson.id) == 2
