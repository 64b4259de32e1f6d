"""Measure the open-lesson pages on the demo semester (about a hundred lessons), and a sign-up race.

Run by hand: `.venv/bin/python bench/open_lessons.py [--requests 200] [--threads 4] [--racers 40]`.
Prints queries per page, requests per second and latency percentiles, then how many of the racers got
the seats of one lesson (it must equal the seats). Serves on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, not bench/

from sqlalchemy import event, func, select  # noqa: E402

from app import db  # noqa: E402
from bench import report  # noqa: E402
from bench.staff_search import measure, start_server  # noqa: E402

URLS = ["/", "/open-lessons/?scope=all", "/open-lessons/week?day=2026-11-30", "/open-lessons/compliance",
        "/open-lessons/compliance.xlsx", "/open-lessons/1"]


def seed_lessons(app) -> None:
    from demo.seed_20_open_lessons import seed

    with app.app_context():
        seed(db.session)
        db.session.commit()


def count_queries(app, path: str) -> int:
    client = app.test_client()
    client.post("/login", data={"staff_no": "T0001", "password": "tiandi2026"})
    client.get(path)
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def race(app, base: str, racers: int) -> tuple[int, int, float]:
    """`racers` colleagues post a sign-up for one upcoming lesson at the same moment: (seats, taken, seconds)."""
    from blueprints.accounts.models import Staff
    from blueprints.open_lessons.models import CONFIRMED, LessonObserver, OpenLesson

    with app.app_context():
        lesson = db.session.scalars(select(OpenLesson).where(OpenLesson.lesson_date > func.date("2026-12-10"))
                                    .order_by(OpenLesson.seats)).first()
        taken_before = db.session.scalar(select(func.count()).where(LessonObserver.lesson_id == lesson.id,
                                                                    LessonObserver.status == CONFIRMED))
        busy = set(db.session.scalars(select(LessonObserver.staff_id).where(LessonObserver.lesson_id == lesson.id)))
        numbers = [s.staff_no for s in db.session.scalars(select(Staff).order_by(Staff.staff_no))
                   if s.id not in busy and s.id != lesson.teacher_id and s.role != "admin"][:racers]
        lesson_id, seats = lesson.id, lesson.seats
    openers = [logged_in_opener_for(base, number) for number in numbers]
    barrier = threading.Barrier(len(openers))

    def post(opener):
        barrier.wait()
        opener.open(f"{base}/open-lessons/{lesson_id}/signup", b"", timeout=30).read()

    began = time.perf_counter()
    threads = [threading.Thread(target=post, args=(o,)) for o in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    with app.app_context():
        taken = db.session.scalar(select(func.count()).where(LessonObserver.lesson_id == lesson_id,
                                                             LessonObserver.status == CONFIRMED))
    return seats - taken_before, taken - taken_before, elapsed


def logged_in_opener_for(base: str, staff_no: str):
    import http.cookiejar
    import urllib.parse
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    body = urllib.parse.urlencode({"staff_no": staff_no, "password": "tiandi2026"}).encode()
    opener.open(base + "/login", body, timeout=10).read()
    return opener


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--racers", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = start_server(Path(tmp))
        app = server.app
        seed_lessons(app)
        try:
            report.title("bench/open_lessons.py · open-lesson pages and the race for the last seats · demo semester")
            report.note(f"machine: {report.machine()}")
            report.note(f"server: werkzeug's threaded server in this process, SQLite; logged in as T0001; "
                        f"{args.requests} requests per URL from {args.threads} client threads (urllib)")
            table = report.Table(report.Column("url", 36), report.Column("queries", 7, "d"),
                                 report.Column("req/s", 7, ".1f"), report.Column("p50 ms", 7, ".1f"),
                                 report.Column("p95 ms", 7, ".1f"), report.Column("p99 ms", 7, ".1f"))
            for path in URLS:
                queries = count_queries(app, path)
                rate, latencies = measure(base, path, args.requests, args.threads)
                q = report.percentiles_ms(latencies)
                table.row(path, queries, rate, q["p50"], q["p95"], q["p99"])
            free, taken, seconds = race(app, base, args.racers)
            report.note(f"sign-up race: {args.racers} colleagues post at once for one lesson with {free} free seats; "
                        f"{taken} got one in {seconds:.2f} s")
            report.target("the race fills exactly the free seats", f"{taken} of {free}", free == taken)
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
