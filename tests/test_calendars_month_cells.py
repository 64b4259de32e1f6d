"""A month cell draws a few events and says how many more the day has ("还有 N 项"); that link opens the day's every
event beside the month. Read as a person reads the page: the cell's date, its entries and their marks, the link."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest

from app import db
from blueprints.core.clock import to_utc
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_holiday, make_series, womens_committee,
)

HX = {"HX-Request": "true"}
BUSY = date(2026, 12, 10)  #: a Thursday
TITLES = ["晨读分享", "课例研讨", "青年论坛", "读书沙龙", "书法练习", "心理讲座"]


def at(hour: int, day: date = BUSY) -> datetime:
    """A Beijing wall-clock hour as the stored (UTC) time."""
    return to_utc(datetime.combine(day, time(hour)))


@dataclass
class Entry:
    text: str
    href: str

    @property
    def title(self) -> str:
        return self.text.split()[-1]


@dataclass
class Cell:
    label: str = ""
    entries: list[Entry] = field(default_factory=list)
    more: Entry | None = None


@dataclass
class Panel:
    title: str = ""
    entries: list[Entry] = field(default_factory=list)
    links: list[Entry] = field(default_factory=list)
    text: str = ""


class MonthReader(HTMLParser):
    """The month's cells by their date (12月10日 周四) and the panel beside the grid, as text and links."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.cells: dict[str, Cell] = {}
        self.panel: Panel | None = None
        self._cell: Cell | None = None
        self._in_panel = False
        self._text: list[str] | None = None  # the text being collected
        self._what, self._href = "", ""
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        if tag == "li" and "cal-day" in classes:
            self._cell = Cell()
        elif tag == "aside" and a.get("id") == "cal-panel":
            self.panel, self._in_panel = Panel(), True
        elif self._text is None and (
                (tag == "span" and "cal-long" in classes and self._cell and not self._cell.label)
                or (tag == "h2" and self._in_panel) or tag == "a"):
            self._text, self._href = [], a.get("href", "")
            self._what = "cal-chip" if "cal-chip" in classes else "cal-more" if "cal-more" in classes else tag

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)
        if self._in_panel:
            self.panel.text += data

    def handle_endtag(self, tag):
        if tag == "li" and self._cell is not None:
            self.cells[self._cell.label] = self._cell
            self._cell = None
        elif tag == "aside":
            self._in_panel = False
        if self._text is None or tag not in ("span", "h2", "a") or (tag == "span" and self._what != "span"):
            return
        text = " ".join("".join(self._text).split())
        entry = Entry(text, self._href)
        if self._what == "span":
            self._cell.label = text
        elif self._what == "h2":
            self.panel.title = text
        elif self._cell is not None:
            if self._what == "cal-chip":
                self._cell.entries.append(entry)
            elif self._what == "cal-more":
                self._cell.more = entry
        elif self._in_panel:
            (self.panel.entries if self._what == "cal-chip" else self.panel.links).append(entry)
        self._text = None


def read(client, url: str, **headers) -> MonthReader:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return MonthReader(response.get_data(as_text=True))


@pytest.fixture
def term(make_semester):
    return make_semester()  # 2026-09-01 .. 2027-01-22, current


@pytest.fixture
def busy_day(make_event, term):
    """Six salons on Thursday 10 December, one an hour from 09:00 Beijing time."""
    return [make_event(title=title, starts_at=at(9 + n), ends_at=at(10 + n)) for n, title in enumerate(TITLES)]


def test_a_busy_day_draws_three_events_and_says_how_many_more(client, login_as, teacher, busy_day, fixed_now):
    login_as(teacher)
    cell = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert [e.title for e in cell.entries] == ["晨读分享", "课例研讨", "青年论坛"]
    assert [e.text for e in cell.entries][0] == "09:00 晨读分享"
    assert cell.more.text == "还有 3 项"
    assert cell.more.href == "/calendars/?month=2026-12&day=2026-12-10"


def test_a_day_with_four_events_draws_them_all(client, login_as, teacher, busy_day, fixed_now):
    for event in busy_day[4:]:
        db.session.delete(event)
    db.session.commit()
    login_as(teacher)
    cell = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert [e.title for e in cell.entries] == TITLES[:4] and cell.more is None


def test_the_more_link_opens_the_days_every_event_beside_the_month(client, login_as, teacher, busy_day, make_holiday,
                                                                    fixed_now):
    make_holiday(name="校庆", first=BUSY, last=BUSY, kind="school")
    login_as(teacher)
    month = client.get("/calendars/?month=2026-12", headers=HX).get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)" hx-get="([^"]+)" hx-target="#calendar" hx-push-url="true"[^>]*class="cal-more"',
                     month)
    assert link and link[1] == link[2]  # swapped in place by htmx, an ordinary link without it
    url = unescape(link[1])

    swapped = read(client, url, **HX)
    assert swapped.panel.title == "12月10日 周四" and "校庆" in swapped.panel.text
    assert [e.title for e in swapped.panel.entries] == TITLES
    assert all("校庆" in e.text for e in swapped.panel.entries)  # each falls on the holiday
    assert "12月10日 周四" in swapped.cells  # the month stays beside it

    direct = client.get(url).get_data(as_text=True)  # the URL htmx pushed, opened on its own
    assert "<html" in direct and [e.title for e in MonthReader(direct).panel.entries] == TITLES
    closed = read(client, "/calendars/?month=2026-12", **HX)
    assert closed.panel is None


def test_an_event_opened_from_the_days_list_leads_back_to_it(client, login_as, teacher, busy_day, fixed_now):
    login_as(teacher)
    day = read(client, "/calendars/?month=2026-12&day=2026-12-10", **HX)
    last = day.panel.entries[-1]
    assert last.href == f"/calendars/?month=2026-12&day=2026-12-10&event={busy_day[-1].id}"
    opened = read(client, last.href, **HX)
    assert opened.panel.title == "心理讲座"
    back = next(link for link in opened.panel.links if "全部活动" in link.text)
    assert back.text == "← 12月10日的全部活动" and back.href == "/calendars/?month=2026-12&day=2026-12-10"


def test_ones_own_registrations_are_never_the_ones_hidden(client, login_as, teacher, make_staff, busy_day, fixed_now):
    from blueprints.events.registration import register

    reading, lecture = busy_day[3], busy_day[5]  # 读书沙龙 12:00, 心理讲座 14:00
    reading.capacity = 1
    register(reading, make_staff(name="李四", staff_no="T0200"), NOW)
    register(reading, teacher, NOW)  # full: on the waiting list
    register(lecture, teacher, NOW)
    db.session.commit()
    login_as(teacher)
    cell = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert [e.text for e in cell.entries] == ["09:00 晨读分享", "12:00 候补 读书沙龙", "14:00 已报名 心理讲座"]
    assert cell.more.text == "还有 3 项"
    client.post("/logout")
    login_as(make_staff(name="王五", staff_no="T0300"))  # someone else still sees the earliest three
    assert [e.title for e in read(client, "/calendars/?month=2026-12").cells["12月10日 周四"].entries] == TITLES[:3]


def test_cancelled_events_give_way_to_ones_that_take_place(client, login_as, teacher, busy_day, fixed_now):
    from blueprints.events.operations import cancel_event

    for event in busy_day[:2]:
        cancel_event(event, NOW, "场地冲突")
    db.session.commit()
    login_as(teacher)
    cell = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert [e.title for e in cell.entries] == ["青年论坛", "读书沙龙", "书法练习"] and cell.more.text == "还有 3 项"
    panel = read(client, cell.more.href).panel
    assert [e.text for e in panel.entries][:2] == ["09:00 已取消 晨读分享", "10:00 已取消 课例研讨"]


def test_an_event_lasting_several_days_counts_on_each(client, login_as, teacher, busy_day, make_event, fixed_now):
    make_event(title="拓展培训", kind="outward_training", starts_at=at(8), ends_at=at(17, BUSY + timedelta(days=1)))
    make_event(title="周末音乐会", starts_at=at(22, BUSY + timedelta(days=2)), ends_at=at(0, BUSY + timedelta(days=3)))
    make_event(title="读书营", starts_at=at(20, date(2026, 11, 29)), ends_at=at(10, date(2026, 12, 1)))
    login_as(teacher)
    cells = read(client, "/calendars/?month=2026-12").cells
    assert [e.title for e in cells["12月10日 周四"].entries][0] == "拓展培训"
    assert cells["12月10日 周四"].more.text == "还有 4 项"
    assert [e.title for e in cells["12月11日 周五"].entries] == ["拓展培训"]
    assert [e.title for e in cells["12月12日 周六"].entries] == ["周末音乐会"]
    assert cells["12月13日 周日"].entries == []  # it ends at midnight
    # Begun in November (the grid's first days, 30 November onwards), it is still drawn on 1 December.
    assert [e.title for e in cells["11月30日 周一"].entries] == ["读书营"]
    assert [e.title for e in cells["12月1日 周二"].entries] == ["读书营"]


def test_the_womens_home_calendar_counts_only_its_own_and_the_link_keeps_it(client, login_as, teacher, busy_day,
                                                                          make_event, fixed_now):
    for n, title in enumerate(["妇女之家", "合唱团排练", "排球队训练", "妇女之家读书会", "合唱团加练"]):
        kind = ("womens_home", "choir_rehearsal", "volleyball_training")[n % 3]
        make_event(title=title, kind=kind, starts_at=at(15 + n), ends_at=at(16 + n))
    login_as(teacher)
    everything = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert everything.more.text == "还有 8 项"
    womens = read(client, "/calendars/?month=2026-12&cal=womens-home").cells["12月10日 周四"]
    assert [e.title for e in womens.entries] == ["妇女之家", "合唱团排练", "排球队训练"]
    assert womens.more.text == "还有 2 项" and "cal=womens-home" in womens.more.href
    panel = read(client, womens.more.href).panel
    assert [e.title for e in panel.entries] == ["妇女之家", "合唱团排练", "排球队训练", "妇女之家读书会", "合唱团加练"]


def test_a_day_not_in_the_grid_or_not_a_date_just_shows_the_month(client, login_as, teacher, busy_day, fixed_now):
    login_as(teacher)
    for day in ("2027-03-01", "tomorrow", "2026-13-40"):
        page = read(client, f"/calendars/?month=2026-12&day={day}", **HX)
        assert page.panel is None and page.cells["12月10日 周四"].more.text == "还有 3 项"


def test_the_days_list_takes_as_many_queries_for_many_events_as_for_few(client, login_as, teacher, busy_day,
                                                                       make_event, count_queries, fixed_now):
    login_as(teacher)

    def queries():
        db.session.expire_all()
        with count_queries() as sent:
            page = read(client, "/calendars/?month=2026-12&day=2026-12-10")
        return len(sent), page

    few, _ = queries()
    for n in range(30):
        make_event(title=f"加场{n}", starts_at=at(18) + timedelta(minutes=n), ends_at=at(19))
    many, page = queries()
    assert many == few <= 12
    assert len(page.panel.entries) == 36
    assert sum(len(cell.entries) for cell in page.cells.values()) <= 3 * 7 * 6  # the grid stays the same size


def test_the_month_shows_changes_made_after_it_was_last_drawn(client, login_as, teacher, make_staff, busy_day,
                                                             make_holiday, make_event, fixed_now):
    """The month's events are kept between requests (calendars.cells): any change to the school's data is seen on
    the next visit, and the person's own places are read afresh each time."""
    from blueprints.events.operations import cancel_event
    from blueprints.events.registration import register

    login_as(teacher)
    assert read(client, "/calendars/?month=2026-12").cells["12月10日 周四"].more.text == "还有 3 项"
    cancel_event(busy_day[0], NOW, "场地冲突")
    make_event(title="加场", starts_at=at(8), ends_at=at(9))
    make_holiday(name="校庆", first=BUSY, last=BUSY, kind="school")
    register(busy_day[5], teacher, NOW)
    db.session.commit()
    cell = read(client, "/calendars/?month=2026-12").cells["12月10日 周四"]
    assert [e.text for e in cell.entries] == ["08:00 校庆 加场", "10:00 校庆 课例研讨", "14:00 已报名 校庆 心理讲座"]
    assert cell.more.text == "还有 4 项"
    client.post("/logout")
    login_as(make_staff(name="王五", staff_no="T0300"))  # the same kept month, without the teacher's place
    assert [e.title for e in read(client, "/calendars/?month=2026-12").cells["12月10日 周四"].entries] == [
        "加场", "课例研讨", "青年论坛"]


def test_a_title_and_a_holiday_name_are_drawn_as_text(client, login_as, teacher, term, make_event, make_holiday,
                                                      fixed_now):
    make_event(title='<b>"读书"</b> & 分享', starts_at=at(9), ends_at=at(10))
    make_holiday(name="<i>校庆</i>", first=BUSY, last=BUSY, kind="school")
    login_as(teacher)
    page = client.get("/calendars/?month=2026-12").get_data(as_text=True)
    assert "<b>" not in page and "<i>" not in page
    assert '<span class="cal-chip-title">&lt;b&gt;&#34;读书&#34;&lt;/b&gt; &amp; 分享</span>' in page
    assert '<span class="cal-mark cal-mark-flag">&lt;i&gt;校庆&lt;/i&gt;</span>' in page


@pytest.mark.parametrize("narrowed", ["group=0", "series=0", "kind=womens_home", "cal=mine"])
def test_a_filter_nothing_matches_draws_no_entry(client, login_as, teacher, busy_day, narrowed, fixed_now):
    login_as(teacher)
    page = read(client, f"/calendars/?month=2026-12&{narrowed}")
    assert page.cells["12月10日 周四"].entries == [] and page.cells["12月10日 周四"].more is None


def test_the_group_filter_lists_active_groups_escaped_and_keeps_the_chosen_one_selected(
        client, login_as, chair, make_group, fixed_now):
    odd = make_group(name="<b>青年</b>教师", kind="studio")
    make_group(name="已停用小组", kind="studio").is_active = False
    db.session.commit()
    login_as(chair)
    page = client.get(f"/calendars/?month=2026-12&group={odd.id}").get_data(as_text=True)
    options = page.split('<select name="group"')[1].split("</select>")[0]
    assert f'<option value="{odd.id}" selected>&lt;b&gt;青年&lt;/b&gt;教师</option>' in options
    assert "已停用小组" not in options and "<b>青年" not in options
    plain = client.get("/calendars/?month=2026-12").get_data(as_text=True).split('<select name="group"')[1]
    assert " selected>" not in plain.split("</select>")[0]


def test_the_toolbar_follows_a_new_group_and_each_visitors_filters(client, login_as, chair, make_group, fixed_now):
    # The toolbar is kept while no data changes (calendars.views.browse._toolbar): a change must show at once.
    login_as(chair)

    def options(url):
        return client.get(url).get_data(as_text=True).split('<select name="group"')[1].split("</select>")[0]

    assert "书法社" not in options("/calendars/?month=2026-12")
    calligraphy = make_group(name="书法社", kind="studio")
    plain = options("/calendars/?month=2026-12")
    assert f'<option value="{calligraphy.id}" >书法社</option>' in plain
    assert f'<option value="{calligraphy.id}" selected>书法社</option>' in options(f"/calendars/?month=2026-12&group={calligraphy.id}")
    assert " selected>" not in options("/calendars/?month=2026-12")
    week = client.get("/calendars/week?day=2026-12-09").get_data(as_text=True)
    assert "12月7日 – 12月13日" in week and "上一周" in week
