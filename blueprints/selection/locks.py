"""Row locks that keep the selection's counts right under concurrent requests.

The pattern of blueprints/events/registration.py (lock_event): SELECT ... FOR UPDATE on PostgreSQL; on
SQLite a write to the row as the transaction's first write, which takes the database's write lock
(other writers wait, busy_timeout). Reads before that first write see the latest committed data, so
everything read after the lock is fresh. Functions flush but never commit: the commit releases the lock."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite

from app import db
from blueprints.core.locking import lock_rows
from blueprints.accounts.models import Staff
from blueprints.selection.models import Ballot, Selection


def _is_sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def lock_selection(selection: Selection) -> None:
    """Serialise changes to the selection's candidates and its confirmation, and reload its columns."""
    lock_rows((Selection, selection.id))
    db.session.refresh(selection)


def lock_ballot(selection: Selection, voter: Staff, now: datetime) -> Ballot:
    """The voter's ballot row, created on first use, locked until commit: two votes of one voter queue up."""
    values = {"selection_id": selection.id, "voter_id": voter.id, "votes_cast": 0, "updated_at": now}
    # Create-if-missing without a race: two first votes at once both "insert", the database keeps one.
    insert = (sqlite.insert if _is_sqlite() else postgresql.insert)(Ballot).values(**values)
    db.session.execute(insert.on_conflict_do_nothing(index_elements=["selection_id", "voter_id"]))
    where = (Ballot.selection_id == selection.id) & (Ballot.voter_id == voter.id)
    if _is_sqlite():
        db.session.execute(text("UPDATE ballot SET id = id WHERE selection_id = :s AND voter_id = :v"),
                           {"s": selection.id, "v": voter.id})
        statement = select(Ballot).where(where)
    else:
        statement = select(Ballot).where(where).with_for_update()
    return db.session.scalars(statement.execution_options(populate_existing=True)).one()
