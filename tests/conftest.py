"""Fixtures: a fresh database per test (SQLite by default, PostgreSQL when TEST_DATABASE_URL is set),
a client, logging in as someone, factories that make rows with sensible defaults, and a query counter."""
from __future__ import annotations

import itertools
import os
import re
from contextlib import contextmanager
from datetime import date

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import event, text

from app import create_app, db

TEST_PASSWORD = "correct-horse-42"
_schema_ready: set[str] = set()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return os.environ.get("TEST_DATABASE_URL") or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _empty_all_tables() -> None:
    # data_version keeps its one row (core.freshness): its number only ever grows, and each app caches afresh.
    tables = [table for table in reversed(db.metadata.sorted_tables) if table.name != "data_version"]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{table.name}"' for table in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(request, database_url, tmp_path):
    """The app on an empty database; CSRF is on only for tests marked `csrf`."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": request.node.get_closest_marker("csrf") is not None,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "SECRET_KEY": "test-secret",
    }
    # Each test gets its own instance folder (seal, job PDFs), so nothing one test stores is seen by another.
    previous_instance = os.environ.get("QCBD_INSTANCE")
    os.environ["QCBD_INSTANCE"] = str(tmp_path / "instance")
    application = create_app(config)
    with application.app_context():
        if database_url not in _schema_ready:
            db.drop_all()
            db.create_all()
            _schema_ready.add(database_url)
        yield application
        db.session.remove()
        _empty_all_tables()
        db.session.remove()
        db.engine.dispose()
    if previous_instance is None:
        os.environ.pop("QCBD_INSTANCE", None)
    else:
        os.environ["QCBD_INSTANCE"] = previous_instance


class PerRequestGlobalsClient(FlaskClient):
    """The test keeps one app context open, which Flask reuses for each request; a real server gives every
    request a fresh `g`. Clearing it before each request keeps per-request caches from leaking between them."""

    def open(self, *args, **kwargs):
        for name in list(g):
            g.pop(name)
        return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = PerRequestGlobalsClient
    return app.test_client()


_numbers = itertools.count(1)
_NAMES = ["张三", "李四", "王芳", "刘洋", "陈静", "杨帆", "赵敏", "黄磊", "周婷", "吴昊", "徐丽", "孙涛"]


@pytest.fixture
def make_staff(app):
    """Return a callable that creates a staff member who can log in with TEST_PASSWORD."""
    from blueprints.accounts.models import Staff
    from blueprints.accounts.passwords import hash_password

    password_hash = hash_password(TEST_PASSWORD)

    def make(**fields) -> Staff:
        number = next(_numbers)
        values = {
            "staff_no": f"S{number:04d}",
            "name": _NAMES[number % len(_NAMES)] + str(number),
            "gender": "F",
            "subject": "语文",
            "title": "一级教师",
            "role": "teacher",
            "password_hash": password_hash,
            "must_change_password": False,
        }
        values.update(fields)
        staff = Staff(**values)
        db.session.add(staff)
        db.session.commit()
        return staff

    return make


@pytest.fixture
def make_group(app):
    from blueprints.accounts.models import Group, Membership

    def make(name: str = "妇委会", kind: str = "women", leaders=(), members=()) -> Group:
        group = Group(name=name, kind=kind)
        db.session.add(group)
        for person in leaders:
            db.session.add(Membership(group=group, staff=person, is_leader=True))
        for person in members:
            db.session.add(Membership(group=group, staff=person, is_leader=False))
        db.session.commit()
        return group

    return make


@pytest.fixture
def make_semester(app):
    from blueprints.accounts.models import Semester

    def make(name="2026-2027学年第一学期", start=date(2026, 9, 1), end=date(2027, 1, 22), current=True) -> Semester:
        semester = Semester(name=name, start_date=start, end_date=end, is_current=current)
        db.session.add(semester)
        db.session.commit()
        return semester

    return make


@pytest.fixture
def admin(make_staff):
    return make_staff(name="管理员", role="admin", staff_no="A0001")


@pytest.fixture
def teacher(make_staff):
    return make_staff(name="张三", staff_no="T0100")


def csrf_token_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'"X-CSRFToken": "([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def login_as(client):
    """Return a callable that logs the client in as a person through the real login form."""

    def login(person, password: str = TEST_PASSWORD):
        data = {"staff_no": person.staff_no, "password": password}
        if client.application.config["WTF_CSRF_ENABLED"]:
            data["csrf_token"] = csrf_token_from(client.get("/login").get_data(as_text=True))
        response = client.post("/login", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return client

    return login


@pytest.fixture
def count_queries(app):
    """Context manager that counts SQL statements sent while it is open."""

    @contextmanager
    def counting():
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", record)

    return counting
