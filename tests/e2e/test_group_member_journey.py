"""The admin adds a colleague to a group with the shared colleague search, in a real browser."""
from playwright.sync_api import expect

from app import db
from blueprints.accounts.models import Group, Staff
from blueprints.accounts.passwords import hash_password


def test_admin_picks_a_colleague_and_adds_her_to_the_choir(page, live_server):
    with live_server.app.app_context():
        password = hash_password("qingchun-2026")
        db.session.add_all(
            [
                Staff(staff_no="A0001", name="余国华", gender="M", role="admin", password_hash=password, must_change_password=False),
                Staff(staff_no="T0022", name="程菲", gender="F", subject="语文", password_hash=password),
                Group(name="女教师合唱团", kind="arts"),
            ]
        )
        db.session.commit()
        group_id = db.session.scalar(db.select(Group.id))

    page.goto(live_server.url + "/login")
    page.get_by_label("工号").fill("A0001")
    page.get_by_label("密码").fill("qingchun-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/groups/{group_id}")

    page.get_by_label("添加成员").fill("cf")
    page.get_by_role("button", name="程菲").click()
    expect(page.get_by_text("已选择：程菲（T0022）")).to_be_visible()
    page.get_by_role("button", name="加入").click()
    members = page.locator("#group-members table")
    expect(members.get_by_role("link", name="程菲")).to_be_visible()
    expect(page.get_by_role("heading", name="成员（1）")).to_be_visible()
