"""A teacher nominates a colleague, the admin accepts; in the voting week a teacher votes up to the limit and
sees the 11th vote refused; the admin ends the vote and confirms the chosen, who get the honour."""
from __future__ import annotations

from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Staff
from blueprints.accounts.passwords import hash_password
from blueprints.selection.models import ACCEPTED, Candidate, Nomination, Selection
from blueprints.selection.rules import default_settings
from tests.e2e.conftest import PASSWORD, log_in

NAMES = ["王甲", "李乙", "赵丙", "钱丁", "孙戊", "周己", "吴庚", "郑辛", "冯壬", "陈癸"]



def test_nominate_accept_vote_to_the_limit_close_and_confirm(page, live_server):
    app = live_server.app
    app.config["FIXED_TODAY"] = date(2026, 8, 25)  # nominations are open
    with app.app_context():
        password = hash_password(PASSWORD)
        person = dict(password_hash=password, must_change_password=False, gender="F", subject="语文")
        admin = Staff(staff_no="A001", name="余国华", role="admin", **person)
        voter = Staff(staff_no="T001", name="林欣怡", **person)
        nominee = Staff(staff_no="T002", name="程菲", **person)
        others = [Staff(staff_no=f"T1{n:02d}", name=name, **person) for n, name in enumerate(NAMES)]
        s = default_settings(2026)
        selection = Selection(**{name: getattr(s, name) for name in s.__dataclass_fields__})
        db.session.add_all([admin, voter, nominee, selection, *others])
        db.session.flush()
        for colleague in others:  # ten candidates already accepted
            candidate = Candidate(selection_id=selection.id, staff=colleague, reason=f"{colleague.name}老师的感人事迹。")
            db.session.add_all([candidate, Nomination(selection_id=selection.id, nominee=colleague, nominator=admin,
                                                      reason="理由写得足够长了。", status=ACCEPTED, candidate=candidate)])
        db.session.commit()
    base = live_server.url

    # 林欣怡 nominates 程菲, found by her pinyin initials.
    log_in(page, base, "T001")
    page.get_by_role("button", name="去提名").click()
    expect(page.get_by_role("heading", name="提名一位同事")).to_be_visible()
    page.wait_for_load_state("load")  # htmx binds the search box once its deferred script has run
    page.get_by_label("被提名的同事").fill("cf")
    page.get_by_role("button", name="程菲").click()
    page.get_by_label("提名理由").fill("带的班级是全校有名的书香班，每天中午陪孩子们读书。")
    page.get_by_role("button", name="提交提名").click()
    expect(page.get_by_text("已提名程菲老师")).to_be_visible()

    # The admin accepts the nomination: 程菲 becomes the eleventh candidate.
    log_in(page, base, "A001")
    page.goto(base + "/selection/2026/review")
    page.locator("#nominee-" + str(_id("T002", app))).get_by_role("button", name="接受为候选人").click()
    expect(page.get_by_text("程菲已成为候选人。")).to_be_visible()

    # The voting week: 林欣怡 gives her ten votes, the count going down in place; the eleventh is refused.
    app.config["FIXED_TODAY"] = date(2026, 9, 3)
    log_in(page, base, "T001")
    page.goto(base + "/selection/2026/ballot")
    left = page.locator("#votes-left")
    expect(left).to_contain_text("还可投 10 票")
    for name in NAMES:
        card = page.locator("article.ballot-card", has_text=name)
        card.get_by_role("button", name="投一票").click()
        expect(card.get_by_text("已投给" + name)).to_be_visible()
    expect(left).to_contain_text("还可投 0 票")
    card = page.locator("article.ballot-card", has_text="程菲")
    card.get_by_role("button", name="投一票").click()
    expect(card.get_by_text("您的 10 票已经投完。如要改投，请先取消一票。")).to_be_visible()
    expect(left).to_contain_text("已投 10 票")

    # The admin ends the vote early and confirms the ten chosen by the count.
    log_in(page, base, "A001")
    page.goto(base + "/selection/2026/results")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提前结束投票").click()
    expect(page.get_by_text("投票已结束，可以查看结果并确认当选名单。")).to_be_visible()
    page.get_by_role("button", name="确认当选名单").click()
    expect(page.get_by_text("已确认 10 位2026年度校级最美教师")).to_be_visible()
    page.goto(base + "/honours/?category=荣誉称号")
    expect(page.locator(".honour-table tbody tr")).to_have_count(10)


def _id(staff_no: str, app) -> int:
    with app.app_context():
        return db.session.scalar(select(Staff.id).where(Staff.staff_no == staff_no))
