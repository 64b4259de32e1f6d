"""The main pages load under the strict Content-Security-Policy without a single violation: every
script and style comes from the app's own files, and htmx still works (the kiosk answers a search)."""
from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from app import db
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.accounts.passwords import hash_password
from blueprints.events.models import Event
from blueprints.kiosk.services import open_kiosk

PASSWORD = "qingchun-2026"
#: 2026-11-25 10:00 in Beijing.
NOW = datetime(2026, 11, 25, 2, 0)


def test_main_pages_report_no_csp_violation(page: Page, live_server):
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        password = hash_password(PASSWORD)
        admin = Staff(staff_no="A001", name="林书记", gender="F", role="admin", password_hash=password,
                      must_change_password=False)
        teacher = Staff(staff_no="T001", name="李四", gender="M", password_hash=password, must_change_password=False)
        studio = Group(name="特级教师工作室", kind="studio")
        db.session.add_all([admin, teacher, studio, Membership(group=studio, staff=teacher)])
        db.session.flush()
        event = Event(kind="growth_salon", group_id=studio.id, title="青年教师成长沙龙", place="三楼录播室",
                      starts_at=NOW - timedelta(minutes=15), ends_at=NOW + timedelta(hours=1))
        db.session.add(event)
        db.session.flush()
        kiosk = open_kiosk(event, label="录播室门口", opens_minutes_before=60, closes_minutes_after=30,
                           by=admin, now=NOW - timedelta(days=1))
        db.session.commit()
        event_id, token = event.id, kiosk.token
    url = live_server.url

    violations: list[str] = []

    def watch(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", watch)
    page.goto(url + "/login")
    page.get_by_label("工号").fill("A001")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("老师，您好")

    for path in ["/", "/staff/", "/pairings/", "/open-lessons/", "/calendars/", f"/events/{event_id}"]:
        response = page.goto(url + path)
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")

    # The staff search is htmx: a swap under the CSP must still work.
    page.goto(url + "/staff/")
    page.wait_for_load_state("networkidle")

    page.goto(f"{url}/kiosk/k/{token}")
    expect(page.get_by_role("heading", name="青年教师成长沙龙")).to_be_visible()
    page.keyboard.type("ls")
    expect(page.get_by_role("button", name="李四")).to_be_visible()
    page.wait_for_load_state("networkidle")

    assert violations == []
