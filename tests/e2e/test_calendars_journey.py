"""A teacher opens the women's-home calendar, goes to next month, opens the 妇女之家 of the second Wednesday from
the grid, registers in the side panel and sees it marked in the grid; the back button and the address bar follow;
at phone width the month is a list of days that still works. And a busy day: its cell shows a few events (the
teacher's own among them) and "还有 N 项", which opens the day's every event beside the month; in the week, five
cards and "还有 N 项", which opens the whole day in place."""
from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal

from playwright.sync_api import Page, expect

from app import db
from blueprints.accounts.models import Group, Membership, Semester, Staff
from blueprints.accounts.passwords import hash_password
from blueprints.calendars.recurrence import Pattern, Schedule
from blueprints.calendars.series import create_series
from blueprints.events.models import Event, Registration
from tests.e2e.conftest import PASSWORD, log_in

NOW = datetime(2026, 11, 25, 2, 0)  #: 2026-11-25 10:00 in Beijing


def test_register_for_the_womens_home_from_the_month_grid(page: Page, live_server):
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        password = hash_password(PASSWORD)
        chair = Staff(staff_no="W001", name="吴主任", gender="F", password_hash=password, must_change_password=False)
        teacher = Staff(staff_no="T001", name="刘雪晴", gender="F", password_hash=password, must_change_password=False)
        women = Group(name="妇委会", kind="women")
        db.session.add_all([chair, teacher, women, Membership(group=women, staff=chair, is_leader=True),
                            Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1), end_date=date(2027, 1, 22),
                                     is_current=True)])
        db.session.flush()
        create_series(
            {"kind": "womens_home", "dimension": "", "group_id": women.id, "title": "妇女之家", "description": "",
             "place": "教工之家", "audience": "women", "young_max_age": 35, "audience_group_ids": [], "capacity": 30,
             "walk_ins_allowed": True, "training_hours": Decimal("0")},
            Schedule(Pattern("monthly_nth", nth=2, nth_weekday=2, until=date(2027, 1, 22)), date(2026, 9, 1),
                     time(15, 30), time(17, 0)),
            None, chair, datetime(2026, 8, 20))
        db.session.commit()
    url = live_server.url

    log_in(page, url, "T001")
    page.get_by_role("link", name="日历", exact=True).click()
    page.get_by_role("link", name="妇女之家", exact=True).click()
    expect(page).to_have_url(re.compile(r"cal=womens-home"))
    page.get_by_role("link", name="下一月 →").click()
    expect(page.locator(".cal-title")).to_have_text("2026年12月")
    expect(page).to_have_url(re.compile(r"month=2026-12"))

    chip = page.locator("a.cal-chip", has_text="妇女之家")
    expect(chip).to_have_count(1)
    chip.click()
    panel = page.locator("#cal-panel")
    expect(panel).to_contain_text("12月9日 周三 15:30–17:00")
    expect(page).to_have_url(re.compile(r"event=\d+"))
    panel.get_by_role("button", name="报名").click()
    expect(panel.get_by_text("报名成功。")).to_be_visible()
    expect(page.locator("a.cal-chip.is-mine", has_text="妇女之家")).to_contain_text("已报名")

    # The back button closes the panel; forward opens it again, already registered.
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"event="))
    expect(page.locator("#cal-panel")).to_have_count(0)
    expect(page.locator(".cal-title")).to_have_text("2026年12月")
    page.go_forward()
    expect(page.locator("#cal-panel")).to_contain_text("已报名")

    # At phone width the month is a list of the days with something on them.
    page.set_viewport_size({"width": 390, "height": 800})
    page.reload()
    expect(page.locator(".cal-weekdays")).to_be_hidden()
    day = page.locator("li.cal-day.has-events")
    expect(day.locator(".cal-long")).to_have_text("12月9日 周三")
    expect(day.locator("a.cal-chip")).to_contain_text("已报名")
    page.get_by_role("link", name="← 上一月").click()
    expect(page.locator(".cal-title")).to_have_text("2026年11月")
    expect(page.locator("li.cal-day.is-today .cal-long")).to_be_visible()


def test_a_busy_days_every_event_opens_from_its_cell(page: Page, live_server):
    """Seven salons on one day: the cell shows three (the teacher's own among them) and "还有 4 项"; the link opens
    the day's list beside the month, an event opens from it and leads back, and the back button retraces it all."""
    live_server.app.config["FIXED_NOW"] = NOW
    titles = ["晨读分享", "课例研讨", "青年论坛", "读书沙龙", "书法练习", "心理讲座", "教研总结"]
    with live_server.app.app_context():
        teacher = Staff(staff_no="T001", name="刘雪晴", gender="F", password_hash=hash_password(PASSWORD),
                        must_change_password=False)
        studio = Group(name="名师工作室", kind="studio")
        db.session.add_all([teacher, studio, Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1),
                                                      end_date=date(2027, 1, 22), is_current=True)])
        # Thursday 10 December, one an hour from 09:00 Beijing time (01:00 UTC).
        events = [Event(kind="growth_salon", title=title, group=studio, place="三楼会议室",
                        starts_at=datetime(2026, 12, 10, 1 + n), ends_at=datetime(2026, 12, 10, 2 + n))
                  for n, title in enumerate(titles)]
        db.session.add_all(events)
        db.session.flush()
        db.session.add(Registration(event=events[-1], staff=teacher, status="registered", queued_at=NOW))
        db.session.commit()
    url = live_server.url

    log_in(page, url, "T001")
    page.goto(url + "/calendars/?month=2026-12")
    cell = page.locator("li.cal-day", has=page.locator(".cal-long", has_text="12月10日 周四"))
    expect(cell.locator("a.cal-chip")).to_have_count(3)
    expect(cell.locator("a.cal-chip.is-mine")).to_contain_text("已报名")
    expect(cell.locator("a.cal-chip.is-mine")).to_contain_text("教研总结")

    cell.get_by_role("link", name="12月10日还有 4 项活动").click()
    panel = page.locator("#cal-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text("12月10日 周四")
    expect(panel.locator("a.cal-chip")).to_have_count(7)
    expect(page).to_have_url(re.compile(r"day=2026-12-10$"))

    panel.locator("a.cal-chip", has_text="书法练习").click()
    expect(panel.get_by_role("heading", level=2)).to_have_text("书法练习")
    expect(page).to_have_url(re.compile(r"day=2026-12-10&event=\d+$"))
    panel.get_by_role("link", name="← 12月10日的全部活动").click()
    expect(panel.locator("a.cal-chip")).to_have_count(7)

    page.go_back()
    expect(panel.get_by_role("heading", level=2)).to_have_text("书法练习")
    page.go_back()  # each step back waits for htmx to restore it: two at once could race the first restore
    expect(page).to_have_url(re.compile(r"day=2026-12-10$"))
    expect(panel.get_by_role("heading", level=2)).to_have_text("12月10日 周四")
    page.go_back()
    expect(page.locator("#cal-panel")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"month=2026-12$"))


def test_the_list_of_a_busy_month_pages_and_registers_in_place(page: Page, live_server):
    """Thirty-five salons in December: the list shows thirty; 下一页 swaps only the list (the filters keep what was
    chosen) and pushes its URL; a card on page 2 registers without leaving it; back returns to page 1, and
    choosing a kind starts again at page 1."""
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        teacher = Staff(staff_no="T001", name="刘雪晴", gender="F", password_hash=hash_password(PASSWORD),
                        must_change_password=False)
        studio = Group(name="名师工作室", kind="studio")
        db.session.add_all([teacher, studio, Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1),
                                                      end_date=date(2027, 1, 22), is_current=True)])
        # Five a day from Tuesday 1 December, at 09:00, 10:00 ... Beijing time.
        db.session.add_all([Event(kind="growth_salon", title=f"沙龙{n:02d}", group=studio, place="三楼会议室",
                                  starts_at=datetime(2026, 12, 1 + n // 5, 1 + n % 5),
                                  ends_at=datetime(2026, 12, 1 + n // 5, 2 + n % 5)) for n in range(35)])
        db.session.commit()
    url = live_server.url

    log_in(page, url, "T001")
    page.goto(url + "/calendars/list?month=2026-12")
    count = page.locator(".cal-count")
    expect(count).to_have_text("本月共 35 项活动，本页第 1–30 项（12月1日—12月6日，第 1/2 页）")
    expect(page.locator("article.cal-card")).to_have_count(30)
    page.locator("select[name=group]").select_option(label="名师工作室")
    expect(page).to_have_url(re.compile(r"group=\d+"))

    page.get_by_role("link", name="下一页 →").click()
    expect(page).to_have_url(re.compile(r"group=\d+&month=2026-12&page=2$"))
    expect(count).to_contain_text("本页第 31–35 项")
    expect(page.locator("select[name=group] option:checked")).to_have_text("名师工作室")  # the toolbar stayed
    card = page.locator("article.cal-card", has_text="沙龙33")
    card.get_by_role("button", name="报名").click()
    expect(card.get_by_text("报名成功。")).to_be_visible()
    expect(card).to_contain_text("已报名")
    expect(page).to_have_url(re.compile(r"page=2$"))

    page.go_back()
    expect(count).to_contain_text("本页第 1–30 项")
    page.locator("select[name=kind]").select_option(label="教师成长沙龙")
    expect(page).to_have_url(re.compile(r"kind=growth_salon"))
    expect(page).not_to_have_url(re.compile(r"page="))
    expect(count).to_contain_text("本页第 1–30 项")
    page.reload()  # the URL opened directly is the whole page, the teacher's place on it
    page.get_by_role("link", name="下一页 →").click()
    expect(page.locator("article.cal-card.is-mine")).to_have_text(re.compile("沙龙33"))


def test_a_busy_day_of_the_week_opens_in_place_and_registers_from_a_card(page: Page, live_server):
    """Eight salons on Thursday 10 December: the week shows five cards (the teacher's own among them) and "还有 3 项",
    which swaps in the whole day and pushes its URL; a card registers there without a reload; "收起" shows five
    again; back opens the day again, and the URL opened directly is the whole page with the group filter kept."""
    live_server.app.config["FIXED_NOW"] = NOW
    with live_server.app.app_context():
        teacher = Staff(staff_no="T001", name="刘雪晴", gender="F", password_hash=hash_password(PASSWORD),
                        must_change_password=False)
        studio = Group(name="名师工作室", kind="studio")
        db.session.add_all([teacher, studio, Semester(name="2026-2027学年第一学期", start_date=date(2026, 9, 1),
                                                      end_date=date(2027, 1, 22), is_current=True)])
        events = [Event(kind="growth_salon", title=f"沙龙{n}", group=studio, place="三楼会议室",
                        starts_at=datetime(2026, 12, 10, 1 + n), ends_at=datetime(2026, 12, 10, 2 + n))
                  for n in range(8)]
        db.session.add_all(events)
        db.session.flush()
        db.session.add(Registration(event=events[-1], staff=teacher, status="registered", queued_at=NOW))
        db.session.commit()
    url = live_server.url

    log_in(page, url, "T001")
    page.goto(url + "/calendars/week?day=2026-12-10")
    page.locator("select[name=group]").select_option(label="名师工作室")
    expect(page).to_have_url(re.compile(r"group=\d+"))
    thursday = page.locator("#cal-day-2026-12-10")
    expect(thursday.locator("article.cal-card")).to_have_count(5)
    expect(thursday.locator("article.cal-card.is-mine")).to_contain_text("沙龙7")

    thursday.get_by_role("link", name="12月10日还有 3 项活动").click()
    expect(thursday.locator("article.cal-card")).to_have_count(8)
    expect(page).to_have_url(re.compile(r"group=\d+&day=2026-12-07&open=2026-12-10$"))
    expect(page.locator("select[name=group] option:checked")).to_have_text("名师工作室")  # the toolbar stayed
    card = thursday.locator("article.cal-card", has_text="沙龙5")
    card.get_by_role("button", name="报名").click()
    expect(card.get_by_text("报名成功。")).to_be_visible()
    expect(page).to_have_url(re.compile(r"open=2026-12-10$"))

    thursday.get_by_role("link", name="12月10日只显示前几项").last.click()
    expect(thursday.locator("article.cal-card")).to_have_count(5)
    expect(thursday.locator("article.cal-card.is-mine")).to_have_count(2)  # 沙龙5 now among the five
    expect(page).not_to_have_url(re.compile(r"open="))
    page.go_back()
    expect(thursday.locator("article.cal-card")).to_have_count(8)
    page.reload()  # the pushed URL opened directly: the whole page, the day whole, the filter kept
    expect(page.locator(".cal-title")).to_have_text("12月7日 – 12月13日")
    expect(page.locator("#cal-day-2026-12-10 article.cal-card")).to_have_count(8)
    expect(page.locator("select[name=group] option:checked")).to_have_text("名师工作室")
