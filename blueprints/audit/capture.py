"""Automatic audit of changes to chosen models: after each flush, one entry per created, changed or
deleted row, with before → after for an allow-list of fields. Features need not remember to log."""
from __future__ import annotations

from flask import has_request_context
from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from blueprints.audit.models import AuditEntry
from blueprints.audit.services import entry_values

#: Fields shown as before → after, per model name. Secrets are listed in SECRET_FIELDS instead.
WATCHED: dict[str, tuple[str, ...]] = {
    "Staff": ("staff_no", "name", "gender", "birth_date", "phone", "subject", "grade_band", "title",
              "is_backbone", "is_famous", "is_special_grade", "political_status", "arrival_date", "role",
              "is_active_member"),
    "Group": ("name", "kind", "description", "is_active"),
    "Membership": ("group_id", "staff_id", "is_leader"),
    "Semester": ("name", "start_date", "end_date", "is_current"),
}
#: Changing these is recorded, but never their value.
SECRET_FIELDS = {"Staff": ("password_hash",)}
_HIDDEN = "（已修改）"


def _describe(obj) -> str:
    name = type(obj).__name__
    if name == "Staff":
        return f"{obj.name}（{obj.staff_no}）"
    if name in ("Group", "Semester"):
        return obj.name
    if name == "Membership":
        return f"成员 #{obj.staff_id} · 组织 #{obj.group_id}" + ("（负责人）" if obj.is_leader else "")
    return ""


def _changes(obj, fields, *, created: bool = False, deleted: bool = False) -> dict:
    state = inspect(obj)
    changes = {}
    for field in fields:
        attr = state.attrs[field]
        if created:
            if attr.value is not None:
                changes[field] = (None, attr.value)
        elif deleted:
            changes[field] = (attr.loaded_value if attr.loaded_value is not None else None, None)
        else:
            history = attr.history
            if history.added or history.deleted:
                before = history.deleted[0] if history.deleted else None
                after = history.added[0] if history.added else None
                if before != after:
                    changes[field] = (before, after)
    return changes


def _current_actor():
    if not has_request_context():
        return None
    from flask_login import current_user

    return current_user if current_user and current_user.is_authenticated else None


def _entries(session: Session) -> list[dict]:
    entries = []
    groups = (("create", session.new), ("update", session.dirty), ("delete", session.deleted))
    for action, objects in groups:
        for obj in objects:
            name = type(obj).__name__
            if name not in WATCHED:
                continue
            created, deleted = action == "create", action == "delete"
            changes = _changes(obj, WATCHED[name], created=created, deleted=deleted)
            for secret in SECRET_FIELDS.get(name, ()):
                if not created and not deleted and inspect(obj).attrs[secret].history.has_changes():
                    changes[secret] = ("", _HIDDEN)
            if action == "update" and not changes:
                continue
            entries.append((action, obj, changes))
    return entries


def install_capture(session_class) -> None:
    """Listen on the app's session class: flushes write entries in the same transaction as the change."""

    @event.listens_for(session_class, "after_flush")
    def _audit_after_flush(session: Session, _context) -> None:
        entries = _entries(session)
        if not entries:
            return
        actor = _current_actor()
        with session.no_autoflush:
            rows = [entry_values(actor, action, obj, changes, summary=_describe(obj))
                    for action, obj, changes in entries]
        session.connection().execute(insert(AuditEntry), rows)
