"""A studio leader creates a salon with 2 seats; three teachers register, the third waits; one cancels;
the third sees on her home page that a seat came free; the leader marks her present."""
from __future__ import annotations

from datetime import datetime

from playwright.sync_api import Page, expect

from app import db
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.accounts.passwords import hash_password
from tests.e2e.conftest import PASSWORD, log_in

#: 2026-11-25 10:00 in Beijing; the salon starts at 10:30, so registration is open and sign-in too.
NOW = datetime(2026, 11, 25, 2, 0)



def test_waiting_list_moves_up_and_the_organiser_marks_attendance(page: Page, browser, live_server):
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        password = hash_password(PASSWORD)
        people = {
            no: Staff(staff_no=no, name=name, gender="F", password_hash=password, must_change_password=False)
            for no, name in [("L001", "林工作室"), ("T001", "王甲"), ("T002", "李乙"), ("T003", "赵丙")]
        }
        db.session.add_all(people.values())
        studio = Group(name="特级教师工作室", kind="studio")
        db.session.add_all([studio, Membership(group=studio, staff=people["L001"], is_leader=True)])
        db.session.commit()
    url = live_server.url

    # The leader creates the salon.
    log_in(page, url, "L001")
    page.goto(url + "/events/new")
    page.get_by_label("活动类型").select_option(label="教师成长沙龙")
    page.get_by_label("主办组织").select_option(label="特级教师工作室")
    page.get_by_label("活动名称").fill("青年教师成长沙龙：课堂提问的艺术")
    page.get_by_label("地点").fill("三楼录播室")
    page.get_by_label("开始时间").fill("2026-11-25T10:30")
    page.get_by_label("结束时间").fill("2026-11-25T12:00")
    page.get_by_label("名额").fill("2")
    page.get_by_role("button", name="创建活动").click()
    expect(page.get_by_text("已创建活动「青年教师成长沙龙：课堂提问的艺术」。")).to_be_visible()
    manage_url = page.url

    # Three teachers register, each in their own browser; the third joins the waiting list.
    teachers = {}
    for staff_no in ("T001", "T002", "T003"):
        teachers[staff_no] = browser.new_context().new_page()
        log_in(teachers[staff_no], url, staff_no)
        teachers[staff_no].goto(url + "/events/")
        card = teachers[staff_no].locator("article", has_text="课堂提问的艺术")
        card.get_by_role("button", name="加入候补" if staff_no == "T003" else "报名").click()
        if staff_no == "T003":
            expect(card.get_by_text("候补第 1 位")).to_be_visible()
        else:
            expect(card.get_by_text("报名成功。")).to_be_visible()
            expect(card.get_by_text("已报名", exact=True)).to_be_visible()

    # 王甲 gives her seat back, in place on the list.
    card = teachers["T001"].locator("article", has_text="课堂提问的艺术")
    card.get_by_role("button", name="取消报名").click()
    expect(card.get_by_text("已取消报名。")).to_be_visible()
    expect(card.get_by_role("button", name="加入候补")).to_be_visible()  # the seat went to 赵丙

    # 赵丙 sees on her home page that a seat came free.
    third = teachers["T003"]
    third.goto(url + "/")
    expect(third.get_by_text("有名额空出来了")).to_be_visible()
    expect(third.locator(".event-notice")).to_contain_text("课堂提问的艺术")
    third.get_by_role("button", name="知道了").click()
    expect(third.get_by_text("有名额空出来了")).to_have_count(0)

    # The leader marks 赵丙 present on the organiser page.
    page.goto(manage_url)
    page.get_by_role("button", name="赵丙 签到").click()
    expect(page.get_by_text("已登记 赵丙 签到。")).to_be_visible()
    expect(page.locator(".roster-counts")).to_contain_text("已签到 1")
    for other in teachers.values():
        other.context.close()
