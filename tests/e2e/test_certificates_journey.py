"""The admin issues this year's ten 最美教师 certificates as one batch, watches the progress bar, downloads the
PDF, and a stranger opens the verification page of one serial: nothing shows until they type its check code."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, datetime

from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.passwords import hash_password
from blueprints.honours.models import Award
from blueprints.selection.models import Candidate, Selection
from blueprints.selection.rules import default_settings
from tests.e2e.conftest import PASSWORD, log_in

NAMES = ["王甲", "李乙", "赵丙", "钱丁", "孙戊", "周己", "吴庚", "郑辛", "冯壬", "陈癸"]


def test_issue_the_ten_as_a_batch_watch_progress_download_and_verify(page, live_server, tmp_path):
    app = live_server.app
    app.config["FIXED_TODAY"] = date(2026, 9, 10)
    app.config["CERTIFICATES_INLINE_LIMIT"] = 5  # ten go to the background, so the progress bar shows
    with app.app_context():
        person = dict(password_hash=hash_password(PASSWORD), must_change_password=False, gender="F")
        admin = Staff(staff_no="A001", name="余国华", role="admin", **person)
        s = default_settings(2026)
        selection = Selection(**{name: getattr(s, name) for name in s.__dataclass_fields__})
        selection.confirmed_at = datetime(2026, 9, 8, 7)
        db.session.add_all([admin, selection])
        for n, name in enumerate(NAMES):
            teacher = Staff(staff_no=f"T{n:03d}", name=name, **person)
            award = Award(recipient_kind="teacher", staff=teacher, title="校级最美教师", category="荣誉称号", level="校",
                          grade="其他", awarded_on=date(2026, 9, 10))
            db.session.add(Candidate(selection=selection, staff=teacher, reason="事迹。", award=award))
        db.session.commit()
    base = live_server.url

    log_in(page, base, "A001")
    page.get_by_role("link", name="证书").first.click()
    page.get_by_text("颁发与管理证书").click()
    page.get_by_role("button", name="颁发2026年度校级最美教师评选荣誉证书").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("荣誉证书")
    expect(page.locator(".cert-job")).to_be_visible()  # progress bar while running, then the link
    download_link = page.get_by_text("下载 PDF（10 页）")
    expect(download_link).to_be_visible(timeout=30000)  # the bar polled its way to the end
    with page.expect_download() as info:
        download_link.click()
    saved = tmp_path / "batch.pdf"
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    pages = subprocess.run(["pdfinfo", str(saved)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else "Pages: 10"
    assert re.search(r"Pages:\s+10\b", pages)

    # A stranger holding the third paper types its address, which alone reveals nothing, then its check code.
    code = _printed_check_code(saved, 3, app)
    page.context.clear_cookies()
    page.goto(base + "/certificates/verify/TD-2026-0003")
    expect(page.get_by_label("请输入证书上的校验码")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(NAMES[2])
    page.get_by_label("请输入证书上的校验码").fill("ABCD-EFGH")
    page.get_by_role("button", name="核验").click()
    expect(page.locator(".field-error")).to_contain_text("校验码不正确")
    expect(page.locator("main")).not_to_contain_text("荣誉证书")
    page.get_by_label("请输入证书上的校验码").fill(code.lower())  # as typed on a phone
    page.get_by_role("button", name="核验").click()
    expect(page.locator(".cert-verify-ok")).to_contain_text("真实有效")
    expect(page.locator("main")).to_contain_text("荣誉证书")
    expect(page.locator("main")).to_contain_text(NAMES[2])


def _printed_check_code(pdf, number: int, app) -> str:
    """The check code printed on one page of the batch (read off the PDF, or the database without poppler)."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert f"TD-2026-{number:04d}" in text
        # pdftotext may put a space inside the code where glyph widths leave a gap (SUKG -CQYH): read it without spaces
        return re.search(r"校验码([0-9A-Z]{4}-[0-9A-Z]{4})", re.sub(r"\s", "", text)).group(1)
    from sqlalchemy import select

    from blueprints.certificates.models import Certificate
    with app.app_context():
        return db.session.scalar(select(Certificate.check_code).where(Certificate.serial == f"TD-2026-{number:04d}"))
