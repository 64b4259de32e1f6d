"""A teacher logs in, finds a colleague by pinyin initials as she types, and opens the colleague's page."""
from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.passwords import hash_password


def test_log_in_search_by_initials_and_open_a_colleague(page, live_server):
    with live_server.app.app_context():
        password = hash_password("qingchun-2026")
        db.session.add_all(
            [
                Staff(staff_no="T0001", name="王丽", gender="F", subject="语文", password_hash=password, must_change_password=False),
                Staff(staff_no="T0002", name="张三", gender="M", subject="数学", title="一级教师", password_hash=password),
                Staff(staff_no="T0003", name="李四", gender="M", subject="体育", password_hash=password),
            ]
        )
        db.session.commit()

    page.goto(live_server.url + "/staff/")
    expect(page).to_have_url(live_server.url + "/login?next=/staff/")
    page.get_by_label("工号").fill("T0001")
    page.get_by_label("密码").fill("qingchun-2026")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="教职工")).to_be_visible()
    page.wait_for_load_state("load")  # htmx wires the search box on load; typing before that searches nothing

    page.get_by_role("searchbox", name="搜索教职工").fill("zs")
    table = page.locator("#staff-table")
    expect(table.get_by_role("link", name="张三")).to_be_visible()
    expect(table.get_by_role("link", name="李四")).to_have_count(0)
    expect(page).to_have_url(live_server.url + "/staff/?q=zs")

    table.get_by_role("link", name="张三").click()
    expect(page.get_by_role("heading", name="张三")).to_be_visible()
    expect(page.get_by_text("T0002")).to_be_visible()
    expect(page.get_by_text("一级教师")).to_be_visible()
