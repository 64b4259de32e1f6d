"""At the door of a salon, on a tablet: a scanned code signs 李四 in, a second scan says he already did,
张三 finds himself by typing "zs" and taps his name; a wrong sign-in is undone; when the network drops, the
kiosk says the sign-in is not confirmed and sends it again by itself once the network is back."""
from __future__ import annotations

from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.events.models import Event
from blueprints.kiosk.codes import ensure_code
from blueprints.kiosk.services import open_kiosk

#: 2026-11-25 10:00 in Beijing; the salon started at 09:45.
NOW = datetime(2026, 11, 25, 2, 0)


def test_scan_scan_again_search_tap_undo_and_survive_a_dropped_connection(page: Page, live_server):
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        people = {no: Staff(staff_no=no, name=name, gender="M") for no, name in
                  [("A001", "林书记"), ("T001", "李四"), ("T002", "张三"), ("T003", "王五")]}
        people["A001"].role = "admin"
        studio = Group(name="特级教师工作室", kind="studio")
        db.session.add_all([*people.values(), studio])
        db.session.flush()
        event = Event(kind="growth_salon", group_id=studio.id, title="青年教师成长沙龙", place="三楼录播室",
                      starts_at=NOW - timedelta(minutes=15), ends_at=NOW + timedelta(hours=1, minutes=30))
        db.session.add(event)
        db.session.flush()
        codes = {no: ensure_code(people[no], NOW).code for no in ("T001", "T003")}
        kiosk = open_kiosk(event, label="录播室门口", opens_minutes_before=60, closes_minutes_after=30,
                           by=people["A001"], now=NOW - timedelta(days=1))
        db.session.commit()
        link = f"{live_server.url}/kiosk/k/{kiosk.token}"

    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(link)
    expect(page.get_by_role("heading", name="青年教师成长沙龙")).to_be_visible()
    field = page.get_by_label("请扫描签到码，或输入姓名 / 拼音首字母")
    expect(field).to_be_focused()
    count = page.locator("#kiosk-count")
    answer = page.locator("#kiosk-answer")

    # The USB scanner "types" the code and Enter into the focused field.
    page.keyboard.type(codes["T001"])
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("签到成功")
    expect(answer).to_contain_text("李四 10:00")
    expect(count).to_contain_text("已签到 1")
    expect(field).to_have_value("")

    page.keyboard.type(codes["T001"])
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("李四 已于 10:00 签到")
    expect(answer).to_contain_text("已签到")

    # No code with him: 张三 types the initials of his name and taps it.
    page.keyboard.type("zs")
    page.get_by_role("button", name="张三").click()
    expect(answer).to_contain_text("签到成功")
    expect(answer).to_contain_text("张三")
    expect(count).to_contain_text("已签到 2")
    expect(field).to_be_focused()

    # A wrong tap is taken back.
    answer.get_by_role("button", name="撤销这次签到").click()
    expect(answer).to_contain_text("已撤销签到")
    expect(count).to_contain_text("已签到 1")

    # The network drops: the scan is shown as not confirmed, and goes through once the network is back.
    page.context.set_offline(True)
    page.keyboard.type(codes["T003"])
    page.keyboard.press("Enter")
    expect(answer).to_contain_text("未确认")
    page.context.set_offline(False)
    expect(answer).to_contain_text("签到成功", timeout=10000)
    expect(answer).to_contain_text("王五")
    expect(count).to_contain_text("已签到 2")
