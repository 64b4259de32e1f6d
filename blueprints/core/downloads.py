"""Files the app hands out (Excel now, PDF later): one way to name them and keep them out of shared caches."""
from __future__ import annotations

from urllib.parse import quote

from flask import Response, make_response

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment_header(filename: str, fallback: str) -> str:
    """Content-Disposition with an ASCII fallback and the Chinese name per RFC 5987 (filename*)."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download(content: bytes, *, filename: str, fallback: str, mimetype: str = XLSX_MIMETYPE) -> Response:
    """A file download; no-store because these files hold personal data."""
    response = make_response(content)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = attachment_header(filename, fallback)
    response.headers["Cache-Control"] = "no-store"
    return response
