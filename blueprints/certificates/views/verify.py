"""The public verification page the QR code opens: genuine, to whom and for what, or revoked — with the code.

Serials run in sequence, so the page reveals nothing without the certificate's check code: not the holder,
not even whether the serial exists. An unknown serial answers exactly as a known one with a wrong code."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from app import db
from blueprints.core.access import public

from ..check_codes import check_code_matches
from ..chinese_dates import chinese_date
from ..forms import VerifyForm
from ..models import Certificate
from . import bp


@bp.get("/verify/<serial>")
@public
def verify(serial: str):
    """The result with the right check code (the QR carries it); otherwise only the form asking for it."""
    serial = serial[:20].upper()
    form = VerifyForm(request.args, meta={"csrf": False})
    cert = db.session.scalar(select(Certificate).where(Certificate.serial == serial))
    if check_code_matches(form.code.data, cert.check_code if cert is not None else None):
        response = render_template("certificates/verify.html", cert=cert, issued=chinese_date(cert.issued_on))
        return _private(response, 200)
    status = 200
    if "code" in request.args:  # typed and wrong, or empty: one message whether or not the serial exists
        form.code.errors = ["校验码不正确，请核对证书上的校验码。" if form.code.data else "请填写校验码。"]
        status = 422
    return _private(render_template("certificates/verify_form.html", form=form, serial=serial), status)


def _private(body: str, status: int):
    """Neither the browser nor a proxy keeps a copy: the address holds the code, the page a colleague's name."""
    return body, status, {"Cache-Control": "no-store"}
