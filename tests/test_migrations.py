"""The migrations build exactly the schema the models describe, from an empty database."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import CheckConstraint, create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app, db


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A second, empty database beside the test database."""
    url = make_url(database_url)
    if url.get_backend_name() != "postgresql":
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite3")
        return
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_migrations_from_empty_match_the_models(empty_database_url, tmp_path):
    application = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "TESTING": True})
    with application.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"
        # Autogenerate compares no CHECK constraints, so a hand-written migration can miss one: compare names.
        inspector = inspect(db.engine)
        for table in db.metadata.sorted_tables:
            expected = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
            built = {c["name"] for c in inspector.get_check_constraints(table.name)}
            assert expected <= built, f"{table.name} lacks check constraints {expected - built}"
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
