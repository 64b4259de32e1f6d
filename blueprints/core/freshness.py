"""Figures that count over the whole school, kept between requests for as long as no data has changed.

The admin's outcome panel counts a semester's and a year's lessons, observations, events and sign-ins: tens of
milliseconds on a large school, asked for again on every visit to the home page while nothing changed. Every
transaction that writes raises one number, data_version, in the same transaction, just before it commits; a
cached value is used only while the number it was computed at is still the one the request reads. So a page
never shows a figure older than the data it reads, whichever process or thread wrote the change, and a change
costs one UPDATE of one row.

Values depend on the clock too ("held" = over by now): callers put the time they count at into the key.
"""
from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from flask import Flask, current_app, has_app_context
from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import ORMExecuteState, Session

from blueprints.core.features import forget_per_request, per_request, remember_per_request
from blueprints.core.models import VERSION_ROW_ID, DataVersion

T = TypeVar("T")
_WROTE = "qcbd_wrote"
_VERSION_KEY = "data_version"
#: Distinct (name, key) pairs a process keeps of figures; the oldest used goes first.
MAX_ENTRIES = 256
#: Where plain figures are kept, and where whole fragments of pages are (core.fragments). Fragments are one per
#: person and minute, ~10-20 KB each: 512 hold everyone who visits within a minute, at most ~10 MB a process.
FIGURES, FRAGMENTS = "qcbd_figures_cache", "qcbd_fragment_cache"
MAX_FRAGMENTS = 512


class FiguresCache:
    """(name, key) → (version, value), least recently used dropped first; shared by a process's threads."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._entries: OrderedDict[tuple, tuple[int, object]] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max_entries

    def get(self, key: tuple, version: int):
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return None
            self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, version: int, value) -> None:
        with self._lock:
            current = self._entries.get(key)
            if current is not None and current[0] > version:
                return  # a slower request must not put back what a newer one replaced
            self._entries[key] = (version, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)


def install_freshness(app: Flask, session_class: type[Session]) -> None:
    """Give the app its cache and make the session raise data_version whenever a transaction wrote."""
    app.extensions[FIGURES] = FiguresCache()
    app.extensions[FRAGMENTS] = FiguresCache(MAX_FRAGMENTS)
    if not event.contains(session_class, "before_commit", _raise_version):
        event.listen(session_class, "after_flush", _note_flush)
        event.listen(session_class, "do_orm_execute", _note_statement)
        event.listen(session_class, "before_commit", _raise_version)


def _note_flush(session: Session, _context) -> None:
    # The lists still hold what this flush wrote; an object in "dirty" may have had nothing to write.
    if session.new or session.deleted or any(session.is_modified(obj) for obj in session.dirty):
        session.info[_WROTE] = True


def _note_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _raise_version(session: Session) -> None:
    # before_commit runs before commit's own last flush: flush here, so what it writes is noted too.
    session.flush()
    # Never cleared on rollback: a leftover mark costs one needless raise, a lost one would serve stale figures.
    if session.info.pop(_WROTE, False):
        table = DataVersion.__table__
        session.connection().execute(
            update(table).where(table.c.id == VERSION_ROW_ID).values(version=table.c.version + 1))
        # The request goes on past its own write (a form re-drawing a list): what it reads from now on is newer
        # than the version it read first, so it asks again rather than be served what was kept before the write.
        forget_per_request(_VERSION_KEY)


def data_version() -> int | None:
    """The version of the data this request reads (once per request); None when the row is missing.

    For a signed-in person it comes with the request's first query, the one that loads them (load_signed_in), so
    it costs nothing and is known before anything is counted."""
    return per_request(_VERSION_KEY, _read_version)


def version_scalar():
    """SQL: the current data_version."""
    return select(DataVersion.version).where(DataVersion.id == VERSION_ROW_ID).scalar_subquery()


@functools.cache
def _signed_in_statement(model):
    return select(model, version_scalar()).where(model.id == bindparam("user_id"))


def load_signed_in(model, user_id: int):
    """The signed-in person (for Flask-Login's user loader), reading data_version in the same query."""
    from app import db

    row = db.session.execute(_signed_in_statement(model), {"user_id": user_id}).first()
    if row is None:
        return None
    remember_per_request(_VERSION_KEY, row[1])
    return row[0]


def _read_version() -> int | None:
    from app import db

    return db.session.scalar(select(DataVersion.version).where(DataVersion.id == VERSION_ROW_ID))


#: What peek answers when nothing is kept for the key at the current version.
MISSING = object()


def _store(shelf: str) -> FiguresCache | None:
    return current_app.extensions.get(shelf) if has_app_context() else None


def _wrote_in_this_request() -> bool:
    """This request changed data it has not committed: what it counts now is not the data at its version."""
    from app import db

    session = db.session()
    return bool(session.info.get(_WROTE) or session.new or session.deleted or session.dirty)


def peek(name: str, key: Hashable, shelf: str = FIGURES):
    """The value kept for (name, key) at the current data version, or MISSING."""
    version, store = (data_version() if has_app_context() else None), _store(shelf)
    if version is None or store is None:
        return MISSING
    found = store.get((name, key), version)
    return MISSING if found is None else found[1]


def keep(name: str, key: Hashable, value, shelf: str = FIGURES) -> None:
    """Keep a value counted at the current data version (plain data that nobody alters)."""
    version, store = (data_version() if has_app_context() else None), _store(shelf)
    if version is not None and store is not None and not _wrote_in_this_request():
        store.put((name, key), version, value)


def cached(name: str, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or the value it gave at this same data version; compute() must return plain data nobody alters."""
    found = peek(name, key)
    if found is MISSING:
        found = compute()
        keep(name, key, found)
    return found
