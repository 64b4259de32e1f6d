"""Creating and changing series, and entering holidays, through the pages: the happy path, who may not, bad input."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.calendars.models import Holiday
from blueprints.calendars.recurrence import Pattern
from blueprints.events.models import Event, EventSeries
from tests.conftest import csrf_token_from
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_holiday, make_series, womens_committee,
)

HX = {"HX-Request": "true"}


def series_form(group_id, **changes) -> dict:
    values = {
        "kind": "womens_home", "dimension": "", "title": "妇女之家", "group_id": str(group_id), "place": "教工之家", "description": "",
        "training_hours": "0", "audience": "women", "young_max_age": "35", "capacity": "30", "walk_ins_allowed": "y",
        "first_day": "2026-12-01", "start_time": "15:30", "end_time": "17:00", "freq": "monthly_nth", "interval": "1",
        "nth": "2", "nth_weekday": "2", "month_day": "1", "end_mode": "until", "until": "2027-06-30", "count": "",
        "opens_days_before": "7",
    }
    values.update(changes)
    return values


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_organiser_creates_the_monthly_womens_home(client, login_as, chair, womens_committee, fixed_now):
    login_as(chair)
    assert "新建重复活动" in client.get("/calendars/series/new").get_data(as_text=True)
    response = client.post("/calendars/series/new", data=series_form(womens_committee.id))
    assert response.status_code == 303
    series = db.session.scalar(select(EventSeries))
    assert response.headers["Location"].endswith(f"/calendars/series/{series.id}")
    assert series.rrule == "FREQ=MONTHLY;UNTIL=20270630T235959;BYDAY=+2WE" and series.opens_days_before == 7
    assert count(Event) == 7  # 9 Dec, 13 Jan, 10 Feb, 10 Mar, 14 Apr, 12 May, 9 Jun
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已创建重复活动「妇女之家」，共 7 次" in page and "每月第二个周三 15:30" in page


def test_twice_a_week_with_a_count(client, login_as, chair, womens_committee, fixed_now):
    login_as(chair)
    client.post("/calendars/series/new", data=series_form(
        womens_committee.id, kind="choir_rehearsal", title="合唱团排练", freq="weekly", weekdays=["1", "3"],
        end_mode="count", count="20", until=""))
    assert count(Event) == 20
    assert db.session.scalar(select(EventSeries.rrule)) == "FREQ=WEEKLY;COUNT=20;BYDAY=TU,TH"


@pytest.mark.parametrize("changes, field, message", [
    ({"freq": "weekly"}, "weekdays", "请至少选择一天"),
    ({"end_time": "15:00"}, "end_time", "结束时间必须晚于开始时间"),
    ({"until": "2026-11-01"}, "until", "截止日期不能早于首次日期"),
    ({"end_mode": "count", "count": ""}, "count", "请填写重复次数"),
    ({"end_mode": "count", "count": "61"}, "count", "次数应在 1 到 60 之间"),
    ({"title": ""}, "title", "请填写此项"),
    ({"first_day": "2026-13-45"}, "first_day", ""),
    ({"capacity": "0"}, "capacity", "名额至少为 1"),
])
def test_bad_input_is_explained_beside_the_field_and_creates_nothing(client, login_as, chair, womens_committee, fixed_now,
                                                                      changes, field, message):
    login_as(chair)
    response = client.post("/calendars/series/new", data=series_form(womens_committee.id, **changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and f'id="{field}-error"' in page and message in page
    assert count(EventSeries) == 0 and count(Event) == 0


def test_only_groups_one_leads_can_organise_a_series(client, login_as, chair, make_group, fixed_now):
    union = make_group(name="工会", kind="union")
    login_as(chair)
    page = client.post("/calendars/series/new", data=series_form(union.id)).get_data(as_text=True)
    assert "只能为您负责的组织创建活动" in page and count(EventSeries) == 0


def test_a_teacher_who_leads_no_group_cannot_create_a_series(client, login_as, teacher, womens_committee, fixed_now):
    login_as(teacher)
    assert client.get("/calendars/series/new").status_code == 403
    assert client.post("/calendars/series/new", data=series_form(womens_committee.id)).status_code == 403
    assert client.post("/calendars/series/preview", data=series_form(womens_committee.id)).status_code == 403


def test_the_preview_lists_the_dates_and_flags_holidays(client, login_as, chair, womens_committee, make_holiday, fixed_now):
    make_holiday(name="元旦", first=date(2027, 1, 1), last=date(2027, 1, 3))
    login_as(chair)
    data = series_form(womens_committee.id, freq="weekly", weekdays=["4"], until="2027-01-15")
    page = client.post("/calendars/series/preview", data=data, headers=HX).get_data(as_text=True)
    assert "<strong>每周五</strong>，共 7 次" in page and "1月1日 周五 15:30" in page and "其中 1 次落在节假日" in page
    wrong = client.post("/calendars/series/preview", data=series_form(womens_committee.id, freq="weekly"), headers=HX)
    assert "请至少选择一天" in wrong.get_data(as_text=True)
    assert count(EventSeries) == 0


@pytest.mark.csrf
def test_creating_a_series_needs_the_csrf_token(client, login_as, chair, womens_committee, fixed_now):
    login_as(chair)
    assert client.post("/calendars/series/new", data=series_form(womens_committee.id)).status_code == 400
    token = csrf_token_from(client.get("/calendars/series/new").get_data(as_text=True))
    response = client.post("/calendars/series/new", data={**series_form(womens_committee.id), "csrf_token": token})
    assert response.status_code == 303


# --- this and all following ---------------------------------------------------------------------------------

def test_this_and_following_through_the_page(client, login_as, chair, make_series, fixed_now):
    series = make_series(Pattern("weekly", weekdays=(1, 3), until=date(2026, 12, 31)), first=date(2026, 12, 1))
    pivot = series.occurrences[4]  # Tuesday 15 December
    login_as(chair)
    url = f"/calendars/series/{series.id}/from/{pivot.id}"
    form = client.get(url).get_data(as_text=True)
    assert "2026年12月15日" in form and 'value="15:30"' in form
    response = client.post(url, data=series_form(series.group_id, freq="weekly", weekdays=["1"], until="2026-12-31",
                                                 first_day="2030-01-01", place="形体房"))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "已修改此次及以后的活动" in page and "删去 3 次" in page
    db.session.expire_all()
    later = db.session.scalars(select(Event).where(Event.starts_at >= pivot.starts_at).order_by(Event.starts_at)).all()
    assert [(e.starts_at.day, e.place) for e in later] == [(15, "形体房"), (22, "形体房"), (29, "形体房")]


def test_a_leader_of_another_group_cannot_change_the_series(client, login_as, make_staff, make_group, make_series, fixed_now):
    series = make_series(Pattern("weekly", weekdays=(1,), count=4), first=date(2026, 12, 1))
    other = make_staff()
    make_group(name="工会", kind="union", leaders=[other])
    login_as(other)
    url = f"/calendars/series/{series.id}/from/{series.occurrences[1].id}"
    assert client.get(url).status_code == 403
    assert client.post(url, data=series_form(series.group_id)).status_code == 403


def test_an_occurrence_of_another_series_is_not_found(client, login_as, chair, make_series, make_event, fixed_now):
    first = make_series(Pattern("weekly", weekdays=(1,), count=2), first=date(2026, 12, 1))
    second = make_series(Pattern("weekly", weekdays=(3,), count=2), first=date(2026, 12, 1))
    login_as(chair)
    assert client.get(f"/calendars/series/{first.id}/from/{second.occurrences[0].id}").status_code == 404
    assert client.get(f"/calendars/series/{first.id}/from/{make_event().id}").status_code == 404


def test_a_past_occurrence_cannot_start_a_change(client, login_as, chair, make_series, fixed_now):
    series = make_series()
    login_as(chair)
    response = client.get(f"/calendars/series/{series.id}/from/{series.occurrences[0].id}", follow_redirects=True)
    assert "请从以后尚未开始的一次修改" in response.get_data(as_text=True)


def test_the_series_page_lists_every_occurrence_with_what_happened(client, login_as, teacher, chair, make_series,
                                                                   make_holiday, fixed_now):
    from blueprints.events.operations import cancel_event, update_event

    series = make_series(Pattern("weekly", weekdays=(4,), count=6), first=date(2026, 12, 4), title="排球队训练")
    make_holiday()
    occurrences = series.occurrences
    cancel_event(occurrences[1], NOW, "场馆检修")
    update_event(occurrences[2], {"starts_at": datetime(2026, 12, 17, 8, 30), "ends_at": datetime(2026, 12, 17, 10)}, NOW)
    db.session.commit()
    login_as(teacher)
    page = client.get(f"/calendars/series/{series.id}").get_data(as_text=True)
    assert "每周五 15:30" in page and "共 6 次" in page and "场馆检修" in page and "原定 12月18日 15:30" in page
    assert "元旦" in page and "改此次及以后" not in page
    client.post("/logout")
    login_as(chair)
    page = client.get(f"/calendars/series/{series.id}").get_data(as_text=True)
    assert "改此次及以后" in page and "有 1 次落在节假日" in page


# --- holidays -------------------------------------------------------------------------------------------------

def holiday_form(**changes) -> dict:
    values = {"name": "元旦", "kind": "public", "start_date": "2027-01-01", "end_date": "2027-01-03"}
    values.update(changes)
    return values


def test_the_admin_enters_corrects_and_removes_a_holiday(client, login_as, admin, make_event, fixed_now):
    make_event(title="元旦排球赛", starts_at=datetime(2027, 1, 2, 1, 0))
    login_as(admin)
    response = client.post("/calendars/holidays", data=holiday_form(), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "已添加假期「元旦」" in page and "2027年1月1日 – 2027年1月3日" in page and "1 个" in page
    holiday = db.session.scalar(select(Holiday))
    client.post(f"/calendars/holidays/{holiday.id}/edit", data=holiday_form(name="元旦假期", end_date="2027-01-01"))
    db.session.expire_all()
    assert (holiday.name, holiday.end_date) == ("元旦假期", date(2027, 1, 1))
    client.post(f"/calendars/holidays/{holiday.id}/delete")
    assert count(Holiday) == 0


@pytest.mark.parametrize("changes, field, message", [
    ({"end_date": "2026-12-31"}, "end_date", "最后一天不能早于第一天"),
    ({"end_date": "2027-05-01"}, "end_date", "假期最长"),
    ({"name": ""}, "name", "请填写名称"),
    ({"kind": "party"}, "kind", "请选择假期类型"),
    ({"start_date": ""}, "start_date", "请填写第一天"),
])
def test_bad_holidays_are_refused_beside_the_field(client, login_as, admin, fixed_now, changes, field, message):
    login_as(admin)
    page = client.post("/calendars/holidays", data=holiday_form(**changes)).get_data(as_text=True)
    assert f'id="{field}-error"' in page and message in page and count(Holiday) == 0


def test_the_same_holiday_is_not_entered_twice(client, login_as, admin, make_holiday, fixed_now):
    make_holiday()
    login_as(admin)
    page = client.post("/calendars/holidays", data=holiday_form()).get_data(as_text=True)
    assert "同名假期已经录入过了" in page and count(Holiday) == 1


def test_teachers_and_group_leaders_cannot_touch_holidays(client, login_as, chair, make_holiday, fixed_now):
    holiday = make_holiday()
    login_as(chair)
    assert client.get("/calendars/holidays").status_code == 403
    assert client.post("/calendars/holidays", data=holiday_form(name="加塞")).status_code == 403
    assert client.post(f"/calendars/holidays/{holiday.id}/delete").status_code == 403
    assert count(Holiday) == 1
