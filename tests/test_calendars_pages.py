"""The month, week and list views as people use them: filters, semesters, holidays, htmx swaps, registering in place."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from app import db
from blueprints.calendars.recurrence import Pattern
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_holiday, make_series, womens_committee,
)

HX = {"HX-Request": "true"}
TUE_THU = Pattern("weekly", weekdays=(1, 3), until=date(2027, 1, 22))


@pytest.fixture
def term(make_semester):
    return make_semester()  # 2026-09-01 .. 2027-01-22, current


@pytest.fixture
def womens_home(make_series, make_group, term):
    """The three calendars of the women's home, and a union event that is not part of it."""
    choir = make_group(name="女教师合唱团", kind="arts")
    monthly = make_series()
    rehearsals = make_series(TUE_THU, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40),
                             kind="choir_rehearsal", title="合唱团排练", group=choir, place="音乐教室")
    return monthly, rehearsals


def test_the_month_opens_on_todays_month_with_the_semester(client, login_as, teacher, womens_home, fixed_now):
    login_as(teacher)
    page = client.get("/calendars/").get_data(as_text=True)
    assert "2026年11月" in page and "2026-2027学年第一学期" in page
    assert page.count('data-cal-event=') == 3  # 妇女之家 on 11 November; rehearsals on 1 and 3 December, greyed
    assert page.count('cal-day is-outside has-events') == 2
    assert "日历" in page.split("</header>")[0]


def test_each_view_has_its_own_url_and_an_htmx_request_gets_only_the_calendar(client, login_as, teacher, womens_home, fixed_now):
    login_as(teacher)
    for url in ("/calendars/?month=2026-12", "/calendars/week?day=2026-12-01", "/calendars/list?month=2026-12"):
        full = client.get(url)
        partial = client.get(url, headers=HX)
        assert "<html" in full.get_data(as_text=True) and "<html" not in partial.get_data(as_text=True), url
        assert "合唱团排练" in partial.get_data(as_text=True)
        assert "HX-Request" in partial.headers["Vary"]
    restored = client.get("/calendars/?month=2026-12", headers={**HX, "HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True)


def test_links_in_the_calendar_push_their_url_and_keep_the_filters(client, login_as, teacher, womens_home, fixed_now):
    login_as(teacher)
    page = client.get("/calendars/?month=2026-12&cal=womens-home", headers=HX).get_data(as_text=True)
    assert 'hx-get="/calendars/?cal=womens-home&amp;month=2027-01"' in page  # next month
    assert 'hx-push-url="true"' in page
    assert 'href="/calendars/week?cal=womens-home&amp;day=2026-12-01"' in page  # week view of the same month


@pytest.mark.parametrize("view, anchor, changes", [
    ("month", date(2026, 12, 1), {}),
    ("week", date(2026, 12, 3), {"cal": "", "series": ""}),
    ("list", None, {"group": "", "kind": ""}),
    ("month", date(2027, 1, 1), {"day": "2027-01-04", "event": 0, "cal": "a b&c/é?=#"}),
])
def test_calendar_links_are_the_ones_url_for_writes(app, view, anchor, changes):
    """calendar_url writes its query strings itself (url_for's cost more than the rest of a link): the same URLs."""
    from flask import url_for

    from blueprints.calendars.queries import CalendarFilters
    from blueprints.calendars.views import ENDPOINTS, calendar_url

    filters = CalendarFilters(cal="womens-home", group_id=7, kind="choir_rehearsal", series_id=12)
    period = {} if anchor is None else {"day": anchor.isoformat()} if view == "week" else {"month": f"{anchor:%Y-%m}"}
    with app.test_request_context("/calendars/"):
        assert calendar_url(view, anchor, filters, **changes) == url_for(
            ENDPOINTS[view], **filters.args(**period, **changes))
        assert calendar_url(view, None, CalendarFilters()) == url_for(ENDPOINTS[view])


def test_the_womens_home_calendar_shows_its_three_kinds_only(client, login_as, teacher, womens_home, make_event, fixed_now):
    make_event(title="工会趣味运动会", kind="union_activity", starts_at=datetime(2026, 12, 12, 6, 0))
    make_event(title="排球队训练：发球", kind="volleyball_training", starts_at=datetime(2026, 12, 11, 8, 30))
    login_as(teacher)
    everything = client.get("/calendars/list?month=2026-12", headers=HX).get_data(as_text=True)
    womens = client.get("/calendars/list?month=2026-12&cal=womens-home", headers=HX).get_data(as_text=True)
    assert "工会趣味运动会" in everything and "工会趣味运动会" not in womens
    assert all(t in womens for t in ("妇女之家", "合唱团排练", "排球队训练：发球"))


def test_filters_by_group_kind_series_and_mine(client, login_as, teacher, womens_home, womens_committee, fixed_now):
    from blueprints.events.registration import register

    monthly, rehearsals = womens_home
    register(monthly.occurrences[3], teacher, NOW)  # 9 December
    db.session.commit()
    login_as(teacher)

    def titles(query):
        page = client.get("/calendars/list?month=2026-12&" + query, headers=HX).get_data(as_text=True)
        return {t for t in ("妇女之家", "合唱团排练") if f">{t}</a></h3>" in page}

    assert titles(f"group={womens_committee.id}") == {"妇女之家"}
    assert titles("kind=choir_rehearsal") == {"合唱团排练"}
    assert titles(f"series={rehearsals.id}") == {"合唱团排练"}
    assert titles("cal=mine") == {"妇女之家"}
    assert titles("kind=nonsense&group=abc&cal=bogus") == {"妇女之家", "合唱团排练"}


def test_the_semesters_bound_the_calendar(client, login_as, teacher, womens_home, fixed_now):
    login_as(teacher)
    first = client.get("/calendars/?month=2026-09", headers=HX).get_data(as_text=True)
    assert "上一月" in first and "?month=2026-08" not in first and "?month=2026-10" in first
    last = client.get("/calendars/?month=2027-01", headers=HX).get_data(as_text=True)
    assert "?month=2027-02" not in last
    beyond = client.get("/calendars/?month=2027-06", headers=HX).get_data(as_text=True)
    assert "2027年1月" in beyond and "已为您打开最近的月份" in beyond


def test_days_between_semesters_and_holidays_are_marked(client, login_as, teacher, womens_home, make_holiday, fixed_now):
    make_holiday()  # 元旦 1–3 January
    make_holiday(name="寒假", first=date(2027, 1, 23), last=date(2027, 2, 21), kind="school")
    login_as(teacher)
    page = client.get("/calendars/?month=2027-01", headers=HX).get_data(as_text=True)
    assert page.count("cal-holiday") >= 3 + 9 and "元旦" in page and "寒假" in page
    assert "is-break" in page  # 23 January onwards is after the semester


def test_an_occurrence_on_a_holiday_is_flagged_and_its_organiser_can_move_it(client, login_as, teacher, chair, make_series,
                                                                             make_holiday, term, fixed_now):
    series = make_series(Pattern("weekly", weekdays=(4,), count=6), first=date(2026, 12, 4), title="排球队训练")
    make_holiday()
    new_year = next(e for e in series.occurrences if e.starts_at.date() == date(2027, 1, 1))
    login_as(teacher)
    week = client.get("/calendars/week?day=2027-01-01", headers=HX).get_data(as_text=True)
    assert "落在元旦" in week and f"/events/{new_year.id}/edit" not in week
    client.post("/logout")
    login_as(chair)
    week = client.get("/calendars/week?day=2027-01-01", headers=HX).get_data(as_text=True)
    assert f"/events/{new_year.id}/edit" in week
    home = client.get("/").get_data(as_text=True)
    assert "节假日提醒" in home and "排球队训练" in home.split("节假日提醒")[1]


def test_the_home_reminder_is_only_for_organisers(client, login_as, teacher, make_series, make_holiday, term, fixed_now):
    make_series(Pattern("weekly", weekdays=(4,), count=6), first=date(2026, 12, 4))
    make_holiday()
    login_as(teacher)
    assert "节假日提醒" not in client.get("/").get_data(as_text=True)


def test_an_event_opens_beside_the_month_and_registers_in_place(client, login_as, teacher, womens_home, fixed_now):
    monthly, _ = womens_home
    december = monthly.occurrences[3]
    login_as(teacher)
    page = client.get(f"/calendars/?month=2026-12&event={december.id}", headers=HX).get_data(as_text=True)
    assert 'id="cal-panel"' in page and f'id="seat-{december.id}"' in page and ">报名</button>" in page
    direct = client.get(f"/calendars/?month=2026-12&event={december.id}").get_data(as_text=True)
    assert "<html" in direct and 'id="cal-panel"' in direct

    response = client.post(f"/events/{december.id}/registration", headers=HX)
    assert "报名成功" in response.get_data(as_text=True) and "seats-changed" in response.headers["HX-Trigger"]
    chip = client.get(f"/calendars/chips/{december.id}?month=2026-12", headers=HX).get_data(as_text=True)
    assert "is-mine" in chip and "已报名" in chip


def test_month_cells_show_each_visitor_their_own_places_and_the_open_event(client, login_as, teacher, chair,
                                                                         womens_home, fixed_now):
    # Cells are kept between visits (calendars.views.month_cell): what one person sees must not reach another.
    monthly, _ = womens_home
    december = monthly.occurrences[3]
    cell = f'data-cal-event="{december.id}"'

    def chip_of(page):
        return page.split(cell)[0].rsplit("<a ", 1)[1]

    login_as(chair)
    assert "is-mine" not in chip_of(client.get("/calendars/?month=2026-12").get_data(as_text=True))
    client.post("/logout")
    login_as(teacher)
    client.post(f"/events/{december.id}/registration")
    mine = client.get("/calendars/?month=2026-12").get_data(as_text=True)
    assert "is-mine" in chip_of(mine) and "is-open" not in chip_of(mine)
    opened = client.get(f"/calendars/?month=2026-12&event={december.id}").get_data(as_text=True)
    assert "is-mine is-open" in chip_of(opened)
    client.post("/logout")
    login_as(chair)
    theirs = client.get("/calendars/?month=2026-12").get_data(as_text=True)
    assert "is-mine" not in chip_of(theirs) and "is-open" not in chip_of(theirs)


def test_an_unknown_event_in_the_url_just_shows_the_month(client, login_as, teacher, womens_home, fixed_now):
    login_as(teacher)
    page = client.get("/calendars/?month=2026-12&event=99999", headers=HX)
    assert page.status_code == 200 and 'id="cal-panel"' not in page.get_data(as_text=True)
    assert client.get("/calendars/chips/99999").status_code == 404


def test_the_month_takes_the_same_number_of_queries_for_few_or_many_events(client, login_as, teacher, make_series,
                                                                           make_holiday, term, count_queries, fixed_now):
    make_holiday()
    make_series(Pattern("weekly", weekdays=(1,), count=2), first=date(2026, 12, 1))
    login_as(teacher)

    def queries(url):
        db.session.expire_all()
        with count_queries() as sent:
            page = client.get(url).get_data(as_text=True)
        return len(sent), page

    few, few_listed = queries("/calendars/?month=2026-12")[0], queries("/calendars/list?month=2026-12")[0]
    make_series(Pattern("weekly", weekdays=(0, 2, 3, 4), count=16), first=date(2026, 12, 1), capacity=5)
    many, page = queries("/calendars/?month=2026-12")
    assert page.count('data-cal-event=') == 18
    assert many == few <= 12
    assert queries("/calendars/list?month=2026-12")[0] == few_listed <= 12


def test_the_event_pages_tell_an_occurrence_from_its_series(client, login_as, chair, make_series, term, fixed_now):
    series = make_series(Pattern("weekly", weekdays=(1,), count=3), first=date(2026, 12, 1))
    occurrence = series.occurrences[1]
    login_as(chair)
    manage = client.get(f"/events/{occurrence.id}/manage").get_data(as_text=True)
    assert "每周二 15:30" in manage and f"/calendars/series/{series.id}/from/{occurrence.id}" in manage
    edit = client.get(f"/events/{occurrence.id}/edit").get_data(as_text=True)
    assert "这里只修改" in edit and "其他各次不变" in edit
    assert "新建重复活动" in client.get("/events/new").get_data(as_text=True)
