"""Series as organisers use them: every occurrence is an event of its own; "this and all following" changes the rest."""
from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from app import db
from blueprints.calendars.recurrence import Pattern, Schedule, parse_rule
from blueprints.calendars.series import DROPPED_REASON, edit_following
from blueprints.events.models import Event, EventSeries, Registration
from blueprints.events.operations import cancel_event, record_attendance, update_event
from blueprints.events.registration import register
from tests.test_calendars_support import (  # noqa: F401  (fixtures)
    NOW, chair, fixed_now, make_event, make_series, template, womens_committee,
)

WEEKLY_TUE_THU = Pattern("weekly", weekdays=(1, 3), until=date(2026, 12, 24))


def rehearsals(make_series, **fields):
    """Choir rehearsals every Tuesday and Thursday 16:30–17:40 from 1 December (8 of them, all to come)."""
    return make_series(WEEKLY_TUE_THU, first=date(2026, 12, 1), starts=time(16, 30), ends=time(17, 40),
                       kind="choir_rehearsal", title="合唱团排练", place="音乐教室", **fields)


def occurrences(series_id: int) -> list[Event]:
    db.session.expire_all()
    return list(db.session.scalars(select(Event).where(Event.series_id == series_id).order_by(Event.original_starts_at)))


def local_days(events) -> list[date]:
    return [(e.starts_at + timedelta(hours=8)).date() for e in events]


def new_schedule(first: date, pattern=WEEKLY_TUE_THU, starts=time(16, 30), ends=time(17, 40)) -> Schedule:
    return Schedule(pattern, first, starts, ends)


def test_a_series_makes_one_event_per_occurrence_in_beijing_time(make_series):
    series = make_series(opens_days_before=7, capacity=30)
    events = occurrences(series.id)
    assert local_days(events) == [date(2026, 9, 9), date(2026, 10, 14), date(2026, 11, 11), date(2026, 12, 9), date(2027, 1, 13)]
    first = events[0]
    assert (first.starts_at, first.ends_at) == (datetime(2026, 9, 9, 7, 30), datetime(2026, 9, 9, 9, 0))  # 15:30 Beijing
    assert first.original_starts_at == first.starts_at and not first.is_moved
    assert first.registration_opens_at == first.starts_at - timedelta(days=7)
    assert all(e.capacity == 30 and e.status == "scheduled" and e.title == "妇女之家" for e in events)
    assert series.rrule == "FREQ=MONTHLY;UNTIL=20270122T235959;BYDAY=+2WE"
    assert series.dtstart == datetime(2026, 9, 9, 15, 30) and series.duration_minutes == 90


def test_registrations_and_attendance_belong_to_one_occurrence(make_series, make_staff):
    series = rehearsals(make_series)
    first, second = occurrences(series.id)[:2]
    singer = make_staff()
    register(first, singer, NOW)
    record_attendance(first, singer, first.starts_at, source="hand", by=None)
    db.session.commit()
    assert [r.event_id for r in db.session.scalars(select(Registration))] == [first.id]
    assert len(first.attendances) == 1 and second.attendances == []


def test_an_occurrence_moved_on_its_own_keeps_its_identity(make_series):
    series = rehearsals(make_series)
    thursday = occurrences(series.id)[1]
    original = thursday.original_starts_at
    update_event(thursday, {"starts_at": original + timedelta(days=1), "ends_at": thursday.ends_at + timedelta(days=1),
                            "place": "学术报告厅"}, NOW)
    db.session.commit()
    moved = occurrences(series.id)[1]
    assert moved.id == thursday.id and moved.original_starts_at == original and moved.is_moved
    assert moved.place == "学术报告厅" and len(occurrences(series.id)) == 8


def test_an_occurrence_cancelled_on_its_own_leaves_the_others(make_series):
    series = rehearsals(make_series)
    target = occurrences(series.id)[2]
    cancel_event(target, NOW, "期末检测")
    db.session.commit()
    assert [e.status for e in occurrences(series.id)].count("cancelled") == 1


def test_this_and_following_from_the_middle_splits_the_series(make_series, chair, womens_committee, make_staff):
    series = rehearsals(make_series)
    before = occurrences(series.id)
    pivot = before[4]  # Tuesday 15 December
    keeper, dropped, quiet = make_staff(), make_staff(), make_staff()
    register(before[4], keeper, NOW)          # Tue 15th: stays (Tuesdays remain)
    register(before[5], dropped, NOW)         # Thu 17th: Thursdays go, someone registered -> cancelled
    db.session.commit()

    # From the 15th: Tuesdays and Fridays at 16:00 in the lecture hall, until 25 December.
    result = edit_following(
        pivot, template(womens_committee, kind="choir_rehearsal", title="合唱团排练（赛前）", place="学术报告厅"),
        new_schedule(date(2026, 12, 15), Pattern("weekly", weekdays=(1, 4), until=date(2026, 12, 25)), time(16), time(17, 10)),
        None, chair, NOW)
    db.session.commit()
    assert result.problem is None and (result.kept, result.created, result.cancelled, result.removed) == (2, 2, 1, 1)

    old = db.session.get(EventSeries, series.id)
    assert old.until == date(2026, 12, 14) and old.count is None and "UNTIL=20261214T235959" in old.rrule
    assert local_days(occurrences(old.id)) == [date(2026, 12, d) for d in (1, 3, 8, 10, 17)]
    cancelled = occurrences(old.id)[-1]
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == DROPPED_REASON
    assert db.session.scalar(select(Registration.notice_pending).where(Registration.staff_id == dropped.id))

    new = result.series
    assert new.previous_id == old.id and new.title == "合唱团排练（赛前）" and parse_rule(new.rrule).weekdays == (1, 4)
    after = occurrences(new.id)
    assert local_days(after) == [date(2026, 12, 15), date(2026, 12, 18), date(2026, 12, 22), date(2026, 12, 25)]
    assert after[0].id == pivot.id and after[0].place == "学术报告厅"
    assert after[0].starts_at == datetime(2026, 12, 15, 8, 0)  # 16:00 Beijing
    assert db.session.scalar(select(Registration.event_id).where(Registration.staff_id == keeper.id)) == pivot.id
    assert quiet is not None


def test_this_and_following_keeps_a_moved_time_and_a_cancellation(make_series, chair, womens_committee):
    series = rehearsals(make_series)
    events = occurrences(series.id)
    moved, cancelled = events[5], events[6]
    update_event(moved, {"starts_at": moved.starts_at + timedelta(hours=1), "ends_at": moved.ends_at + timedelta(hours=1)}, NOW)
    cancel_event(cancelled, NOW, "停电")
    db.session.commit()

    edit_following(events[4], template(womens_committee, kind="choir_rehearsal", title="合唱团排练", place="新音乐厅"),
                   new_schedule(date(2026, 12, 15)), None, chair, NOW)
    db.session.commit()
    db.session.expire_all()
    moved, cancelled = db.session.get(Event, moved.id), db.session.get(Event, cancelled.id)
    assert moved.place == "新音乐厅" and moved.is_moved and moved.starts_at == datetime(2026, 12, 17, 9, 30)
    assert cancelled.status == "cancelled" and cancelled.cancel_reason == "停电"


def test_from_the_first_occurrence_the_series_changes_in_place(make_series, chair, womens_committee):
    series = rehearsals(make_series)
    first = occurrences(series.id)[0]
    result = edit_following(first, template(womens_committee, kind="choir_rehearsal", title="合唱团排练", place="音乐教室"),
                            new_schedule(date(2026, 12, 1), Pattern("weekly", weekdays=(1,), count=3)), None, chair, NOW)
    db.session.commit()
    assert result.series.id == series.id and result.series.previous_id is None
    assert local_days(occurrences(series.id)) == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]
    assert db.session.get(EventSeries, series.id).count == 3


def test_past_occurrences_are_never_touched(make_series, chair, womens_committee):
    series = make_series()  # 9 Sep .. 13 Jan, "now" is 25 November: three are over
    events = occurrences(series.id)
    result = edit_following(events[3], template(womens_committee, place="形体房"),
                            new_schedule(date(2026, 12, 9), Pattern("monthly_nth", nth=2, nth_weekday=2, count=2),
                                         time(15, 30), time(17)), None, chair, NOW)
    db.session.commit()
    assert result.series.id != series.id
    assert [e.place for e in occurrences(series.id)] == ["教工之家"] * 3
    assert [e.place for e in occurrences(result.series.id)] == ["形体房"] * 2


def test_an_occurrence_already_under_way_cannot_start_a_change(make_series, chair, womens_committee):
    series = make_series()
    past = occurrences(series.id)[1]
    result = edit_following(past, template(womens_committee), new_schedule(date(2026, 10, 14)), None, chair, NOW)
    assert result.problem and "已经开始或结束" in result.problem


def test_two_organisers_changing_the_same_series_at_once_leave_one_occurrence_per_day(app, make_series, chair, womens_committee):
    series = rehearsals(make_series)
    pivot_id, chair_id, group_id = occurrences(series.id)[4].id, chair.id, womens_committee.id
    db.session.remove()
    barrier = threading.Barrier(2)
    outcomes = []

    def change(place):
        with app.app_context():
            from blueprints.accounts.models import Group, Staff

            pivot = db.session.get(Event, pivot_id)
            person, group = db.session.get(Staff, chair_id), db.session.get(Group, group_id)
            _ = pivot.series.rrule
            barrier.wait()
            try:
                result = edit_following(pivot, template(group, kind="choir_rehearsal", place=place),
                                        new_schedule(date(2026, 12, 15)), None, person, NOW)
                if result.problem:
                    db.session.rollback()
                else:
                    db.session.commit()
                outcomes.append(result.problem)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=change, args=(p,)) for p in ("甲教室", "乙教室")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes, key=str)[0] is None  # at least one went through
    assert outcomes.count(None) == 1 and "刚刚被别人修改" in next(o for o in outcomes if o)
    per_day = db.session.execute(
        select(func.date(Event.starts_at), func.count()).where(Event.kind == "choir_rehearsal", Event.status == "scheduled")
        .group_by(func.date(Event.starts_at))
    ).all()
    assert per_day and all(count == 1 for _, count in per_day)
    assert db.session.scalar(select(func.count()).select_from(EventSeries)) == 2
