"""Row locks that hold on SQLite and PostgreSQL alike, so two requests for the last seat are served in turn.

PostgreSQL: SELECT ... FOR UPDATE, in the order given (callers keep one order to avoid deadlocks).
SQLite has no row locks: a harmless UPDATE as the transaction's first write takes the database's single
write lock until commit, so everything counted afterwards is current and other writers wait (busy_timeout).
The view's commit (or rollback) releases the locks."""
from __future__ import annotations

from sqlalchemy import select, text

from app import db


def lock_rows(*rows: tuple[type, int]) -> None:
    """Lock each (Model, id) for the rest of the transaction."""
    if db.session.get_bind().dialect.name == "sqlite":
        model, row_id = rows[0]
        # Plain SQL on purpose: an ORM update would fire onupdate defaults (updated_at) on a row nobody changed.
        db.session.execute(text(f'UPDATE "{model.__table__.name}" SET id = id WHERE id = :id'), {"id": row_id})
        return
    for model, row_id in rows:
        db.session.execute(select(model.id).where(model.id == row_id).with_for_update())
