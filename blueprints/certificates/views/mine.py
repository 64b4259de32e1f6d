"""A teacher's own certificates, one certificate's page and its PDF."""
from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.core.access import login_required
from blueprints.core.downloads import download
from blueprints.core.htmx import redirect_to
from blueprints.core.pdf import PDF_MIMETYPE

from ..access import may_manage, may_see
from ..forms import RevokeForm
from ..models import Certificate
from ..render import certificates_pdf
from . import bp


@bp.get("/")
@login_required
def index():
    """我的证书: every certificate issued to me, newest first, each to download."""
    certs = db.session.scalars(
        select(Certificate).where(Certificate.staff_id == current_user.id).order_by(Certificate.issued_at.desc())
    ).all()
    return render_template("certificates/mine.html", certs=certs)


def _visible(cert_id: int) -> Certificate:
    """The certificate from the URL if the user may see it; else 404/403."""
    cert = db.session.get(Certificate, cert_id) or abort(404)
    if not may_see(current_user, cert):
        abort(403)
    return cert


@bp.get("/<int:cert_id>")
@login_required
def detail(cert_id: int):
    """One certificate: what it says, its serial, download, and revoking for those who may."""
    cert = _visible(cert_id)
    return render_template("certificates/detail.html", cert=cert, may_manage=may_manage(current_user, cert),
                           form=RevokeForm())


@bp.get("/<int:cert_id>/pdf")
@login_required
def pdf(cert_id: int):
    """The certificate as an A4 PDF (a revoked one is not printed again)."""
    cert = _visible(cert_id)
    if cert.is_revoked:
        abort(410)
    try:
        content = certificates_pdf([cert], request.url_root)
    except Exception as error:  # noqa: BLE001  (the engine failed: say which certificate and why, log the trace)
        current_app.logger.exception("certificate PDF failed: %s", cert.serial)
        reason = (str(error).strip().rstrip("。.") or type(error).__name__)[:200]
        flash(f"证书 {cert.serial}（{cert.kind_label}，{cert.recipient_name}）的 PDF 生成失败：{reason}。"
              "请稍后再试；如果一再失败，请把这条提示告诉管理员。", "error")
        return redirect_to(url_for("certificates.detail", cert_id=cert.id))
    return download(content, filename=f"{cert.kind_label}-{cert.recipient_name}-{cert.serial}.pdf",
                    fallback=f"certificate-{cert.serial}.pdf", mimetype=PDF_MIMETYPE)
