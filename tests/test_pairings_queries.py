"""The board and a pairing's page run a fixed number of queries, however many pairings, logs and awards there are."""
from __future__ import annotations

from datetime import date, timedelta

from app import db
from blueprints.honours.models import Award
from tests.test_pairings_support import (  # noqa: F401  (fixtures)
    fixed_today, make_log, make_mentor, make_newcomer, make_pairing, semester,
)


def _board_queries(client, count_queries) -> int:
    client.get("/pairings/")  # warm: the same cold/warm state for both measurements
    with count_queries() as statements:
        assert client.get("/pairings/").status_code == 200
    return len(statements)


def test_board_queries_do_not_grow_with_pairings_or_newcomers(client, login_as, admin, make_pairing, make_mentor, make_newcomer, make_log, count_queries):
    login_as(admin)

    def add(pairs: int, lacking: int) -> None:
        for _ in range(pairs):
            pairing = make_pairing(make_mentor(), make_newcomer())
            make_log(pairing)
            make_log(pairing, confirmed=False)
        for _ in range(lacking):
            make_newcomer()

    add(pairs=1, lacking=1)
    few = _board_queries(client, count_queries)
    add(pairs=6, lacking=4)
    many = _board_queries(client, count_queries)
    assert many == few, f"{few} queries with 1 pairing, {many} with 7"


def _page_queries(client, count_queries, pairing_id: int) -> int:
    client.get(f"/pairings/{pairing_id}")
    with count_queries() as statements:
        assert client.get(f"/pairings/{pairing_id}").status_code == 200
    return len(statements)


def test_pairing_page_queries_do_not_grow_with_logs_or_awards(client, login_as, admin, make_pairing, make_mentor, make_newcomer, make_log, count_queries):
    # Both have at least one of everything, so optional eager loads run for both; only the numbers differ.
    small = make_pairing(make_mentor(), make_newcomer())
    big = make_pairing(make_mentor(), make_newcomer())
    make_log(small)
    make_log(small, side="apprentice", kind="observe_mentor", confirmed=False)
    for day in range(20):
        make_log(big, side="mentor" if day % 2 else "apprentice", kind="talk" if day % 2 else "observe_mentor",
                 held_on=date(2026, 9, 7) + timedelta(days=3 * day), confirmed=day % 3 != 0)
    db.session.add(Award(staff_id=small.apprentice_id, title="比赛", level="校", grade="二等奖",
                         awarded_on=date(2026, 10, 1), pairing_id=small.id, created_by_id=admin.id))
    for n in range(3):
        db.session.add(Award(staff_id=big.apprentice_id, title=f"比赛{n}", level="县", grade="一等奖",
                             awarded_on=date(2026, 10, 1 + n), pairing_id=big.id, created_by_id=admin.id))
    db.session.commit()
    login_as(admin)
    assert _page_queries(client, count_queries, big.id) == _page_queries(client, count_queries, small.id)
