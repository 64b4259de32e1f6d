"""Batches printed in the background: a thread with its own app context renders, the Job row tracks it."""
from __future__ import annotations

import threading
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from weasyprint.text.fonts import FontConfiguration

from app import db
from blueprints.core.pdf import documents_to_pdf

from .models import Certificate, CertificateJob
from .render import certificates_document, certificates_pdf

#: Batches up to this size are printed in the request; larger ones go to the background.
INLINE_LIMIT = 30
#: Pages rendered per step: progress moves, and memory stays bounded, while one font configuration is shared.
CHUNK = 25


def job_folder() -> Path:
    """Where finished batch PDFs are kept (instance/certificate-jobs)."""
    folder = Path(current_app.instance_path) / "certificate-jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_file(job: CertificateJob) -> Path:
    """The finished PDF of a job."""
    return job_folder() / job.filename


def start(job: CertificateJob, base_url: str, *, wait: bool = False) -> threading.Thread:
    """Run a committed job in a thread with its own app and request context (url_for, templates)."""
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, job.id, base_url), daemon=True, name=f"cert-job-{job.id}")
    thread.start()
    if wait:
        thread.join()
    return thread


def _run(app, job_id: int, base_url: str) -> None:
    """Render the job's certificates chunk by chunk, then join them into one PDF; record a failure by item."""
    with app.test_request_context(base_url=base_url):
        job = db.session.get(CertificateJob, job_id)
        ids = [int(i) for i in job.certificate_ids.split(",") if i]
        certs = {c.id: c for c in db.session.scalars(
            select(Certificate).where(Certificate.id.in_(ids)).options(selectinload(Certificate.staff)))}
        documents, font_config = [], FontConfiguration()  # one font configuration: far less memory and time
        try:
            for start_at in range(0, len(ids), CHUNK):
                chunk = [certs[i] for i in ids[start_at:start_at + CHUNK]]
                try:
                    documents.append(certificates_document(chunk, base_url, font_config))
                except Exception as error:  # noqa: BLE001  (name the item, then give up)
                    failed = _first_failing(chunk, base_url)
                    raise RuntimeError(f"{failed}：{error}") from error
                job.done = min(len(ids), start_at + len(chunk))
                db.session.commit()
            job.filename = f"job-{job.id}.pdf"
            job_file(job).write_bytes(documents_to_pdf(documents))
            job.state = "done"
        except Exception as error:  # noqa: BLE001  (the page shows why)
            db.session.rollback()
            app.logger.exception("certificate job %s failed", job_id)
            job = db.session.get(CertificateJob, job_id)
            if job is not None:  # the row may be gone (deleted meanwhile): nothing left to report to
                job.state = "failed"
                job.error = str(error)[:500]
        db.session.commit()
        db.session.remove()


def _first_failing(chunk: list[Certificate], base_url: str) -> str:
    """The serial and name of the first certificate of a chunk that does not render alone."""
    for cert in chunk:
        try:
            certificates_pdf([cert], base_url)
        except Exception:  # noqa: BLE001
            return f"{cert.serial} {cert.recipient_name}"
    return "（无法确定具体证书）"
