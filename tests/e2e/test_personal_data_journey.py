"""A teacher downloads 个人数据导出 from their own page and finds their phone in it; the admin then sees the
export in the audit trail, named in Chinese."""
from __future__ import annotations

from openpyxl import load_workbook
from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.passwords import hash_password

PASSWORD = "qingchun-2026"


def test_a_teacher_exports_their_data_and_the_admin_sees_it_audited(page, live_server, tmp_path):
    app = live_server.app
    with app.app_context():
        person = dict(password_hash=hash_password(PASSWORD), must_change_password=False, gender="F")
        db.session.add_all([Staff(staff_no="A001", name="余国华", role="admin", **person),
                            Staff(staff_no="T001", name="刘雪晴", phone="18247357363", **person)])
        db.session.commit()
    base = live_server.url

    def log_in(staff_no):
        page.goto(base + "/login")
        page.get_by_label("工号").fill(staff_no)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()

    log_in("T001")
    page.goto(base + "/staff/")
    page.get_by_role("link", name="刘雪晴").click()
    expect(page.get_by_role("heading", name="个人数据")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="个人数据导出").click()
    assert info.value.suggested_filename.startswith("个人数据导出-刘雪晴-")
    saved = tmp_path / "export.xlsx"
    info.value.save_as(saved)
    book = load_workbook(saved)
    assert "基本信息" in book.sheetnames and "登录记录" in book.sheetnames
    assert any(row == ("手机号", "18247357363") for row in book["基本信息"].iter_rows(values_only=True))

    page.context.clear_cookies()
    log_in("A001")
    page.goto(base + "/audit/?action=personal_data.export")
    expect(page.locator("#audit-entries")).to_contain_text("导出个人数据")
    expect(page.locator("#audit-entries")).to_contain_text("刘雪晴（T001）的个人数据")
