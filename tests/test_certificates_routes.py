"""Certificate pages: who may issue and revoke, 我的证书, downloads, batches as jobs (verification: test_certificates_verify)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import threading

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.certificates.models import Certificate, CertificateJob
from tests.test_certificates_support import NOW, fixed_day, issue_honour, pdf_pages  # noqa: F401
from tests.test_events_support import make_event  # noqa: F401
from tests.test_selection_support import make_candidate, make_selection  # noqa: F401


@pytest.fixture
def award(make_staff):
    from blueprints.honours.models import Award
    row = Award(recipient_kind="teacher", staff=make_staff(name="王丽"), title="开化县小学语文优质课评比",
                category="优质课评比", level="县", grade="一等奖", awarded_on=date(2026, 5, 22))
    db.session.add(row)
    db.session.commit()
    return row


def test_the_admin_issues_an_honour_certificate_and_the_teacher_downloads_it(client, login_as, admin, award, fixed_day, tmp_path):
    login_as(admin)
    response = client.post(f"/certificates/issue/award/{award.id}")
    cert = db.session.scalars(select(Certificate)).one()
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/certificates/{cert.id}")
    code = f"{cert.check_code[:4]}-{cert.check_code[4:]}"  # as printed beside the serial
    detail = client.get(f"/certificates/{cert.id}").get_data(as_text=True)
    assert "TD-2026-0001" in detail and code in detail
    assert f"/certificates/verify/TD-2026-0001?code={cert.check_code}" in detail  # 查看核验页 opens the result
    manage = client.get("/certificates/manage").get_data(as_text=True)
    assert "TD-2026-0001" in manage and code in manage
    client.post("/logout")
    login_as(award.staff)
    mine = client.get("/certificates/").get_data(as_text=True)
    assert "TD-2026-0001" in mine and "在开化县小学语文优质课评比中荣获一等奖" in mine and f"校验码 <span class=\"cert-code\">{code}</span>" in mine
    pdf = client.get(f"/certificates/{cert.id}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf_pages(pdf.data, tmp_path) == 1


def test_teachers_may_not_issue_revoke_or_see_others_certificates(client, login_as, teacher, issue_honour):
    cert = issue_honour("李明")
    login_as(teacher)
    assert client.post(f"/certificates/issue/award/{cert.award_id}").status_code == 403
    assert client.post(f"/certificates/{cert.id}/revoke", data={"reason": "x"}).status_code == 403
    assert client.get(f"/certificates/{cert.id}").status_code == 403
    assert client.get(f"/certificates/{cert.id}/pdf").status_code == 403
    assert client.get("/certificates/manage").status_code == 403
    assert "TD-2026-0001" not in client.get("/certificates/").get_data(as_text=True)


def _held_event_with_attendance(make_event, make_staff, make_group, leader):
    from blueprints.events.models import Attendance
    group = make_group(name="青年教师成长营", kind="camp", leaders=[leader])
    event = make_event(group=group, status="held", training_hours=Decimal("2.5"),
                       starts_at=NOW - timedelta(days=3), held_at=NOW - timedelta(days=3))
    for person in (make_staff(name="陈晨"), make_staff(name="周洁")):
        db.session.add(Attendance(event=event, staff=person, signed_in_at=NOW - timedelta(days=3), source="hand"))
    db.session.commit()
    return event


def test_a_group_leader_certifies_attendance_of_their_own_groups_event_only(
        client, login_as, make_event, make_staff, make_group, fixed_day, tmp_path):
    leader, other_leader = make_staff(name="组长"), make_staff(name="别组组长")
    event = _held_event_with_attendance(make_event, make_staff, make_group, leader)
    make_group(name="语文组", kind="subject", leaders=[other_leader])
    login_as(other_leader)
    assert client.post(f"/certificates/issue/event/{event.id}/attendance").status_code == 403
    client.post("/logout")
    login_as(leader)
    response = client.post(f"/certificates/issue/event/{event.id}/attendance")
    job = db.session.scalars(select(CertificateJob)).one()
    assert response.headers["Location"].endswith(f"/certificates/jobs/{job.id}")
    db.session.refresh(job)
    assert job.state == "done" and job.total == 2
    certs = db.session.scalars(select(Certificate).order_by(Certificate.id)).all()
    assert [c.kind_label for c in certs] == ["参训证明", "参训证明"] and "计2.5学时" in certs[0].sentence
    page = client.get(f"/certificates/jobs/{job.id}").get_data(as_text=True)
    assert "下载 PDF（2 页）" in page
    pdf = client.get(f"/certificates/jobs/{job.id}/pdf")
    assert pdf.status_code == 200 and pdf_pages(pdf.data, tmp_path) == 2
    # the leader may revoke what they issued for their event, not honours
    assert client.post(f"/certificates/{certs[0].id}/revoke", data={"reason": "未全程参加"}).status_code == 303


def test_an_event_not_yet_held_gets_no_certificates(client, login_as, admin, make_event, fixed_day):
    event = make_event()
    login_as(admin)
    response = client.post(f"/certificates/issue/event/{event.id}/attendance", headers={"Referer": "/events/"})
    assert response.status_code == 303 and db.session.scalar(select(func.count(Certificate.id))) == 0
    assert "活动举行后才能开具参训证明" in client.get("/certificates/").get_data(as_text=True)


def test_a_large_batch_runs_in_the_background_and_reports_progress(
        app, client, login_as, admin, make_selection, make_candidate, fixed_day, tmp_path):
    from blueprints.honours.models import Award
    app.config["CERTIFICATES_INLINE_LIMIT"] = 3
    selection = make_selection()
    for i in range(10):
        candidate = make_candidate(selection)
        candidate.award = Award(recipient_kind="teacher", staff_id=candidate.staff_id, title="校级最美教师",
                                category="荣誉称号", level="校", grade="其他", awarded_on=date(2026, 9, 10))
    selection.confirmed_at = datetime(2026, 9, 9)
    db.session.commit()
    login_as(admin)
    response = client.post(f"/certificates/issue/selection/{selection.id}")
    job = db.session.scalars(select(CertificateJob)).one()
    assert response.headers["Location"].endswith(f"/certificates/jobs/{job.id}")
    import time
    for _ in range(200):
        partial = client.get(f"/certificates/jobs/{job.id}", headers={"HX-Request": "true"}).get_data(as_text=True)
        if "下载 PDF" in partial:
            break
        assert "正在生成" in partial and "<progress" in partial and "<html" not in partial
        db.session.rollback()  # a real server ends each request's transaction; the test's context stays open
        time.sleep(0.1)
    assert "下载 PDF（10 页）" in partial
    assert pdf_pages(client.get(f"/certificates/jobs/{job.id}/pdf").data, tmp_path) == 10
    assert job.title in client.get("/certificates/jobs").get_data(as_text=True)
    # issuing the batch again prints the same ten serials, no new ones
    client.post(f"/certificates/issue/selection/{selection.id}")
    assert db.session.scalar(select(func.count(Certificate.id))) == 10
    for thread in threading.enumerate():  # let the second job finish before the tables are emptied
        if thread.name.startswith("cert-job-"):
            thread.join(timeout=60)


def test_the_admin_uploads_a_png_seal_that_prints_inline_and_other_files_are_refused(app, client, login_as, admin, issue_honour):
    import io as _io

    from PIL import Image

    from blueprints.certificates.render import certificates_html, seal_path
    login_as(admin)
    bad = client.post("/certificates/seal", data={"seal": (_io.BytesIO(b"GIF89a not a png"), "seal.png")},
                      content_type="multipart/form-data")
    assert bad.status_code == 303 and not seal_path().exists()
    assert "请上传 PNG 格式的图片" in client.get("/certificates/manage").get_data(as_text=True)
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the right signature, but no picture behind it
    client.post("/certificates/seal", data={"seal": (_io.BytesIO(broken), "seal.png")}, content_type="multipart/form-data")
    assert not seal_path().exists()
    assert "PNG 图片已损坏" in client.get("/certificates/manage").get_data(as_text=True)
    picture = _io.BytesIO()
    Image.new("RGBA", (40, 40), (200, 0, 0, 180)).save(picture, "PNG")
    picture.seek(0)
    try:
        client.post("/certificates/seal", data={"seal": (picture, "公章.png")}, content_type="multipart/form-data")
        assert seal_path().is_file()
        cert = issue_honour("王丽")
        with app.test_request_context():
            assert 'class="seal" src="data:image/png;base64,' in certificates_html([cert], "http://x/")
    finally:
        seal_path().unlink(missing_ok=True)


def test_a_failed_batch_names_the_certificate_and_why(app, client, login_as, admin, issue_honour, monkeypatch):
    from blueprints.certificates import jobs
    certs = [issue_honour("王丽"), issue_honour("李明")]

    def broken_document(chunk, base_url, font_config=None):
        raise OSError("字体文件损坏")

    def broken_single(chunk, base_url):
        if chunk[0].serial == "TD-2026-0002":
            raise OSError("字体文件损坏")
        return b"%PDF"

    monkeypatch.setattr(jobs, "certificates_document", broken_document)
    monkeypatch.setattr(jobs, "certificates_pdf", broken_single)
    login_as(admin)
    with app.test_request_context():
        from flask_login import login_user
        login_user(admin)
        from blueprints.certificates.views.batch import print_batch
        print_batch(certs, "测试批次")
    db.session.rollback()
    job = db.session.scalars(select(CertificateJob)).one()
    assert job.state == "failed" and "TD-2026-0002 李明" in job.error and "字体文件损坏" in job.error
    page = client.get(f"/certificates/jobs/{job.id}").get_data(as_text=True)
    assert "生成失败" in page and "TD-2026-0002 李明" in page


def test_the_lists_take_the_same_number_of_queries_for_2_or_8_certificates(client, login_as, admin, issue_honour, count_queries):
    login_as(admin)

    def measure(path: str) -> int:
        with count_queries() as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    for name in ("甲", "乙"):
        issue_honour(name)
    few = measure("/certificates/manage"), measure("/certificates/")
    for name in ("丙", "丁", "戊", "己", "庚", "辛"):
        issue_honour(name)
    assert (measure("/certificates/manage"), measure("/certificates/")) == few
