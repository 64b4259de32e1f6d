"""Writing and reading the audit trail; any feature calls record(...) inside its own transaction."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app, has_request_context, request
from sqlalchemy import delete, func, insert, select

from app import db
from blueprints.audit.models import AuditEntry
from blueprints.core.security import security_now

#: Chinese names of actions, for the browse page and its filter.
ACTION_LABELS = {
    "login.success": "登录成功",
    "login.failed": "登录失败",
    "create": "新建",
    "update": "修改",
    "delete": "删除",
    "kiosk.open": "开启签到机",
    "kiosk.revoke": "关闭签到机",
    "certificate.issue": "颁发证书",
    "certificate.revoke": "撤销证书",
    "personal_data.export": "导出个人数据",
}


def jsonable(value: Any) -> Any:
    """A field value as JSON can keep it (dates as ISO text)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def client_address() -> str:
    """The client's IP. Behind nginx on the same machine (README) the peer is 127.0.0.1 and the real
    client is the last X-Forwarded-For entry, the one nginx appended; from any other peer the header
    could be forged, so it is ignored."""
    if not has_request_context():
        return ""
    peer = request.remote_addr or ""
    forwarded = request.headers.get("X-Forwarded-For", "")
    if peer in ("127.0.0.1", "::1") and forwarded.strip():
        return forwarded.split(",")[-1].strip()[:45]
    return peer[:45]


def actor_of(actor) -> tuple[int | None, str]:
    if actor is None or not getattr(actor, "is_authenticated", True) or getattr(actor, "id", None) is None:
        return None, "系统"
    return actor.id, f"{actor.name}（{actor.staff_no}）"[:80]


def entry_values(actor, action: str, obj=None, changes: dict | None = None, *, summary: str = "",
                 object_type: str | None = None, object_id: int | None = None) -> dict:
    """The column values of one entry (shared by record() and the flush capture).

    Stamped by the security clock (real time), not the business clock a demo may pin: the trail says when
    things really happened, and the lockout by address counts failures within a real window."""
    actor_id, actor_label = actor_of(actor)
    return {
        "at": security_now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "action": action[:40],
        "object_type": (object_type or (type(obj).__name__ if obj is not None else ""))[:40],
        "object_id": object_id if object_id is not None else getattr(obj, "id", None),
        "summary": summary[:200],
        "changes": {k: [jsonable(b), jsonable(a)] for k, (b, a) in (changes or {}).items()},
        "address": client_address(),
    }


def record(actor, action: str, obj=None, changes: dict | None = None, *, summary: str = "") -> None:
    """Add one entry to the current transaction: it is kept exactly when the caller's change is committed.

    `changes` is {field: (before, after)}. Written straight to the connection, so it needs no flush."""
    if obj is not None and hasattr(obj, "id") and obj.id is None:
        db.session.flush()  # a new object gets its id first, so the entry can name it
    db.session.execute(insert(AuditEntry).values(**entry_values(actor, action, obj, changes, summary=summary)))


def record_many(actor, action: str, items: list[tuple]) -> None:
    """One entry per (obj, changes, summary) item, all in one multi-row INSERT (a batch of certificates)."""
    if not items:
        return
    if any(getattr(obj, "id", 0) is None for obj, _changes, _summary in items):
        db.session.flush()
    db.session.execute(insert(AuditEntry), [entry_values(actor, action, obj, changes, summary=summary)
                                            for obj, changes, summary in items])


def failures_from_address(address: str, now: datetime) -> int:
    """Failed logins from one address within the lock window (the lockout by address); `now` is
    core.security.security_now(), the clock the entries are stamped with."""
    since = now - timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    return db.session.scalar(
        select(func.count()).select_from(AuditEntry)
        .where(AuditEntry.action == "login.failed", AuditEntry.address == address, AuditEntry.at >= since)
    ) or 0


def prune(now: datetime, days: int) -> int:
    """Delete entries older than `days`; returns how many went."""
    result = db.session.execute(delete(AuditEntry).where(AuditEntry.at < now - timedelta(days=days)))
    return result.rowcount or 0
