"""The public verification page the QR code opens: genuine, to whom and for what, or revoked."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from app import db
from blueprints.core.access import public

from ..chinese_dates import chinese_date
from ..models import Certificate
from . import bp


@bp.get("/verify/<serial>")
@public
def verify(serial: str):
    """Anyone with the serial (a scanned QR) sees whether it is genuine; unknown serials say so with a 404."""
    cert = db.session.scalar(select(Certificate).where(Certificate.serial == serial[:20].upper()))
    status = 404 if cert is None else 200
    return render_template("certificates/verify.html", cert=cert, serial=serial[:20],
                           issued=chinese_date(cert.issued_on) if cert else ""), status
