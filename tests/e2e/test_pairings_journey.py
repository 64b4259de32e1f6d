"""The admin pairs a newcomer from a suggestion; the apprentice logs a session; the mentor confirms it; the bar moves.
A coordinator pages through a long list of newcomers, and the address of the page opens it again."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Semester, Staff
from blueprints.accounts.passwords import hash_password
from blueprints.pairings.board import NEWCOMERS_PER_PAGE
from tests.e2e.conftest import PASSWORD, log_in




def test_pair_from_a_suggestion_log_confirm_and_watch_the_progress(page, live_server):
    live_server.app.config["FIXED_TODAY"] = date(2026, 11, 25)
    with live_server.app.app_context():
        password = hash_password(PASSWORD)
        people = dict(password_hash=password, must_change_password=False, gender="F", subject="语文", grade_band="中段")
        newcomer = Staff(staff_no="T0139", name="刘雪晴", title="未定级", arrival_date=date(2026, 9, 1), **people)
        db.session.add_all([
            Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22), is_current=True),
            Staff(staff_no="T0001", name="余国华", role="admin", **{**people, "gender": "M", "subject": "行政", "grade_band": ""}),
            Staff(staff_no="T0017", name="徐玉兰", title="高级教师", is_famous=True, is_backbone=True, **people),
            newcomer,
        ])
        db.session.commit()
        newcomer_card = f"#newcomer-{newcomer.id}"
    base = live_server.url

    log_in(page, base, "T0001")
    page.goto(base + "/pairings/")
    newcomers = page.locator("#newcomers")
    expect(newcomers.get_by_text("名师 · 同学科 · 同年级段 · 当前带徒 0/2")).to_be_visible()
    newcomers.get_by_role("button", name="刘雪晴 拜 徐玉兰 为师").click()
    expect(newcomers.get_by_text("已为 刘雪晴 安排师傅 徐玉兰。")).to_be_visible()
    expect(page.locator(newcomer_card)).to_have_count(0)
    expect(page.locator("#board-table").get_by_role("link", name="刘雪晴")).to_be_visible()

    log_in(page, base, "T0139")
    page.get_by_role("link", name="记录一次帮扶").click()
    form = page.locator("#pairing-logs form")
    form.get_by_label("帮扶形式").select_option(label="听课（徒弟听师傅的课）")
    form.get_by_label("日期").fill("2026-11-20")
    form.get_by_label("时长（分钟）").fill("45")
    form.get_by_label("做了什么").fill("听师傅执教《去年的树》，重点学习朗读指导。")
    form.get_by_role("button", name="保存记录").click()
    expect(page.get_by_text("已保存，等待对方确认。")).to_be_visible()

    log_in(page, base, "T0017")
    page.get_by_role("link", name="刘雪晴 · 听课（徒弟听师傅的课）").click()
    bar = page.locator('progress[data-metric="apprentice_observes"]')
    expect(bar).to_have_attribute("value", "0")
    page.get_by_label("回复（可不填）").fill("很好，下周我来听你的课。")
    page.get_by_role("button", name="确认这条记录").click()
    expect(bar).to_have_attribute("value", "1")
    expect(page.locator('[data-progress-count="apprentice_observes"]')).to_have_text("1/8")
    expect(page.get_by_text("很好，下周我来听你的课。")).to_be_visible()


def test_the_coordinator_pages_through_newcomers_and_the_address_opens_that_page(page, live_server):
    live_server.app.config["FIXED_TODAY"] = date(2026, 11, 25)
    with live_server.app.app_context():
        people = dict(password_hash=hash_password(PASSWORD), must_change_password=False, gender="F", grade_band="中段")
        db.session.add_all([
            Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22), is_current=True),
            Staff(staff_no="T0001", name="余国华", role="admin", **{**people, "subject": "行政", "grade_band": ""}),
            Staff(staff_no="T0017", name="徐玉兰", subject="语文", title="高级教师", is_backbone=True, **people),
        ])
        newcomers = [Staff(staff_no=f"T02{n:02d}", name=f"新教师{n:02d}", subject="语文", title="未定级",
                           arrival_date=date(2026, 9, 1) + timedelta(days=n), **people)
                     for n in range(NEWCOMERS_PER_PAGE + 2)]
        db.session.add_all(newcomers)
        db.session.commit()
    base = live_server.url

    log_in(page, base, "T0001")
    page.goto(base + "/pairings/")
    section = page.locator("#newcomers")
    expect(section.get_by_text(f"还有 {len(newcomers)} 位新教师未结对")).to_be_visible()
    expect(section.locator("article.newcomer")).to_have_count(NEWCOMERS_PER_PAGE)
    section.get_by_role("navigation", name="新教师名单翻页").get_by_role("link", name="下一页").click()
    expect(page).to_have_url(re.compile(r"/pairings/\?semester=\d+&newcomer_page=2$"))
    expect(section.locator("article.newcomer")).to_have_count(2)
    expect(section.get_by_role("button", name="新教师07 拜 徐玉兰 为师")).to_be_visible()
    page.reload()
    expect(page.locator("#newcomers article.newcomer")).to_have_count(2)
    expect(page.get_by_text("（第 2/2 页）")).to_be_visible()
