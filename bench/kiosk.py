"""Measure kiosk sign-in: 20 kiosks at once against the app served by gunicorn, on SQLite, on 127.0.0.1.

Run by hand: `.venv/bin/python bench/kiosk.py [--kiosks 20] [--people 1200] [--workers 4] [--threads 1]`.
Builds the demo school plus extra staff in a temporary SQLite database, opens one event under way with
one kiosk per tablet, starts gunicorn, and lets every tablet scan its share of people as fast as the
answers come back, like a queue at the door. Each tablet keeps its own session (cookie) and sends the
page's CSRF token, a fresh one-time key per scan, and now and then a retry of its last request (same key)
and a scan of someone already signed in at another tablet. Prints sign-ins per second, requests per
second and latency percentiles, then checks that every person has exactly one attendance row.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # the repository, not bench/

from sqlalchemy import func, select  # noqa: E402

from app import create_app, db  # noqa: E402
from bench import report  # noqa: E402


def prepare(database: Path, instance: Path, extra_people: int, kiosks: int) -> tuple[list[str], list[str]]:
    """The school, `extra_people` more staff, codes for all, an event under way now, and the kiosks' tokens."""
    from blueprints.accounts.models import Group, Staff
    from blueprints.core.clock import now_utc
    from blueprints.events.models import Event
    from blueprints.events.registration import register
    from blueprints.kiosk.codes import new_code
    from blueprints.kiosk.models import SignInCode
    from blueprints.kiosk.services import open_kiosk
    from demo.school import build_school

    os.environ["QCBD_INSTANCE"] = str(instance)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        build_school(db.session)
        db.session.add_all(Staff(staff_no=f"B{i:05d}", name=f"测试{i:05d}", gender="F") for i in range(extra_people))
        db.session.flush()
        staff = list(db.session.scalars(select(Staff).order_by(Staff.id)))
        now = now_utc()
        codes = {s.id: new_code() for s in staff}
        db.session.add_all(SignInCode(staff_id=s.id, code=codes[s.id], issued_at=now) for s in staff)
        group = db.session.scalars(select(Group)).first()
        admin = next(s for s in staff if s.is_admin)
        event = Event(kind="growth_salon", group_id=group.id, title="压力测试沙龙", place="学术报告厅",
                      starts_at=now - timedelta(minutes=10), ends_at=now + timedelta(hours=3), walk_ins_allowed=True)
        db.session.add(event)
        db.session.flush()
        for person in staff[: len(staff) // 2]:
            register(event, person, now - timedelta(days=1), by=admin)
        tokens = [open_kiosk(event, label=f"门口 {i + 1} 号", opens_minutes_before=60, closes_minutes_after=30,
                             by=admin, now=now).token for i in range(kiosks)]
        db.session.commit()
        return tokens, [codes[s.id] for s in staff]


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(database: Path, instance: Path, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    """gunicorn serving wsgi:app on the bench database, once it answers /healthz."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "QCBD_INSTANCE": str(instance)}
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1).read()
            return process, base
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


class Tablet:
    """One kiosk tablet: its own cookies and CSRF token, scanning codes one after the other."""

    def __init__(self, base: str, token: str):
        self.url = f"{base}/kiosk/k/{token}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        page = self.opener.open(self.url, timeout=10).read().decode()
        self.csrf = re.search(r'data-csrf="([^"]+)"', page).group(1)
        self.latencies: list[float] = []
        self.outcomes: dict[str, int] = {}
        self.errors = 0

    def post(self, data: dict) -> None:
        """One sign-in request, timed; the answer's outcome is counted."""
        body = urllib.parse.urlencode(data).encode()
        request = urllib.request.Request(self.url + "/sign-in", body, headers={"X-CSRFToken": self.csrf})
        began = time.perf_counter()
        try:
            html = self.opener.open(request, timeout=30).read().decode()
        except urllib.error.URLError:
            self.errors += 1
            return
        self.latencies.append(time.perf_counter() - began)
        outcome = re.search(r'data-outcome="(\w+)"', html).group(1)
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def run(self, codes: list[str], start: threading.Barrier, rng: random.Random) -> None:
        """Scan every code in turn as soon as the previous answer is back."""
        start.wait()
        last = None
        for i, code in enumerate(codes):
            data = {"code": code, "key": uuid.uuid4().hex}
            self.post(data)
            if last is not None and rng.random() < 0.05:
                self.post(last)  # the tablet retries a request it did not hear back from
            if i % 20 == 19:
                self.opener.open(self.url + "/count", timeout=10).read()  # the live count polls now and then
            last = data


def main() -> None:
    """Prepare, serve, run the tablets, print the figures and the check."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--people", type=int, default=1200, help="staff besides the demo school's 146")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(2026)
    machine = report.machine()  # before the run: how busy the machine already was
    with tempfile.TemporaryDirectory() as tmp:
        database, instance = Path(tmp) / "bench.sqlite3", Path(tmp) / "instance"
        tokens, codes = prepare(database, instance, args.people, args.kiosks)
        process, base = start_gunicorn(database, instance, args.workers, args.threads)
        try:
            tablets = [Tablet(base, token) for token in tokens]
            shares: list[list[str]] = [[] for _ in tablets]
            for code in codes:
                shares[rng.randrange(len(tablets))].append(code)
            for code in rng.sample(codes, len(codes) // 10):  # someone scans again at another door
                shares[rng.randrange(len(tablets))].append(code)
            for share in shares:
                rng.shuffle(share)
            start = threading.Barrier(len(tablets) + 1)
            threads = [threading.Thread(target=t.run, args=(s, start, random.Random(i)))
                       for i, (t, s) in enumerate(zip(tablets, shares))]
            for thread in threads:
                thread.start()
            start.wait()
            began = time.perf_counter()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - began
        finally:
            process.terminate()
            process.wait(timeout=10)

        latencies = [x for t in tablets for x in t.latencies]
        outcomes: dict[str, int] = {}
        for tablet in tablets:
            for outcome, n in tablet.outcomes.items():
                outcomes[outcome] = outcomes.get(outcome, 0) + n
        rows, distinct = check(database, instance)
        q = report.percentiles_ms(latencies)
        report.title(f"bench/kiosk.py · kiosk sign-in · {args.kiosks} kiosks at once")
        report.note(f"machine: {machine}")
        report.note(f"server: gunicorn {args.workers} workers × {args.threads} threads, SQLite; {len(codes)} people "
                    f"(demo school + {args.people}), one event under way, half of them registered")
        report.note("load: one thread per kiosk with its own session and CSRF token, scanning as fast as answers "
                    "come back; 5 % retries of the last request (same key), 10 % scans of people already signed in")
        table = report.Table(report.Column("request", 28), report.Column("count", 6, "d"), report.Column("req/s", 7, ".1f"),
                             report.Column("p50 ms", 7, ".1f"), report.Column("p95 ms", 7, ".1f"),
                             report.Column("p99 ms", 7, ".1f"), report.Column("max ms", 7, ".1f"),
                             report.Column("errors", 6, "d"))
        table.row("sign-in POST", len(latencies), len(latencies) / elapsed, q["p50"], q["p95"], q["p99"], q["max"],
                  sum(t.errors for t in tablets))
        report.note(f"new sign-ins: {rows} in {elapsed:.2f} s ({rows / elapsed:.1f} per second); answers (retries "
                    "included): " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
        report.target("one attendance row per person, none lost", f"rows {rows}, people {distinct}, codes {len(codes)}",
                      rows == distinct == len(codes))


def check(database: Path, instance: Path) -> tuple[int, int]:
    """(attendance rows, distinct people signed in) after the run."""
    from blueprints.events.models import Attendance

    os.environ["QCBD_INSTANCE"] = str(instance)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(Attendance))
        distinct = db.session.scalar(select(func.count(func.distinct(Attendance.staff_id))))
        db.engine.dispose()
        return rows, distinct


if __name__ == "__main__":
    main()
