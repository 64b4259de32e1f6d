"""Batches: one PDF of many certificates; small ones printed at once, large ones in the background."""
from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.services import leads_group
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.downloads import attachment_header
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.core.pdf import PDF_MIMETYPE

from .. import jobs
from ..forms import ConfirmForm
from ..models import Certificate, CertificateJob
from . import bp


def print_batch(certs: list[Certificate], title: str):
    """Record a job for these certificates (already committed), run it, and send the user to its page."""
    now = clock.now_utc()
    jobs.prune(now)  # old batches' files go when a new one starts, so the folder never grows without end
    job = CertificateJob(title=title, created_by_id=current_user.id, created_at=now, total=len(certs),
                         certificate_ids=",".join(str(c.id) for c in certs))
    db.session.add(job)
    db.session.commit()
    limit = current_app.config.get("CERTIFICATES_INLINE_LIMIT", jobs.INLINE_LIMIT)
    # Small batches are waited for, so the page opens with the download link; large ones run on.
    jobs.start(job, request.url_root, wait=len(certs) <= limit)
    return redirect_to(url_for("certificates.job", job_id=job.id))


def _own_job(job_id: int) -> CertificateJob:
    """The job from the URL if it is mine (or I am the admin), its state brought up to date; else 404/403."""
    job = db.session.get(CertificateJob, job_id) or abort(404)
    if job.created_by_id != current_user.id and not current_user.is_admin:
        abort(403)
    if jobs.settle([job], clock.now_utc()):
        db.session.commit()
    return job


@bp.get("/jobs")
@login_required
def jobs_list():
    """My batch print jobs, newest first, so a left page can be found again."""
    rows = db.session.scalars(select(CertificateJob).where(CertificateJob.created_by_id == current_user.id)
                              .order_by(CertificateJob.id.desc()).limit(50)).all()
    if jobs.settle(rows, clock.now_utc()):
        db.session.commit()
    return render_template("certificates/jobs.html", jobs=rows)


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    """A batch's progress bar (htmx polls the partial while it runs), then its download link or what happened."""
    row = _own_job(job_id)
    template = "certificates/_job_progress.html" if is_htmx() else "certificates/job.html"
    return render_template(template, job=row, expires_at=jobs.expires_at(row), keep_days=jobs.keep_days(),
                           form=ConfirmForm())


@bp.get("/jobs/<int:job_id>/pdf")
@login_required
def job_pdf(job_id: int):
    """The finished batch as one PDF; an expired one sends the user to its page, which says so."""
    row = _own_job(job_id)
    if row.state == jobs.EXPIRED:  # an old tab's link: the page explains and offers to print again
        return redirect_to(url_for("certificates.job", job_id=row.id))
    if row.state != jobs.DONE:
        abort(404)
    response = send_file(jobs.job_file(row), mimetype=PDF_MIMETYPE)
    response.headers["Content-Disposition"] = attachment_header(f"{row.title}.pdf", f"certificates-{row.id}.pdf")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/jobs/<int:job_id>/again")
@login_required
def job_again(job_id: int):
    """Print an expired or failed batch again as a new job (certificates revoked since are left out)."""
    row = _own_job(job_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if row.state not in (jobs.EXPIRED, jobs.FAILED):
        return redirect_to(url_for("certificates.job", job_id=row.id))
    certs = _reprintable(row)
    if not certs:
        flash("这批证书都已撤销或已无权打印，没有可以重新生成的。", "error")
        return redirect_to(url_for("certificates.job", job_id=row.id))
    if len(certs) < row.total:
        flash(f"有 {row.total - len(certs)} 张证书已撤销或已无权打印，这次不再打印。", "warning")
    return print_batch(certs, row.title)


def _reprintable(row: CertificateJob) -> list[Certificate]:
    """The job's certificates, in order, that are not revoked and that the user may still manage."""
    ids = [int(i) for i in row.certificate_ids.split(",") if i]
    found = {c.id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.id.in_(ids)).options(selectinload(Certificate.event)))}
    certs = [found[i] for i in ids if i in found and not found[i].is_revoked]
    if current_user.is_admin:
        return certs
    # A group leader printed their group's event certificates; one lookup per group, not per certificate.
    led = {group_id for group_id in {c.event.group_id for c in certs if c.event is not None}
           if leads_group(current_user, group_id)}
    return [c for c in certs if c.event is not None and c.event.group_id in led]
