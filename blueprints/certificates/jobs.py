"""Batches printed in the background: a thread with its own app context renders, the Job row tracks it.

A finished PDF is kept CERTIFICATE_JOB_KEEP_DAYS days in instance/certificate-jobs, then deleted (when a
new batch starts, and by `flask certificates prune-jobs`); its page then says so and offers to print again.
While a job runs, a heartbeat file is touched every few seconds; a "running" job whose heartbeat has gone
quiet died with its process (a restart mid-batch) and is marked failed, so no page says "running" forever.
The heartbeat is a file rather than a column because the PDFs already live in that folder on this machine."""
from __future__ import annotations

import re
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from app import db
from blueprints.core.pdf import documents_to_pdf

from .models import Certificate, CertificateJob
from .render import certificates_document, certificates_pdf

#: Batches up to this size are printed in the request; larger ones go to the background.
INLINE_LIMIT = 30
#: Pages rendered per step: progress moves, and memory stays bounded, while one font configuration is shared.
CHUNK = 25
#: Finished PDFs are kept this many days unless CERTIFICATE_JOB_KEEP_DAYS says otherwise.
KEEP_DAYS = 7
#: A running job touches its heartbeat this often (seconds), from a side thread, so slow chunks do not matter.
HEARTBEAT_SECONDS = 5
#: A running job whose heartbeat is older than this (seconds) is taken for dead.
STALE_SECONDS = 60

RUNNING, DONE, FAILED, EXPIRED = "running", "done", "failed", "expired"
_FILE_NAME = re.compile(r"^job-(\d+)\.(pdf|pdf\.part|alive)$")


def job_folder() -> Path:
    """Where finished batch PDFs are kept (instance/certificate-jobs)."""
    folder = Path(current_app.instance_path) / "certificate-jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def job_file(job: CertificateJob) -> Path:
    """The finished PDF of a job."""
    return job_folder() / (job.filename or f"job-{job.id}.pdf")


def heartbeat_file(job_id: int) -> Path:
    """The file a running job touches to show that its process is alive."""
    return job_folder() / f"job-{job_id}.alive"


def keep_days() -> int:
    """How many days finished PDFs are kept (setting CERTIFICATE_JOB_KEEP_DAYS)."""
    return int(current_app.config.get("CERTIFICATE_JOB_KEEP_DAYS", KEEP_DAYS))


def expires_at(job: CertificateJob) -> datetime:
    """When a job's PDF will be deleted (naive UTC)."""
    return job.created_at + timedelta(days=keep_days())


def start(job: CertificateJob, base_url: str, *, wait: bool = False) -> threading.Thread:
    """Run a committed job in a thread with its own app and request context (url_for, templates)."""
    app = current_app._get_current_object()
    heartbeat_file(job.id).touch()  # alive from the first poll on, before the thread is scheduled
    thread = threading.Thread(target=_run, args=(app, job.id, base_url), daemon=True, name=f"cert-job-{job.id}")
    thread.start()
    if wait:
        thread.join()
    return thread


class _Heartbeat:
    """Touch a file every HEARTBEAT_SECONDS while the block runs; remove it afterwards."""

    def __init__(self, path: Path):
        self.path, self.stopped = path, threading.Event()

    def __enter__(self):
        self.path.touch()
        threading.Thread(target=self._beat, daemon=True, name=f"{self.path.stem}-heartbeat").start()
        return self

    def _beat(self) -> None:
        while not self.stopped.wait(HEARTBEAT_SECONDS):
            self.path.touch()

    def __exit__(self, *exc) -> None:
        self.stopped.set()
        self.path.unlink(missing_ok=True)


def _run(app, job_id: int, base_url: str) -> None:
    """Render the job's certificates chunk by chunk, then join them into one PDF; record a failure by item."""
    with app.test_request_context(base_url=base_url), _Heartbeat(heartbeat_file(job_id)):
        try:
            _render(job_id, base_url)
        except Exception as error:  # noqa: BLE001  (the page shows why)
            db.session.rollback()
            app.logger.exception("certificate job %s failed", job_id)
            # Only a job still running is marked: the row may be gone (deleted meanwhile), nothing to report to.
            db.session.execute(update(CertificateJob).where(CertificateJob.id == job_id, CertificateJob.state == RUNNING)
                               .values(state=FAILED, error=str(error)[:500] or type(error).__name__))
            db.session.commit()
        finally:
            db.session.remove()


def _render(job_id: int, base_url: str) -> None:
    """The work of a job: progress after each chunk, the PDF written whole (then renamed), state done."""
    job = db.session.get(CertificateJob, job_id)
    ids = [int(i) for i in job.certificate_ids.split(",") if i]
    certs = {c.id: c for c in db.session.scalars(
        select(Certificate).where(Certificate.id.in_(ids)).options(selectinload(Certificate.staff)))}
    missing = [i for i in ids if i not in certs]
    if missing:
        raise RuntimeError(f"有 {len(missing)} 张证书已不存在，无法打印。")
    documents = []  # laid out with the process's shared fonts (core.pdf): a second configuration costs ~50 MB
    for start_at in range(0, len(ids), CHUNK):
        chunk = [certs[i] for i in ids[start_at:start_at + CHUNK]]
        try:
            documents.append(certificates_document(chunk, base_url))
        except Exception as error:  # noqa: BLE001  (name the item, then give up)
            failed = _first_failing(chunk, base_url)
            raise RuntimeError(f"{failed}：{error}") from error
        job.done = min(len(ids), start_at + len(chunk))
        db.session.commit()
    target = job_folder() / f"job-{job.id}.pdf"
    partial = target.with_name(target.name + ".part")  # a restart mid-write leaves no half PDF under the real name
    partial.write_bytes(documents_to_pdf(documents))
    partial.replace(target)
    job.filename = target.name
    job.state = DONE
    db.session.commit()


def _first_failing(chunk: list[Certificate], base_url: str) -> str:
    """The serial and name of the first certificate of a chunk that does not render alone."""
    for cert in chunk:
        try:
            certificates_pdf([cert], base_url)
        except Exception:  # noqa: BLE001
            return f"{cert.serial} {cert.recipient_name}"
    return "（无法确定具体证书）"


def is_stale(job: CertificateJob, now: datetime) -> bool:
    """A running job whose process is gone: its heartbeat is old, or missing although the job is not new."""
    if job.state != RUNNING:
        return False
    try:  # real elapsed time, not the school's clock (a demo or a test may pin that one)
        quiet = time.time() - heartbeat_file(job.id).stat().st_mtime
    except FileNotFoundError:
        quiet = (now - job.created_at).total_seconds()
    return quiet > STALE_SECONDS


def settle(jobs: list[CertificateJob], now: datetime) -> int:
    """Mark dead running jobs failed and done jobs whose file is gone expired; how many changed (caller commits)."""
    changed = 0
    for job in jobs:
        if is_stale(job, now):
            message = (f"服务器在生成过程中停止或重启，任务中断（已完成 {job.done}/{job.total} 张），"
                       "没有生成文件。")
            changed += _move(job, RUNNING, state=FAILED, error=message)
        elif job.state == DONE and not job_file(job).is_file():
            changed += _move(job, DONE, state=EXPIRED)
    return changed


def _move(job: CertificateJob, expected: str, **values) -> int:
    """Change a job's state only if it is still `expected` (its thread may just have finished it)."""
    result = db.session.execute(update(CertificateJob).where(CertificateJob.id == job.id, CertificateJob.state == expected)
                                .values(**values).execution_options(synchronize_session=False))
    db.session.refresh(job)
    return result.rowcount


def prune(now: datetime, days: int | None = None) -> int:
    """Delete PDFs of jobs older than the keeping period (their jobs become expired) and leftover files.

    Returns how many jobs expired. The folder is listed before the database is asked, so a job started in
    between (its row committed before its first file) is never taken for a leftover."""
    days = keep_days() if days is None else days
    folder = job_folder()
    names = [path.name for path in folder.iterdir() if _FILE_NAME.match(path.name)]
    running = db.session.scalars(select(CertificateJob).where(CertificateJob.state == RUNNING)).all()
    settle(running, now)
    expired = db.session.execute(update(CertificateJob).where(
        CertificateJob.state == DONE, CertificateJob.created_at < now - timedelta(days=days))
        .values(state=EXPIRED).execution_options(synchronize_session=False)).rowcount
    keep = {f"job-{job_id}.{suffix}" for job_id, state in db.session.execute(
        select(CertificateJob.id, CertificateJob.state).where(CertificateJob.state.in_([RUNNING, DONE])))
        for suffix in (("pdf", "pdf.part", "alive") if state == RUNNING else ("pdf",))}
    for name in names:
        if name not in keep:
            (folder / name).unlink(missing_ok=True)
    return expired
