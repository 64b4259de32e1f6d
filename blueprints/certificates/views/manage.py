"""The issuing desk: every certificate, the batches to print, the seal, the font check; revoking."""
from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Semester
from blueprints.core import clock
from blueprints.core.access import admin_required, custom_access
from blueprints.core.htmx import redirect_to
from blueprints.selection.models import Selection

from .. import issuing
from ..access import may_manage
from ..forms import ConfirmForm, RevokeForm, SealForm
from ..models import KINDS, Certificate
from ..render import seal_path
from . import bp

PAGE_SIZE = 50


@bp.get("/manage")
@admin_required
def manage():
    """All certificates, newest first (filter by kind or serial/name), with the batch buttons and settings."""
    kind = request.args.get("kind", "")
    query = request.args.get("q", "").strip()[:40]
    statement = select(Certificate).options(selectinload(Certificate.staff)).order_by(Certificate.id.desc())
    if kind in KINDS:
        statement = statement.where(Certificate.kind == kind)
    if query:
        statement = statement.where(Certificate.serial.contains(query.upper()) | Certificate.recipient_name.contains(query))
    certs = db.session.scalars(statement.limit(PAGE_SIZE)).all()
    total = db.session.scalar(select(func.count(Certificate.id)))
    return render_template(
        "certificates/manage.html", certs=certs, total=total, kinds=KINDS, kind=kind, q=query,
        selections=db.session.scalars(select(Selection).where(Selection.confirmed_at.is_not(None))
                                      .order_by(Selection.year.desc())).all(),
        semesters=db.session.scalars(select(Semester).order_by(Semester.start_date.desc())).all(),
        harfbuzz_ok=current_app.extensions.get("certificates_harfbuzz_subset", True),
        has_seal=seal_path().is_file(), seal_form=SealForm(), form=ConfirmForm(),
    )


@bp.post("/seal")
@admin_required
def upload_seal():
    """Store the school seal (PNG) in the instance folder; later certificates print it over the date."""
    form = SealForm()
    if not form.validate_on_submit():
        for message in form.seal.errors or ["请重新选择图片后再上传。"]:
            flash(message, "error")
        return redirect_to(url_for("certificates.manage"))
    seal_path().parent.mkdir(parents=True, exist_ok=True)
    form.seal.data.save(seal_path())
    flash("公章图片已更新，之后打印的证书都会盖上它。", "success")
    return redirect_to(url_for("certificates.manage"))


@bp.post("/<int:cert_id>/revoke")
@custom_access("group-leader")
def revoke(cert_id: int):
    """Revoke with a reason (the admin; a group leader for their group's events); the record stays."""
    if not current_user.is_authenticated:
        abort(401)
    cert = db.session.get(Certificate, cert_id) or abort(404)
    if not may_manage(current_user, cert):
        abort(403)
    if cert.revoked_at is not None:  # the page no longer shows the form, so a field error would not show
        flash("该证书已经撤销。", "error")
        return redirect_to(url_for("certificates.detail", cert_id=cert.id))
    form = RevokeForm()
    if not form.validate_on_submit():
        return render_template("certificates/detail.html", cert=cert, may_manage=True, form=form), 422
    try:
        issuing.revoke(cert, by=current_user, reason=form.reason.data, now=clock.now_utc())
    except issuing.IssueError as error:
        flash(str(error), "error")
        return redirect_to(url_for("certificates.detail", cert_id=cert.id))
    db.session.commit()
    flash(f"证书 {cert.serial} 已撤销，核验时会显示为已撤销。", "success")
    return redirect_to(url_for("certificates.detail", cert_id=cert.id))
