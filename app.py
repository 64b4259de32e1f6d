"""Application factory for 青春帮带 and the extensions every feature shares."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

#: Predictable constraint names, so Alembic can alter them later (also on SQLite in batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()

ROOT = Path(__file__).resolve().parent


class DefaultConfig:
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    WTF_I18N_ENABLED = False  # no Babel here; forms pick WTForms' own zh messages instead
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead; a long form must not expire mid-typing
    WTF_CSRF_HEADERS = ["X-CSRFToken"]
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    #: Failed logins before an account is locked, and for how long.
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCK_MINUTES = 15
    #: None means werkzeug's default (scrypt); tests pass a cheap method to stay fast.
    PASSWORD_HASH_METHOD = None
    SCHOOL_NAME = "开化县天地外国语学校"


def create_app(config: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, CLI commands."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("QCBD_INSTANCE", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure_settings(app, config or {})
    configure_extensions(app)
    configure_blueprints(app)
    configure_errorhandlers(app)
    configure_cli(app)
    return app


def configure_settings(app: Flask, overrides: dict) -> None:
    """Defaults, then the environment, then explicit overrides (tests)."""
    app.config.from_object(DefaultConfig)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app)
    app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY") or _instance_secret(app)
    if os.environ.get("SESSION_COOKIE_SECURE") == "1":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    app.config.update(overrides)


def _database_url(app: Flask) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "qcbd.sqlite3")
    # Hosting panels still hand out postgres:// URLs; SQLAlchemy wants a dialect name with a driver.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _instance_secret(app: Flask) -> str:
    """Generate the secret key once and keep it, so sessions survive a restart."""
    path = Path(app.instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


#: Each SQLite connection's page cache. SQLite's 2 MB default made a home page re-read from the OS the pages the
#: page's earlier queries had pushed out (10x school: 12 -> 8 ms of SQL a home page with 32 MB); a connection
#: fills it only up to the database's size.
SQLITE_CACHE_MB = int(os.environ.get("SQLITE_CACHE_MB", "32"))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL for readers beside a writer, real foreign keys, waiting rather than failing on a lock, a page cache
    that holds what a page reads."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_MB * 1024}")
    cursor.close()


def configure_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"


def configure_blueprints(app: Flask) -> None:
    from blueprints.core.access import install_access_guards
    from blueprints.core.features import register_features
    from blueprints.core.templating import install_template_helpers

    from blueprints.core.security import install_security
    from blueprints.core.freshness import install_freshness
    from flask_sqlalchemy.session import Session

    install_security(app)  # first, so an idle session ends before any other check runs
    register_features(app)
    install_access_guards(app)
    install_template_helpers(app)
    install_freshness(app, Session)


def configure_errorhandlers(app: Flask) -> None:
    from blueprints.core.errors import register_error_handlers

    register_error_handlers(app)


def configure_cli(app: Flask) -> None:
    from blueprints.accounts.cli import register_cli as register_accounts_cli
    from demo import register_cli as register_demo_cli

    register_accounts_cli(app)
    register_demo_cli(app)
