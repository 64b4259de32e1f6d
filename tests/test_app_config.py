"""Configuration: where the database lives, the secret key kept across restarts, SQLite's settings."""
import pytest
from sqlalchemy import text

from app import _database_url, create_app, db


def test_sqlite_runs_with_wal_foreign_keys_a_busy_timeout_and_a_page_cache_of_32_mb(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings")
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        # Negative: KiB. SQLite's default (2 MB) let a page's queries push out each other's pages.
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -32 * 1024


def test_secret_key_is_generated_once_and_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("QCBD_INSTANCE", str(tmp_path / "inst"))
    first = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    second = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"}).config["SECRET_KEY"]
    assert first == second and len(first) >= 32
    assert (tmp_path / "inst" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "given, used",
    [
        ("postgres://u:p@db/qcbd", "postgresql+psycopg://u:p@db/qcbd"),
        ("postgresql://u:p@db/qcbd", "postgresql+psycopg://u:p@db/qcbd"),
        ("sqlite:////var/lib/qcbd/app.db", "sqlite:////var/lib/qcbd/app.db"),
    ],
)
def test_database_url_from_the_environment(monkeypatch, given, used):
    monkeypatch.setenv("DATABASE_URL", given)
    assert _database_url(None) == used


def test_default_database_is_a_file_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("QCBD_INSTANCE", str(tmp_path / "inst"))
    application = create_app()
    assert application.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + str(tmp_path / "inst" / "qcbd.sqlite3")
