"""Backup while the app writes, restore into a fresh file, and every row committed before the backup
started is there; restore refuses while the database is in use, and refuses files that are not backups."""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from app import create_app, db
from blueprints.audit.models import AuditEntry



@pytest.fixture
def sqlite_app(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite backup; PostgreSQL deployments use pg_dump")
    return app


def _writer(app, committed: list[int], stop: threading.Event) -> None:
    """Another 'request' committing one row after another on its own connection."""
    with app.app_context():
        n = 0
        while not stop.is_set():
            n += 1
            entry = AuditEntry(at=datetime(2026, 11, 25, 2, 0), action="load.test", summary=f"row {n}", changes={})
            db.session.add(entry)
            db.session.commit()
            committed.append(entry.id)
        db.session.remove()


def test_backup_under_write_load_keeps_every_committed_row(sqlite_app, tmp_path):
    committed: list[int] = []
    stop = threading.Event()
    thread = threading.Thread(target=_writer, args=(sqlite_app, committed, stop))
    thread.start()
    try:
        while len(committed) < 50:
            time.sleep(0.01)
        before = list(committed)  # every id here was committed before the backup started
        result = sqlite_app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "copy.sqlite3")])
        assert result.exit_code == 0, result.output
        time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert len(committed) > len(before)  # the writer really kept writing during the backup

    fresh = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite3'}", "TESTING": True})
    with fresh.app_context():  # the CLI uses the app whose context is current
        result = fresh.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(tmp_path / "copy.sqlite3")])
        assert result.exit_code == 0, result.output
        restored = set(db.session.scalars(select(AuditEntry.id).where(AuditEntry.action == "load.test")))
        db.session.remove()
        db.engine.dispose()
    assert set(before) <= restored


def test_backup_never_overwrites_a_file(sqlite_app, tmp_path):
    target = tmp_path / "exists.sqlite3"
    target.write_bytes(b"keep me")
    result = sqlite_app.test_cli_runner().invoke(args=["backup", "create", str(target)])
    assert result.exit_code != 0 and "已存在" in result.output
    assert target.read_bytes() == b"keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(sqlite_app, tmp_path):
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    result = sqlite_app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(junk)])
    assert result.exit_code != 0 and "不是" in result.output
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = sqlite_app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(other)])
    assert result.exit_code != 0 and "不是青春帮带的备份" in result.output


def test_restore_refuses_while_the_database_is_in_use(sqlite_app, tmp_path):
    copy = tmp_path / "copy.sqlite3"
    assert sqlite_app.test_cli_runner().invoke(args=["backup", "create", str(copy)]).exit_code == 0
    live = db.engine.url.database
    holder = sqlite3.connect(live, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the running app in the middle of a write
    try:
        result = sqlite_app.test_cli_runner().invoke(args=["backup", "restore", "--yes", str(copy)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code != 0 and "请先停止应用" in result.output


def test_on_postgresql_the_commands_point_to_pg_dump(app, tmp_path):
    if db.engine.dialect.name == "sqlite":
        pytest.skip("PostgreSQL only")
    result = app.test_cli_runner().invoke(args=["backup", "create", str(tmp_path / "x.sqlite3")])
    assert result.exit_code != 0 and "pg_dump" in result.output
