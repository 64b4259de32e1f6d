"""Keep an uploaded roster between the preview and the confirmation: a JSON file per upload under
instance/imports/, named by a random token. The cookie session is far too small for a roster."""
from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app

from .reading import Table

UPLOAD_LIFETIME = timedelta(hours=1)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


@dataclass
class StoredUpload:
    token: str
    filename: str
    table: Table


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(table: Table, *, filename: str, admin_id: int, now: datetime, kind: str = "roster") -> str:
    """Store a read file for one admin and return its token; uploads past their hour are swept away.

    `kind` names the import it belongs to (roster, honours): a token is only ever confirmed by that import."""
    folder = _folder()
    _sweep(folder)
    token = secrets.token_urlsafe(24)
    payload = {
        "created_at": now.isoformat(),
        "admin_id": admin_id,
        "kind": kind,
        "filename": filename,
        "table": table.to_dict(),
    }
    temporary = folder / f".{token}.tmp"
    # Personal data (phones, birth dates): readable by the app's user only.
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8") as handle:
        json.dump(payload, handle, ensure_ascii=False)
    os.replace(temporary, folder / f"{token}.json")
    return token


def load_upload(token: str | None, *, admin_id: int, now: datetime, kind: str = "roster") -> StoredUpload | None:
    """The upload behind a token, or None when it is unknown, someone else's, another import's, or too old."""
    if not token or not _TOKEN.match(token):
        return None
    path = _folder() / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    created = datetime.fromisoformat(payload["created_at"])
    if payload.get("admin_id") != admin_id or payload.get("kind") != kind or now - created > UPLOAD_LIFETIME:
        return None
    return StoredUpload(token, payload.get("filename", ""), Table.from_dict(payload["table"]))


def discard_upload(token: str) -> None:
    if token and _TOKEN.match(token):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


def _sweep(folder: Path) -> None:
    """Delete abandoned uploads, judged by the file's age on the wall clock, with an hour's grace."""
    limit = datetime.now().timestamp() - UPLOAD_LIFETIME.total_seconds() * 2
    for path in folder.glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
