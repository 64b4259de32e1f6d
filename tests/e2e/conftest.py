"""Fixtures for browser journeys: the app served on a real port, driven by Debian's chromium.

Every test in this folder is marked ``e2e`` (``pytest -m "not e2e"`` leaves them out). They use
pytest-playwright's ``page`` fixture and ``live_server`` below:

    def test_login(page, live_server):
        with live_server.app.app_context():
            ...  # create the rows the journey needs
        page.goto(live_server.url + "/login")
"""
from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from app import create_app, db

CHROMIUM = "/usr/bin/chromium"
#: As root Chromium needs --no-sandbox; the other flags keep it off the (closed) network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent
#: The password the journeys give the people they create.
PASSWORD = "qingchun-2026"


def log_in(page, base: str, staff_no: str, password: str = PASSWORD) -> None:
    """Sign in through the login form as a person would (a sign-in before is forgotten), and land on the home page."""
    page.context.clear_cookies()
    page.goto(base + "/login")
    page.get_by_label("工号").fill(staff_no)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("您好")

# Two cores shared by a threaded dev server, PostgreSQL and Chromium: give a page more than the default
# 5 s to show what the journey waits for, so a busy machine does not fail a journey that works.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/e2e as ``e2e``."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's chromium headless; Playwright's own browser downloads are not used.

    Without chromium the journeys cannot run: they fail in CI and are skipped elsewhere.
    """
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/setup.sh --test)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@dataclass
class LiveServer:
    url: str
    app: Flask


@pytest.fixture
def live_server(tmp_path):
    """The app on a fresh, empty database, served by werkzeug on 127.0.0.1 and a free port.

    SQLite in a temporary file by default; with TEST_DATABASE_URL (the PostgreSQL pass of
    scripts/test.sh) a schema of its own in that database, dropped afterwards.
    """
    config = {
        "TESTING": True,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    pg_url = os.environ.get("TEST_DATABASE_URL")
    schema = None
    if pg_url and pg_url.startswith("postgresql://"):
        pg_url = "postgresql+psycopg://" + pg_url[len("postgresql://"):]
    if pg_url:
        schema = f"e2e_{uuid.uuid4().hex[:12]}"
        _run_sql(pg_url, f'CREATE SCHEMA "{schema}"')
        config["SQLALCHEMY_DATABASE_URI"] = pg_url
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c search_path={schema}"},
        }
    else:
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'e2e.sqlite3'}"

    app = create_app(config)
    with app.app_context():
        db.create_all()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live_server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if schema:
            _run_sql(pg_url, f'DROP SCHEMA "{schema}" CASCADE')


def _run_sql(url: str, statement: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()
