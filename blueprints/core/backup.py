"""`flask backup create PATH` and `flask backup restore PATH` for SQLite deployments.

create uses SQLite's online backup API: a consistent copy while the app keeps running and writing
(every transaction committed before the copy started is in it). restore replaces the live database
and refuses while another connection uses it: stop the app first. PostgreSQL: use pg_dump/pg_restore."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy.engine import make_url

from blueprints.core.clock import now_utc

backup_cli = AppGroup("backup", help="备份与恢复（SQLite）。")
#: Tables a real backup of this app has; a file without them is not one.
REQUIRED_TABLES = {"staff", "group", "semester"}


class BackupError(Exception):
    """A backup or restore that cannot be done safely, with the reason in Chinese."""


def sqlite_path() -> Path:
    """The live database file, or BackupError when the database is not SQLite."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("当前数据库不是 SQLite 文件。PostgreSQL 请使用 pg_dump / pg_restore（见 README）。")
    return Path(url.database)


def create_backup(target: Path) -> None:
    """Copy the live database into a new file, consistently, while the app keeps running."""
    source_path = sqlite_path()
    if target.exists():
        raise BackupError(f"{target} 已存在，不会覆盖，请换一个文件名。")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)  # copies a snapshot; concurrent writers simply continue
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        destination.close()
        source.close()


def check_backup(path: Path) -> None:
    """A readable SQLite file that passes the integrity check and holds this app's tables."""
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}。")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} 不是有效的 SQLite 备份：{error}") from error
    if ok != "ok":
        raise BackupError(f"备份文件已损坏（完整性检查：{ok}）。")
    if not REQUIRED_TABLES <= tables:
        raise BackupError("这个文件不是青春帮带的备份（缺少教职工等数据表）。")


def restore_backup(source: Path) -> Path | None:
    """Replace the live database with a backup; the current one is kept beside it first.

    Refuses when any other connection holds the database (the app still running): taking the write
    lock must succeed at once. Returns where the previous database was saved (None if there was none)."""
    check_backup(source)
    live = sqlite_path()
    saved = None
    if live.exists():
        _require_no_other_users(live)
        saved = live.with_name(f"{live.name}.before-restore-{now_utc():%Y%m%d%H%M%S}")
        create_backup(saved)
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(live, timeout=0)
    try:
        backup.backup(destination)
    except sqlite3.OperationalError as error:
        raise BackupError("数据库正在被使用，无法恢复。请先停止应用再恢复。") from error
    finally:
        destination.close()
        backup.close()
    return saved


def _require_no_other_users(live: Path) -> None:
    connection = sqlite3.connect(live, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN EXCLUSIVE")  # fails at once if anyone writes or holds a lock
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        raise BackupError("数据库正在被使用（应用可能仍在运行），请先停止应用再恢复。") from error
    finally:
        connection.close()


@backup_cli.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create_command(path: Path) -> None:
    """Write a consistent copy of the database to PATH (safe while the app runs)."""
    try:
        create_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"已备份到 {path}。")


@backup_cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="不再询问，直接恢复。")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH. Stop the app first."""
    if not yes:
        click.confirm("恢复会用备份替换当前全部数据。应用已停止了吗？确定恢复", abort=True)
    try:
        saved = restore_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    from app import db

    db.engine.dispose()  # no pooled connection may keep pages of the replaced database
    click.echo(f"已从 {path} 恢复。" + (f"原数据库已另存为 {saved}。" if saved else ""))
