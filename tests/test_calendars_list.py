"""The list view a page at a time: events in start order under their days, the month's count, filters and the month
kept across pages, the pager swapping only the list, registering from a card, and bad query strings."""
from __future__ import annotations

import random
import re
from datetime import date, datetime, timedelta

import pytest

from app import db
from blueprints.calendars.grid import LIST_PAGE_SIZE
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_holiday, make_series, womens_committee,
)

HX = {"HX-Request": "true"}
PAGER = {**HX, "HX-Target": "cal-list"}  #: what htmx sends for a click on the list's pager
TITLE = re.compile(r'>(活动\d+)</a></h3>')


@pytest.fixture
def term(make_semester):
    return make_semester()  # 2026-09-01 .. 2027-01-22, current


def december_day(i: int) -> date:
    """Where the i-th event of `december` falls: four a day from 1 December, none on the 11th."""
    return date(2026, 12, 1) + timedelta(days=i // 4 + (i // 4 >= 10))


@pytest.fixture
def december(app, term, make_group):
    """Return a callable adding `count` events to December 2026 (活动00 the earliest), saved in a shuffled order so
    that the ids do not follow the dates: four a day at 9:00, 11:00, 13:00 and 15:00 Beijing time."""
    from blueprints.events.models import Event

    studio = make_group(name="特级教师工作室", kind="studio")

    def add(count: int, group=None, title="活动", kind="growth_salon", first: int = 0) -> list[Event]:
        events = []
        for i in range(first, first + count):
            starts = datetime.combine(december_day(i), datetime.min.time()) + timedelta(hours=1 + 2 * (i % 4))
            events.append(Event(kind=kind, title=f"{title}{i:02d}", place="三楼会议室", group=group or studio,
                                starts_at=starts, ends_at=starts + timedelta(hours=1), audience="all"))
        random.Random(count).shuffle(events)
        db.session.add_all(events)
        db.session.commit()
        return sorted(events, key=lambda e: (e.starts_at, e.id))

    return add


def titles(page: str) -> list[str]:
    return TITLE.findall(page)


def test_page_two_shows_the_next_events_in_date_order_and_the_count_is_the_whole_months(
        client, login_as, teacher, december, fixed_now):
    made = december(80)
    login_as(teacher)
    first = client.get("/calendars/list?month=2026-12").get_data(as_text=True)
    second = client.get("/calendars/list?month=2026-12&page=2").get_data(as_text=True)
    last = client.get("/calendars/list?month=2026-12&page=3").get_data(as_text=True)
    assert LIST_PAGE_SIZE == 30
    assert titles(first) == [e.title for e in made[:30]]
    assert titles(second) == [f"活动{i:02d}" for i in range(30, 60)] == [e.title for e in made[30:60]]
    assert titles(last) == [e.title for e in made[60:]]
    assert "本月共 80 项活动，本页第 1–30 项（12月1日—12月8日，第 1/3 页）" in first
    assert "本月共 80 项活动，本页第 31–60 项（12月8日—12月16日，第 2/3 页）" in second
    assert "本月共 80 项活动，本页第 61–80 项（12月17日—12月21日，第 3/3 页）" in last
    # Day headings in date order; 8 December has two events on each side of the page break.
    days = re.findall(r'<section class="cal-list-day[^"]*">\s*<h3>(\d+月\d+日)', second)
    assert days == ["12月8日", "12月9日", "12月10日", "12月12日", "12月13日", "12月14日", "12月15日", "12月16日"]
    assert "接上页" in second and "接上页" not in first
    assert "12月8日" in first.split('id="cal-list"')[1]


def test_the_pager_links_the_pages_around_and_keeps_the_month_and_filters(
        client, login_as, teacher, december, make_group, fixed_now):
    choir = make_group(name="女教师合唱团", kind="arts")
    december(70, group=choir, title="合唱", kind="choir_rehearsal")
    december(10, title="沙龙", first=70)
    login_as(teacher)
    page = client.get(f"/calendars/list?month=2026-12&group={choir.id}&page=2", headers=PAGER).get_data(as_text=True)
    assert "本月共 70 项符合条件的活动，本页第 31–60 项（12月8日—12月16日，第 2/3 页）" in page
    assert re.findall(r'>(合唱|沙龙)\d+</a></h3>', page) == ["合唱"] * 30
    previous = f'/calendars/list?group={choir.id}&amp;month=2026-12'  # page 1 has no ?page=
    following = f'/calendars/list?group={choir.id}&amp;month=2026-12&amp;page=3'
    assert f'href="{previous}" hx-get="{previous}" hx-target="#cal-list" hx-push-url="true"' in page
    assert f'href="{following}" hx-get="{following}" hx-target="#cal-list" hx-push-url="true"' in page
    # The women's home calendar pages too, and its pager keeps it.
    womens = client.get("/calendars/list?month=2026-12&cal=womens-home&page=3", headers=PAGER).get_data(as_text=True)
    assert "本月共 70 项符合条件的活动，本页第 61–70 项（12月17日—12月19日，第 3/3 页）" in womens
    assert 'href="/calendars/list?cal=womens-home&amp;month=2026-12&amp;page=2"' in womens


def test_the_month_arrows_and_the_filters_start_again_at_page_one(client, login_as, teacher, december, fixed_now):
    december(80)
    login_as(teacher)
    page = client.get("/calendars/list?month=2026-12&page=2", headers=HX).get_data(as_text=True)
    toolbar = page.split('id="cal-list"')[0]
    assert 'href="/calendars/list?month=2027-01"' in toolbar and 'href="/calendars/list?month=2026-11"' in toolbar
    assert "page=" not in toolbar  # views, calendars, arrows, today: none carries the page
    assert 'name="page"' not in page  # nor does the filter form
    january = client.get("/calendars/list?month=2027-01&page=2", headers=HX).get_data(as_text=True)
    assert "本月没有符合条件的活动" in january and 'class="pager"' not in january  # no January page 2: page 1


def test_an_htmx_page_request_gets_only_the_list(client, login_as, teacher, december, fixed_now):
    december(80)
    login_as(teacher)
    url = "/calendars/list?month=2026-12&page=2"
    listed = client.get(url, headers=PAGER)
    body = listed.get_data(as_text=True)
    assert "<html" not in body and 'class="cal-bar"' not in body and 'id="cal-list"' not in body
    assert titles(body)[0] == "活动30" and 'class="pager"' in body
    assert {"HX-Request", "HX-Target"} <= {v.strip() for v in listed.headers["Vary"].split(",")}
    region = client.get(url, headers=HX).get_data(as_text=True)  # the toolbar's swap: the whole calendar region
    assert 'class="cal-bar"' in region and 'id="cal-list"' in region and "<html" not in region
    direct = client.get(url).get_data(as_text=True)  # the URL the pager pushed, opened directly
    assert "<html" in direct and 'class="cal-bar"' in direct and titles(direct)[0] == "活动30"


def test_a_holiday_without_events_is_listed_once_on_the_page_its_days_fall_on(
        client, login_as, teacher, december, make_holiday, fixed_now):
    december(80)
    make_holiday(name="校庆", first=date(2026, 12, 11), last=date(2026, 12, 11), kind="school")
    make_holiday(name="冬至", first=date(2026, 12, 28), last=date(2026, 12, 28), kind="school")
    login_as(teacher)
    pages = [client.get(f"/calendars/list?month=2026-12&page={n}", headers=PAGER).get_data(as_text=True)
             for n in (1, 2, 3)]
    assert ["校庆" in page for page in pages] == [False, True, False]
    assert ["冬至" in page for page in pages] == [False, False, True]
    second = pages[1]
    assert second.index("12月10日") < second.index("校庆") < second.index("12月12日")
    assert "放假，没有活动。" in second


def test_a_card_on_page_two_registers_in_place_and_keeps_the_viewers_place(
        client, login_as, teacher, december, fixed_now):
    made = december(80)
    target = made[40]
    login_as(teacher)
    page = client.get("/calendars/list?month=2026-12&page=2", headers=PAGER).get_data(as_text=True)
    box = page.split(f'id="seat-{target.id}"')[1].split("</form>")[0]
    assert f'hx-post="/events/{target.id}/registration"' in box and f'hx-target="#seat-{target.id}"' in box
    assert 'name="next" value="/calendars/list?month=2026-12&amp;page=2"' in box  # without JS, back to this page
    answer = client.post(f"/events/{target.id}/registration", headers=HX)
    assert "报名成功" in answer.get_data(as_text=True)
    again = client.get("/calendars/list?month=2026-12&page=2", headers=PAGER).get_data(as_text=True)
    card = again.split(f'id="seat-{target.id}"')[0].rsplit("<article", 1)[1]
    assert "is-mine" in card
    assert "已报名" in again.split(f'id="seat-{target.id}"')[1].split("</div>")[0]
    mine = client.get("/calendars/list?month=2026-12&cal=mine", headers=PAGER).get_data(as_text=True)
    assert titles(mine) == [target.title] and "本月共 1 项符合条件的活动" in mine and 'class="pager"' not in mine


def test_the_list_takes_as_many_queries_for_80_events_as_for_3(client, login_as, teacher, december, count_queries,
                                                                 fixed_now):
    login_as(teacher)

    def queries(url, headers=None):
        db.session.expire_all()
        with count_queries() as sent:
            response = client.get(url, headers=headers or {})
        assert response.status_code == 200
        return len(sent)

    december(3)
    few = queries("/calendars/list?month=2026-12"), queries("/calendars/list?month=2026-12", PAGER)
    december(77, first=3)
    many = queries("/calendars/list?month=2026-12"), queries("/calendars/list?month=2026-12&page=3", PAGER)
    assert many == few and few[0] <= 12
    # With the month kept (nothing changed since), a page reads the person, their groups and the page's events.
    assert queries("/calendars/list?month=2026-12&page=2", PAGER) <= few[1]


@pytest.mark.parametrize("query", [
    "page=-1", "page=abc", "page=0", "page=99999", "page=99999999999999999999", "page=%EF%BC%92", "page=1.5",
    "page=", "page=2&page=x", "month=2026-13", "month=2026-13&page=2", "month=abc&page=-3", "month=0000-01",
    "month=9999-12&page=2", "group=abc&series=-1&cal=nope&page=2",
])
def test_bad_query_strings_never_fail(client, login_as, teacher, december, query, fixed_now):
    december(40)
    login_as(teacher)
    for headers in ({}, HX, PAGER):
        response = client.get("/calendars/list?" + query, headers=headers)
        assert response.status_code == 200, (query, headers)


def test_a_page_past_the_end_shows_the_last_one(client, login_as, teacher, december, fixed_now):
    december(80)
    login_as(teacher)
    page = client.get("/calendars/list?month=2026-12&page=99999", headers=PAGER).get_data(as_text=True)
    assert "，第 3/3 页）" in page and titles(page)[0] == "活动60"
    assert titles(client.get("/calendars/list?month=2026-12&page=-1", headers=PAGER).get_data(as_text=True))[0] == "活动00"


@pytest.mark.parametrize("url", [
    "/calendars/list?month=0000-01", "/calendars/list?month=0001-01&page=2", "/calendars/list?month=9999-12",
    "/calendars/?month=0001-01", "/calendars/?month=9999-12&day=9999-12-31", "/calendars/week?day=0001-01-01",
    "/calendars/week?day=9999-12-31",
])
def test_the_first_and_last_years_a_date_can_have_fall_back_to_today_without_semesters(
        client, login_as, teacher, url, fixed_now):
    """No semester bounds the calendar here: a month in year 1 or 9999 would link to one that cannot exist."""
    login_as(teacher)
    page = client.get(url, headers=HX)
    assert page.status_code == 200
    assert ("11月23日 – 11月29日" if "/week" in url else "2026年11月") in page.get_data(as_text=True)
