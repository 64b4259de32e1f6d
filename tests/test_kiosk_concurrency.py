"""Several kiosks sign in hundreds of people at once: nobody is lost, nobody is doubled.

Every request goes through the real views with its own test client; each runs in its own thread and so
its own app context, session and database connection, as concurrent requests to a server do.
Runs on the SQLite file database, and on PostgreSQL when TEST_DATABASE_URL is set (scripts/test.sh).
"""
from __future__ import annotations

import random
import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import db
from blueprints.events.models import Attendance
from blueprints.kiosk.codes import ensure_codes
from blueprints.kiosk.models import ALREADY, OK, KioskRequest
from tests.test_kiosk_support import NOW, event_now, fixed_now, make_event, make_kiosk, new_key  # noqa: F401

PEOPLE = 240
KIOSKS = 4
WORKERS = 8


def _people_with_codes(make_staff, n: int) -> list[tuple[int, str]]:
    people = [make_staff() for _ in range(n)]
    codes = ensure_codes(people, NOW)
    db.session.commit()
    return [(p.id, codes[p.id].code) for p in people]


def _post(app, url: str, data: dict) -> tuple[int, str, str]:
    response = FlaskClient(app, app.response_class, use_cookies=True).post(url, data=data)
    return response.status_code, response.get_data(as_text=True), response.headers.get("X-Kiosk-Replayed", "")


def _outcome(html: str) -> tuple[str, str]:
    match = re.search(r'data-outcome="(\w+)" data-request="(\d+)"', html)
    assert match, html[:300]
    return match.group(1), match.group(2)


def test_kiosks_sign_in_hundreds_in_parallel_each_person_once(app, fixed_now, event_now, make_kiosk, make_staff):
    people = _people_with_codes(make_staff, PEOPLE)
    tokens = [make_kiosk(event_now, label=f"门口 {i + 1} 号").token for i in range(KIOSKS)]
    rng = random.Random(7)
    jobs = []
    for i, (staff_id, code) in enumerate(people):
        first, second = rng.sample(tokens, 2)  # every person is scanned at two kiosks
        jobs.append((first, {"code": code, "key": new_key()}))
        jobs.append((second, {"staff_id": staff_id, "key": new_key()} if i % 3 else {"code": code, "key": new_key()}))
        if i % 8 == 0:
            jobs.append((first, dict(jobs[-2][1])))  # and some requests are retried with their key
    rng.shuffle(jobs)

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda job: _post(app, f"/kiosk/k/{job[0]}/sign-in", job[1]), jobs))

    assert [status for status, _, _ in results] == [200] * len(jobs)
    answers = {_outcome(html) for _, html, _ in results}  # a retried key is answered with its first answer
    outcomes = Counter(outcome for outcome, _ in answers)
    assert outcomes[OK] == PEOPLE and set(outcomes) == {OK, ALREADY}
    assert sum(replayed == "1" for _, _, replayed in results) == len(jobs) - len(answers)
    db.session.expire_all()
    rows = db.session.execute(
        select(Attendance.staff_id, func.count()).where(Attendance.event_id == event_now.id).group_by(Attendance.staff_id)
    ).all()
    assert len(rows) == PEOPLE and all(count == 1 for _, count in rows)
    assert db.session.scalar(select(func.count()).select_from(KioskRequest)) == len({j[1]["key"] for j in jobs})
    assert db.session.scalar(select(func.count()).select_from(KioskRequest).where(KioskRequest.outcome == OK)) == PEOPLE


def _at_once(app, requests: list[tuple[str, dict]]) -> list[tuple[int, str, str]]:
    """Send the requests at the same moment, one thread each."""
    start = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index: int) -> None:
        start.wait(timeout=30)
        results[index] = _post(app, *requests[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_the_same_person_at_two_kiosks_at_once_is_signed_in_once(app, fixed_now, event_now, make_kiosk, make_staff):
    people = _people_with_codes(make_staff, 12)
    door, hall = make_kiosk(event_now).token, make_kiosk(event_now, label="门口 2 号").token
    for _, code in people:
        results = _at_once(app, [(f"/kiosk/k/{door}/sign-in", {"code": code, "key": new_key()}),
                                 (f"/kiosk/k/{hall}/sign-in", {"code": code, "key": new_key()})])
        assert sorted(_outcome(html)[0] for _, html, _ in results) == [ALREADY, OK]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == len(people)


def test_one_request_sent_twice_at_once_is_answered_once(app, fixed_now, event_now, make_kiosk, make_staff):
    people = _people_with_codes(make_staff, 12)
    token = make_kiosk(event_now).token
    for _, code in people:
        data = {"code": code, "key": new_key()}
        results = _at_once(app, [(f"/kiosk/k/{token}/sign-in", data)] * 3)
        answers = {_outcome(html) for _, html, _ in results}
        assert len(answers) == 1 and next(iter(answers))[0] == OK
        assert sorted(replayed for _, _, replayed in results) == ["0", "1", "1"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(KioskRequest)) == len(people)
    assert db.session.scalar(select(func.count()).select_from(Attendance)) == len(people)
