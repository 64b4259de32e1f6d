"""Automatic audit of changes to the models in watched.WATCHED: after each flush, one entry per created,
changed or deleted row, with before → after for that model's fields. Features need not remember to log.

Cheap by construction: it reads only what the flush already has in memory (attribute history and loaded
values, never a lazy load), and writes all of a flush's entries with one multi-row INSERT in the same
transaction, so they are kept exactly when the change is committed."""
from __future__ import annotations

from flask import has_request_context
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session
from sqlalchemy.orm.base import NO_VALUE

from blueprints.audit.models import AuditEntry
from blueprints.audit.services import entry_values
from blueprints.audit.watched import WATCHED

_HIDDEN = "（已修改）"
#: Long prose (a log's content, a reflection) is kept to its first characters: enough to tell what changed.
MAX_TEXT = 120


class _Loaded:
    """Column values by attribute, from an object (what is loaded) or a row; anything else reads as None."""

    def __init__(self, obj=None, values=None) -> None:
        self._values = inspect(obj).dict if obj is not None else dict(values)

    def __getattr__(self, name: str):
        return self._values.get(name)


def _short(value):
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return value[:MAX_TEXT] + "…"
    return value


def _loaded(attr):
    value = attr.loaded_value
    return None if value is NO_VALUE else value


def _changes(obj, fields, *, created: bool = False, deleted: bool = False) -> dict:
    state = inspect(obj)
    changes = {}
    for field in fields:
        attr = state.attrs[field]
        if created:
            value = _loaded(attr)
            if value is not None:
                changes[field] = (None, _short(value))
        elif deleted:
            changes[field] = (_short(_loaded(attr)), None)
        else:
            history = attr.history
            if history.added or history.deleted:
                before = history.deleted[0] if history.deleted else None
                after = history.added[0] if history.added else None
                if before != after:
                    changes[field] = (_short(before), _short(after))
    return changes


def _current_actor():
    if not has_request_context():
        return None
    from flask_login import current_user

    return current_user if current_user and current_user.is_authenticated else None


def _entries(session: Session) -> list[tuple]:
    entries = []
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    for action, objects in groups:
        for obj in objects:
            watch = WATCHED.get(type(obj).__name__)
            if watch is None:
                continue
            created, deleted = action == "create", action == "delete"
            changes = _changes(obj, watch.fields, created=created, deleted=deleted)
            for secret in watch.secret:
                if not created and not deleted and inspect(obj).attrs[secret].history.has_changes():
                    changes[secret] = ("", _HIDDEN)
            if action == "update" and not changes:
                continue
            entries.append((action, obj, changes, watch))
    return entries


#: {table name: model name} of the watched models, filled on the first bulk write.
_TABLE_MODELS: dict[str, str] = {}


def _watched_table(statement):
    """The watched model name a bulk UPDATE or DELETE statement writes to, or None."""
    table = getattr(statement, "table", None)
    if table is None or not hasattr(table, "c") or "id" not in table.c:
        return None
    return _TABLE_MODELS.get(getattr(table, "name", None))


def _bulk_entries(state: ORMExecuteState):
    """A bulk UPDATE or DELETE on a watched table (session.execute(delete(...)), not a flush): read the rows
    it touches first, let it run, read them again; one entry per row that really changed. Only such rare
    statements (removing a member, switching the current semester) pay these reads."""
    name = _watched_table(state.statement)
    if name is None:
        return None
    watch = WATCHED[name]
    table = state.statement.table
    columns = [table.c.id] + [table.c[f] for f in watch.fields if f in table.c]
    query = select(*columns)
    if state.statement.whereclause is not None:
        query = query.where(state.statement.whereclause)
    if state.session.autoflush:
        state.session.flush()  # pending changes first, as the statement itself would see them
    connection = state.session.connection()
    before = {row["id"]: row for row in connection.execute(query).mappings()}
    result = state.invoke_statement()
    if not before:
        return result
    if state.is_delete:
        changes = [(row, {f: (_short(row[f]), None) for f in watch.fields if f in row}) for row in before.values()]
        action = "delete"
    else:
        after = {row["id"]: row for row in connection.execute(select(*columns).where(table.c.id.in_(before))).mappings()}
        changes = [(row, {f: (_short(row[f]), _short(after[key][f])) for f in watch.fields
                          if f in row and key in after and row[f] != after[key][f]}) for key, row in before.items()]
        action = "update"
    actor = _current_actor()
    rows = [entry_values(actor, action, None, change, summary=watch.describe(_Loaded(values=row)) or "",
                         object_type=name, object_id=row["id"]) for row, change in changes if change]
    if rows:
        connection.execute(insert(AuditEntry), rows)
    return result


def install_capture(session_class) -> None:
    """Listen on the app's session class: flushes write entries in the same transaction as the change."""

    @event.listens_for(session_class, "after_flush")
    def _audit_after_flush(session: Session, _context) -> None:
        entries = _entries(session)
        if not entries:
            return
        actor = _current_actor()
        with session.no_autoflush:  # the actor's name may need loading; that must not flush again
            rows = [entry_values(actor, action, obj, changes, summary=watch.describe(_Loaded(obj)) or "",
                                 object_id=_Loaded(obj).id)
                    for action, obj, changes, watch in entries]
        session.connection().execute(insert(AuditEntry), rows)

    @event.listens_for(session_class, "do_orm_execute")
    def _audit_bulk_write(state: ORMExecuteState):
        if not (state.is_update or state.is_delete):
            return None
        if not _TABLE_MODELS:
            from app import db

            _TABLE_MODELS.update({mapper.local_table.name: mapper.class_.__name__ for mapper in db.Model.registry.mappers
                                  if mapper.class_.__name__ in WATCHED})
        return _bulk_entries(state)
