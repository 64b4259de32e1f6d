"""Batches: one PDF of many certificates; small ones printed at once, large ones in the background."""
from __future__ import annotations

from flask import abort, current_app, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.core.access import login_required
from blueprints.core.downloads import attachment_header
from blueprints.core.htmx import is_htmx, redirect_to
from blueprints.core.pdf import PDF_MIMETYPE

from .. import jobs
from ..models import Certificate, CertificateJob
from . import bp


def print_batch(certs: list[Certificate], title: str):
    """Record a job for these certificates (already committed), run it, and send the user to its page."""
    job = CertificateJob(title=title, created_by_id=current_user.id, total=len(certs),
                         certificate_ids=",".join(str(c.id) for c in certs))
    db.session.add(job)
    db.session.commit()
    limit = current_app.config.get("CERTIFICATES_INLINE_LIMIT", jobs.INLINE_LIMIT)
    # Small batches are waited for, so the page opens with the download link; large ones run on.
    jobs.start(job, request.url_root, wait=len(certs) <= limit)
    return redirect_to(url_for("certificates.job", job_id=job.id))


def _own_job(job_id: int) -> CertificateJob:
    """The job from the URL if it is mine (or I am the admin); else 404/403."""
    job = db.session.get(CertificateJob, job_id) or abort(404)
    if job.created_by_id != current_user.id and not current_user.is_admin:
        abort(403)
    return job


@bp.get("/jobs")
@login_required
def jobs_list():
    """My batch print jobs, newest first, so a left page can be found again."""
    rows = db.session.scalars(select(CertificateJob).where(CertificateJob.created_by_id == current_user.id)
                              .order_by(CertificateJob.id.desc()).limit(50)).all()
    return render_template("certificates/jobs.html", jobs=rows)


@bp.get("/jobs/<int:job_id>")
@login_required
def job(job_id: int):
    """A batch's progress bar (htmx polls the partial while it runs), then its download link or failure."""
    row = _own_job(job_id)
    template = "certificates/_job_progress.html" if is_htmx() else "certificates/job.html"
    return render_template(template, job=row)


@bp.get("/jobs/<int:job_id>/pdf")
@login_required
def job_pdf(job_id: int):
    """The finished batch as one PDF."""
    row = _own_job(job_id)
    if row.state != "done":
        abort(404)
    response = send_file(jobs.job_file(row), mimetype=PDF_MIMETYPE)
    response.headers["Content-Disposition"] = attachment_header(f"{row.title}.pdf", f"certificates-{row.id}.pdf")
    response.headers["Cache-Control"] = "no-store"
    return response
