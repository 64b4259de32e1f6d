"""A lean load generator for the page benchmarks: gunicorn started and stopped, logged-in users, and client
threads that each keep one HTTP/1.1 keep-alive connection (http.client) and fire GETs back to back, or each at
a person's pace (one request every so many seconds).

Why threads with http.client rather than requests or a process pool: on this 2-core machine every cycle the
client spends is a cycle the server does not get. A GET here costs the client well under a millisecond of CPU
(no cookie jar, no redirects, no parsing beyond reading the body), and the CPU time of the client and of the
server are measured and printed, so a starved server would show.
"""
from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn serving `app_path` on 127.0.0.1 with the given database and instance folder."""

    def __init__(self, app_path: str, database: Path, instance: Path, workers: int, threads: int):
        self.port = free_port()
        self.workers, self.threads = workers, threads
        self.worker_class = "gthread" if threads > 1 else "sync"
        # Idle connections are kept for 5 minutes: bench/pages.py leaves one size's clients waiting while it measures
        # the other's pages (half a minute and more), and a connection the server closed meanwhile would count as
        # an error on its next request.
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "QCBD_INSTANCE": str(instance)}
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", str(workers), "--threads", str(threads),
             "--worker-class", self.worker_class, "--keep-alive", "300", "--bind", f"127.0.0.1:{self.port}",
             "--log-level", "warning", app_path],
            cwd=ROOT, env=env,
        )
        for _ in range(300):
            try:
                status, _body, _headers = get(self.connection(), "/healthz", "")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("gunicorn did not start")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def describe(self) -> str:
        return f"gunicorn {self.workers} workers × {self.threads} threads ({self.worker_class}), keep-alive"

    def cpu_seconds(self) -> float:
        """CPU time used so far by the gunicorn master and its workers."""
        total = 0.0
        pids = [self.process.pid] + _children(self.process.pid)
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
            except OSError:
                pass
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(p) for p in children.read().split()]
    except OSError:
        return []


def get(connection: http.client.HTTPConnection, path: str, cookie: str) -> tuple[int, bytes, http.client.HTTPMessage]:
    """One GET on a kept-alive connection: status, body, headers."""
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = connection.getresponse()
    return response.status, response.read(), response.headers


def session_cookie(headers: http.client.HTTPMessage, current: str) -> str:
    """The session cookie a response sets, or the current one."""
    for value in headers.get_all("Set-Cookie") or []:
        if value.startswith("session="):
            return value.split(";", 1)[0]
    return current


def log_in(server: Server, staff_no: str, password: str) -> str:
    """Log in through the login form (with its CSRF token); the session cookie."""
    connection = server.connection()
    _status, body, headers = get(connection, "/login", "")
    cookie = session_cookie(headers, "")
    token = CSRF.search(body.decode()).group(1)
    form = urllib.parse.urlencode({"staff_no": staff_no, "password": password, "csrf_token": token, "next": ""})
    connection.request("POST", "/login", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    response.read()
    cookie = session_cookie(response.headers, cookie)
    if response.status not in (302, 303) or "/login" in (response.headers.get("Location") or ""):
        raise RuntimeError(f"login of {staff_no} failed: {response.status}")
    connection.close()
    return cookie


@dataclass
class Client:
    """One simulated user: a connection of its own and a session cookie."""

    server: Server
    cookie: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def __post_init__(self):
        self.connection = self.server.connection()

    def run(self, path: str, start: threading.Barrier, stop_at: list[float], interval: float = 0.0,
            offset: float = 0.0) -> None:
        """GET `path` again and again from the barrier until the shared deadline: back to back, or with `interval`
        one request every so many seconds (the first after `offset`), as a person at their own pace.

        Paced, a request that starts late because the previous one was slow is timed from when it was due, so a
        slow server cannot hide its queue by slowing the clients down (no coordinated omission)."""
        start.wait()
        deadline = stop_at[0]
        due = stop_at[1] + offset  # [deadline, the moment the phase began]
        while True:
            if interval:
                if due >= deadline:
                    return
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                began, due = min(due, time.perf_counter()), due + interval
            else:
                began = time.perf_counter()
            if began >= deadline:
                return
            try:
                status, _body, headers = get(self.connection, path, self.cookie)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                self.connection.close()
                continue
            self.latencies.append(time.perf_counter() - began)
            self.cookie = session_cookie(headers, self.cookie)
            if status != 200:
                self.errors += 1


@dataclass
class Phase:
    """The figures of one page under load."""

    latencies: list[float]
    seconds: float
    errors: int
    server_cpu: float
    client_cpu: float


def hammer(server: Server, clients: list[Client], path_of, seconds: float, interval: float = 0.0) -> Phase:
    """All clients on their page (path_of(client index)) for `seconds`; latencies and CPU used on both sides.

    interval 0: back to back (the server's capacity); else each client one request every `interval` seconds,
    the clients' first requests spread evenly over the first interval."""
    for client in clients:
        client.latencies, client.errors = [], 0
    start = threading.Barrier(len(clients) + 1)
    stop_at = [0.0, 0.0]
    threads = [threading.Thread(target=c.run, args=(path_of(i), start, stop_at, interval, interval * i / len(clients)))
               for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    server_before, client_before = server.cpu_seconds(), _own_cpu()
    began = time.perf_counter()
    stop_at[:] = [began + seconds, began]
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return Phase([x for c in clients for x in c.latencies], elapsed, sum(c.errors for c in clients),
                 (server.cpu_seconds() - server_before) / elapsed, (_own_cpu() - client_before) / elapsed)


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system
