"""Measure the staff search and the pages every user opens, on the demo school (146 staff).

Run by hand: `.venv/bin/python bench/staff_search.py [--requests 400] [--threads 4]`.
Prints requests per second and latency percentiles per URL. Serves on 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import os
import http.cookiejar
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # the repository, not bench/

import logging  # noqa: E402

from werkzeug.serving import make_server  # noqa: E402

from app import create_app, db  # noqa: E402
from bench import report  # noqa: E402
from demo.school import build_school  # noqa: E402

URLS = ["/", "/staff/", "/staff/?q=zs", "/staff/?q=cheng", "/search/colleagues?q=wl", "/groups/"]


def start_server(tmp: Path):
    """The demo school in a temporary database, served by werkzeug's threaded server on 127.0.0.1."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request would drown the figures
    os.environ["QCBD_INSTANCE"] = str(tmp / "instance")  # the secret key and such stay out of the checkout
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'bench.sqlite3'}", "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.create_all()
        build_school(db.session)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def logged_in_opener(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    body = urllib.parse.urlencode({"staff_no": "T0001", "password": "tiandi2026"}).encode()
    opener.open(base + "/login", body, timeout=10).read()
    return opener


def measure(base: str, path: str, requests: int, threads: int) -> tuple[float, list[float]]:
    openers = [logged_in_opener(base) for _ in range(threads)]
    latencies: list[float] = []

    def worker(index: int) -> None:
        opener = openers[index % threads]
        start = time.perf_counter()
        with opener.open(base + urllib.parse.quote(path, safe="/?=&"), timeout=10) as response:
            response.read()
            assert response.status == 200, response.status
        latencies.append(time.perf_counter() - start)

    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(worker, range(requests)))
    return requests / (time.perf_counter() - began), latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server, base = start_server(Path(tmp))
        try:
            report.title("bench/staff_search.py · staff search and everyday pages · demo school (146 staff)")
            report.note(f"machine: {report.machine()}")
            report.note(f"server: werkzeug's threaded server in this process, SQLite; logged in as T0001; "
                        f"{args.requests} requests per URL from {args.threads} client threads (urllib)")
            table = report.Table(report.Column("url", 32), report.Column("req/s", 7, ".1f"),
                                 report.Column("p50 ms", 7, ".1f"), report.Column("p95 ms", 7, ".1f"),
                                 report.Column("p99 ms", 7, ".1f"))
            for path in URLS:
                rate, latencies = measure(base, path, args.requests, args.threads)
                q = report.percentiles_ms(latencies)
                table.row(path, rate, q["p50"], q["p95"], q["p99"])
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
