"""Printing over time and when it goes wrong: finished batch PDFs are kept a few days and then cleaned up (the
page says so and offers to print again); a job whose process died mid-batch says it was interrupted instead of
running forever; a certificate that cannot be rendered says which one and why."""
from __future__ import annotations

import os
import shutil
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app import db
from blueprints.certificates import jobs
from blueprints.certificates.models import CertificateJob
from tests.test_certificates_support import NOW, fixed_day, issue_honour, pdf_pages  # noqa: F401


@pytest.fixture
def folder(app):
    """An empty job folder (the instance folder is shared by the tests of one run)."""
    with app.test_request_context():
        path = jobs.job_folder()
    shutil.rmtree(path)
    path.mkdir()
    return path


@pytest.fixture
def run_batch(app, admin):
    """Return a callable that prints certificates as a batch the way the issuing views do, as the admin."""
    from flask_login import login_user

    from blueprints.certificates.views.batch import print_batch

    def run(certs, title="测试批次", by=admin):
        with app.test_request_context(base_url="http://intranet/"):
            login_user(by)
            print_batch(certs, title)
        db.session.rollback()
        return db.session.scalars(select(CertificateJob).order_by(CertificateJob.id.desc())).first()

    return run


def _age(job: CertificateJob, days: float) -> None:
    """Pretend the job was made `days` before the pinned clock."""
    db.session.execute(update(CertificateJob).where(CertificateJob.id == job.id)
                       .values(created_at=NOW - timedelta(days=days)))
    db.session.commit()
    db.session.refresh(job)


def test_a_finished_batch_says_how_long_its_file_is_kept(client, login_as, admin, issue_honour, run_batch, folder):
    job = run_batch([issue_honour("王丽"), issue_honour("李明")])
    assert job.state == "done" and (folder / f"job-{job.id}.pdf").is_file()
    login_as(admin)
    page = client.get(f"/certificates/jobs/{job.id}").get_data(as_text=True)
    assert "下载 PDF（2 页）" in page and "文件保留 7 天，到 2026-09-17 10:00 后自动清理" in page


def test_prune_deletes_old_files_only_and_their_pages_say_expired_and_print_again(
        app, client, login_as, admin, issue_honour, run_batch, folder, tmp_path):
    old = run_batch([issue_honour("王丽"), issue_honour("李明")], title="去年的批次")
    fresh = run_batch([issue_honour("赵敏"), issue_honour("孙涛")], title="本周的批次")
    _age(old, 8)
    _age(fresh, 6)
    (folder / "job-999.pdf").write_bytes(b"%PDF left by a deleted job")
    (folder / "job-998.pdf.part").write_bytes(b"%PDF half written")

    result = app.test_cli_runner().invoke(args=["certificates", "prune-jobs"])
    assert result.exit_code == 0 and "已清理 1 个超过 7 天的批量打印文件" in result.output
    assert sorted(p.name for p in folder.iterdir()) == [f"job-{fresh.id}.pdf"]
    db.session.refresh(old)
    assert old.state == "expired"

    login_as(admin)
    page = client.get(f"/certificates/jobs/{old.id}").get_data(as_text=True)
    assert "文件已过期" in page and "只保留 7 天" in page and "重新生成这批证书（2 张）" in page
    assert "下载 PDF" not in page
    download = client.get(f"/certificates/jobs/{old.id}/pdf")
    assert download.status_code == 303 and download.headers["Location"].endswith(f"/certificates/jobs/{old.id}")
    assert "文件已过期" in client.get("/certificates/jobs").get_data(as_text=True)

    again = client.post(f"/certificates/jobs/{old.id}/again")
    new = db.session.scalars(select(CertificateJob).order_by(CertificateJob.id.desc())).first()
    assert again.status_code == 303 and again.headers["Location"].endswith(f"/certificates/jobs/{new.id}")
    assert new.title == "去年的批次" and new.state == "done" and new.certificate_ids == old.certificate_ids
    assert pdf_pages(client.get(f"/certificates/jobs/{new.id}/pdf").data, tmp_path) == 2


def test_starting_a_batch_cleans_up_expired_files(app, issue_honour, run_batch, folder):
    app.config["CERTIFICATE_JOB_KEEP_DAYS"] = 3
    old = run_batch([issue_honour("王丽"), issue_honour("李明")])
    _age(old, 4)
    new = run_batch([issue_honour("赵敏"), issue_honour("孙涛")])
    assert sorted(p.name for p in folder.iterdir()) == [f"job-{new.id}.pdf"]
    db.session.refresh(old)
    assert old.state == "expired"


def test_prune_refuses_a_keeping_period_under_a_day(app):
    result = app.test_cli_runner().invoke(args=["certificates", "prune-jobs", "--days", "0"])
    assert result.exit_code != 0 and "保留天数至少为 1 天" in result.output


def test_a_batch_whose_file_disappeared_is_expired_not_a_server_error(
        client, login_as, admin, issue_honour, run_batch, folder):
    job = run_batch([issue_honour("王丽"), issue_honour("李明")])
    (folder / f"job-{job.id}.pdf").unlink()
    login_as(admin)
    assert client.get(f"/certificates/jobs/{job.id}/pdf").status_code == 303
    assert "文件已过期" in client.get(f"/certificates/jobs/{job.id}").get_data(as_text=True)


def _running(admin, total=40, done=25, **fields) -> CertificateJob:
    job = CertificateJob(title="大批次", created_by_id=admin.id, total=total, done=done, state="running",
                         certificate_ids="", **fields)
    db.session.add(job)
    db.session.commit()
    return job


def test_a_job_whose_server_restarted_mid_batch_says_it_was_interrupted(client, login_as, admin, fixed_day, folder):
    job = _running(admin, created_at=NOW - timedelta(minutes=10))  # its thread died with the old process
    login_as(admin)
    page = client.get(f"/certificates/jobs/{job.id}").get_data(as_text=True)
    assert "生成失败" in page and "服务器在生成过程中停止或重启，任务中断（已完成 25/40 张）" in page
    assert "重新生成这批证书（40 张）" in page and "hx-trigger" not in page  # it stops polling
    db.session.refresh(job)
    assert job.state == "failed"
    assert "失败" in client.get("/certificates/jobs").get_data(as_text=True)


def test_a_running_job_with_a_quiet_heartbeat_is_interrupted_and_a_live_one_keeps_running(
        client, login_as, admin, fixed_day, folder):
    dead, alive = _running(admin, created_at=NOW), _running(admin, created_at=NOW)
    quiet = time.time() - jobs.STALE_SECONDS - 5
    (folder / f"job-{dead.id}.alive").touch()
    os.utime(folder / f"job-{dead.id}.alive", (quiet, quiet))
    (folder / f"job-{alive.id}.alive").touch()
    login_as(admin)
    assert "任务中断" in client.get(f"/certificates/jobs/{dead.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    partial = client.get(f"/certificates/jobs/{alive.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "正在生成：25 / 40 张" in partial and 'hx-trigger="every 1s"' in partial


def test_a_job_that_finishes_while_its_page_checks_it_stays_done(app, admin, fixed_day, folder):
    job = _running(admin, created_at=NOW - timedelta(minutes=10))
    # The thread commits "done" after the page read "running" (the page's copy is now out of date).
    db.session.execute(update(CertificateJob).where(CertificateJob.id == job.id).values(state="done")
                       .execution_options(synchronize_session=False))
    assert job.state == "running"
    (folder / f"job-{job.id}.pdf").write_bytes(b"%PDF")
    with app.test_request_context():
        jobs.settle([job], NOW)
    assert job.state == "done" and job.error == ""


def test_a_failed_batch_can_be_printed_again_leaving_out_revoked_certificates(
        client, login_as, admin, issue_honour, run_batch, folder, monkeypatch, tmp_path):
    from blueprints.certificates.issuing import revoke
    certs = [issue_honour("王丽"), issue_honour("李明"), issue_honour("赵敏")]

    def broken(chunk, base_url, font_config=None):
        raise OSError("磁盘已满")

    with monkeypatch.context() as patch:
        patch.setattr(jobs, "certificates_document", broken)
        patch.setattr(jobs, "certificates_pdf", broken)
        failed = run_batch(certs)
    assert failed.state == "failed" and "TD-2026-0001 王丽：磁盘已满" in failed.error
    revoke(certs[1], by=admin, reason="重复颁发", now=NOW)
    db.session.commit()
    login_as(admin)
    response = client.post(f"/certificates/jobs/{failed.id}/again", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "有 1 张证书已撤销或已无权打印" in page and "下载 PDF（2 页）" in page
    new = db.session.scalars(select(CertificateJob).order_by(CertificateJob.id.desc())).first()
    assert pdf_pages(client.get(f"/certificates/jobs/{new.id}/pdf").data, tmp_path) == 2


def test_others_may_not_see_or_print_again_someone_elses_job(client, login_as, admin, teacher, fixed_day, folder):
    job = _running(admin)
    job.state = "expired"
    db.session.commit()
    login_as(teacher)
    assert client.get(f"/certificates/jobs/{job.id}").status_code == 403
    assert client.post(f"/certificates/jobs/{job.id}/again").status_code == 403
    assert db.session.scalar(select(func.count(CertificateJob.id))) == 1


def test_a_done_job_is_not_printed_again(client, login_as, admin, issue_honour, run_batch, folder):
    job = run_batch([issue_honour("王丽"), issue_honour("李明")])
    login_as(admin)
    assert client.post(f"/certificates/jobs/{job.id}/again").status_code == 303
    assert db.session.scalar(select(func.count(CertificateJob.id))) == 1


def test_a_single_certificate_that_cannot_be_rendered_says_which_and_why(client, login_as, issue_honour, monkeypatch):
    from blueprints.certificates.views import mine

    def broken(certs, base_url):
        raise OSError("无法读取字体文件")

    cert = issue_honour("王丽")
    monkeypatch.setattr(mine, "certificates_pdf", broken)
    login_as(cert.staff)
    response = client.get(f"/certificates/{cert.id}/pdf")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/certificates/{cert.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"证书 {cert.serial}（荣誉证书，王丽）的 PDF 生成失败：无法读取字体文件" in page
