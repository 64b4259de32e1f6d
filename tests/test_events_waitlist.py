"""Seats and attendance: the waiting list moves up in order; cancelled events and reduced capacity; who may sign in."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.events.checklist import add_item, checklist_of, remove_item, rename_item, toggle_item
from blueprints.events.models import EIGHT_ONES, Registration
from blueprints.events.operations import (
    cancel_event, create_event, record_attendance, record_summary, remove_attendance, update_event,
)
from blueprints.events.registration import register, waiting_list, withdraw
from tests.test_events_support import NOW, make_event  # noqa: F401  (fixture)


def _seat(event, person, minutes=0):
    result = register(event, person, NOW + timedelta(minutes=minutes))
    db.session.commit()
    return result


def _statuses(event):
    rows = db.session.scalars(select(Registration).where(Registration.event_id == event.id).order_by(Registration.id))
    return {r.staff.name: r.status for r in rows}


@pytest.fixture
def people(make_staff):
    return [make_staff(name=name) for name in ["甲", "乙", "丙", "丁", "戊"]]


def test_seats_are_taken_in_order_and_the_rest_wait(make_event, people):
    event = make_event(capacity=2)
    results = [_seat(event, p, minutes=i) for i, p in enumerate(people[:4])]
    assert [r.status for r in results] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [r.staff.name for r in waiting_list(event)] == ["丙", "丁"]


def test_registering_twice_changes_nothing(make_event, people):
    event = make_event(capacity=1)
    first = _seat(event, people[0])
    again = _seat(event, people[0], minutes=5)
    assert again.already and again.registration.id == first.registration.id
    assert db.session.scalar(select(Registration.queued_at).where(Registration.id == first.registration.id)) == NOW


def test_the_database_refuses_a_second_row_for_the_same_person(make_event, people):
    event = make_event()
    _seat(event, people[0])
    db.session.add(Registration(event_id=event.id, staff_id=people[0].id, status="registered", queued_at=NOW))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_cancellation_moves_the_first_waiting_person_up_and_tells_them(make_event, people):
    event = make_event(capacity=2)
    for i, p in enumerate(people[:4]):
        _seat(event, p, minutes=i)
    result = withdraw(event, people[0], NOW + timedelta(hours=1))
    db.session.commit()
    assert result.problem is None
    assert _statuses(event) == {"甲": "withdrawn", "乙": "registered", "丙": "registered", "丁": "waitlisted"}
    promoted = db.session.scalar(select(Registration).where(Registration.staff_id == people[2].id))
    assert promoted.promoted_at == NOW + timedelta(hours=1) and promoted.notice_pending


def test_leaving_the_waiting_list_moves_nobody_into_a_seat(make_event, people):
    event = make_event(capacity=1)
    for i, p in enumerate(people[:3]):
        _seat(event, p, minutes=i)
    withdraw(event, people[1], NOW)
    db.session.commit()
    assert _statuses(event) == {"甲": "registered", "乙": "withdrawn", "丙": "waitlisted"}


def test_coming_back_after_withdrawing_joins_the_end_of_the_line(make_event, people):
    event = make_event(capacity=1)
    for i, p in enumerate(people[:3]):
        _seat(event, p, minutes=i)
    withdraw(event, people[1], NOW + timedelta(minutes=10))
    db.session.commit()
    again = _seat(event, people[1], minutes=20)
    assert again.status == "waitlisted"
    assert [r.staff.name for r in waiting_list(event)] == ["丙", "乙"]


def test_no_withdrawal_or_promotion_once_the_event_started(make_event, people):
    event = make_event(capacity=1)
    _seat(event, people[0])
    _seat(event, people[1], minutes=1)
    late = withdraw(event, people[0], event.starts_at + timedelta(minutes=5))
    assert late.problem == "活动已开始，不能取消报名。"
    removed = withdraw(event, people[0], event.starts_at + timedelta(minutes=5), by=people[4])  # organiser
    db.session.commit()
    assert removed.problem is None
    assert _statuses(event)["乙"] == "waitlisted"


def test_a_cancelled_event_takes_no_one_and_tells_everyone_on_its_lists(make_event, people):
    event = make_event(capacity=1)
    _seat(event, people[0])
    _seat(event, people[1], minutes=1)
    assert cancel_event(event, NOW + timedelta(hours=2), "场地临时占用") is None
    db.session.commit()
    assert all(r.notice_pending for r in db.session.scalars(select(Registration)))
    assert _seat(event, people[2], minutes=200).problem == "活动已取消。"
    withdraw(event, people[0], NOW + timedelta(hours=3))
    db.session.commit()
    assert _statuses(event)["乙"] == "waitlisted"  # nobody moves up into a cancelled event
    assert cancel_event(event, NOW, "") == "只能取消尚未举行的活动。"


def test_an_event_that_is_over_can_no_longer_be_cancelled(make_event):
    event = make_event()
    assert "不能再取消" in cancel_event(event, event.ends_at, "")
    assert event.status == "scheduled"


def test_reduced_capacity_keeps_given_seats_and_moves_nobody_up_until_below_it(make_event, people):
    event = make_event(capacity=3)
    for i, p in enumerate(people):
        _seat(event, p, minutes=i)  # 甲乙丙 seated, 丁戊 waiting
    update_event(event, {"capacity": 2}, NOW + timedelta(hours=1))
    db.session.commit()
    assert list(_statuses(event).values()).count("registered") == 3  # nobody loses a seat
    withdraw(event, people[2], NOW + timedelta(hours=2))
    db.session.commit()
    assert _statuses(event)["丁"] == "waitlisted"  # 2 seated = new capacity
    withdraw(event, people[1], NOW + timedelta(hours=3))
    db.session.commit()
    assert _statuses(event) == {"甲": "registered", "乙": "withdrawn", "丙": "withdrawn", "丁": "registered", "戊": "waitlisted"}


def test_more_seats_or_no_limit_move_the_waiting_list_up_in_order(make_event, people):
    event = make_event(capacity=1)
    for i, p in enumerate(people[:4]):
        _seat(event, p, minutes=i)
    promoted = update_event(event, {"capacity": 2}, NOW + timedelta(hours=1))
    assert [r.staff.name for r in promoted] == ["乙"]
    promoted = update_event(event, {"capacity": None}, NOW + timedelta(hours=1))
    db.session.commit()
    assert [r.staff.name for r in promoted] == ["丙", "丁"]


def test_organisers_add_people_outside_the_audience_and_window_but_not_past_capacity(make_event, people, admin):
    event = make_event(capacity=1, audience="party", registration_closes_at=NOW)
    assert _seat(event, people[0]).problem == "报名已截止。"
    first = register(event, people[0], NOW, by=admin)
    second = register(event, people[1], NOW, by=admin)
    db.session.commit()
    assert (first.status, second.status) == ("registered", "waitlisted")
    assert first.registration.added_by_id == admin.id


# --- attendance -----------------------------------------------------------------------------------------

def test_attendance_opens_an_hour_before_the_start(make_event, people):
    event = make_event()
    early = record_attendance(event, people[0], event.starts_at - timedelta(minutes=61), source="hand", by=None)
    assert early.problem == "活动开始前 1 小时起才能签到。"
    on_time = record_attendance(event, people[0], event.starts_at - timedelta(minutes=30), source="hand", by=None)
    assert on_time.problem is None and on_time.attendance.source == "hand"


def test_attendance_is_recorded_once(make_event, people):
    event = make_event()
    first = record_attendance(event, people[0], event.starts_at, source="hand", by=None)
    again = record_attendance(event, people[0], event.starts_at + timedelta(minutes=5), source="kiosk", by=None)
    assert again.already and again.attendance.id == first.attendance.id
    assert again.attendance.signed_in_at == event.starts_at


def test_without_walk_ins_only_registered_people_sign_in_themselves(make_event, people):
    event = make_event(walk_ins_allowed=False, capacity=1)
    _seat(event, people[0])
    _seat(event, people[1])  # waiting
    at = event.starts_at
    assert record_attendance(event, people[0], at, source="kiosk", by=None).problem is None
    assert record_attendance(event, people[1], at, source="kiosk", by=None).problem == "不在本次活动名单。"
    assert record_attendance(event, people[2], at, source="self", by=None).problem == "不在本次活动名单。"
    assert record_attendance(event, people[2], at, source="hand", by=None).problem is None  # the organiser decides


def test_with_walk_ins_anyone_may_sign_in_until_shortly_after_the_end(make_event, people):
    event = make_event(walk_ins_allowed=True)
    assert record_attendance(event, people[0], event.starts_at, source="kiosk", by=None).problem is None
    late = record_attendance(event, people[1], event.ends_at + timedelta(hours=1), source="kiosk", by=None)
    assert late.problem == "活动已结束，签到已关闭。"
    assert record_attendance(event, people[1], event.ends_at + timedelta(days=3), source="hand", by=None).problem is None


def test_no_attendance_at_a_cancelled_event_and_a_wrong_tick_can_be_undone(make_event, people):
    event = make_event()
    record_attendance(event, people[0], event.starts_at, source="hand", by=None)
    assert remove_attendance(event, people[0]) is True
    assert remove_attendance(event, people[0]) is False
    cancel_event(event, NOW, "")
    assert record_attendance(event, people[0], event.starts_at, source="hand", by=None).problem == "活动已取消，不能签到。"


# --- summary, held, checklist ----------------------------------------------------------------------------

def test_summary_and_held_come_after_the_start_and_held_needs_a_summary(make_event, admin):
    event = make_event()
    assert "开始后" in record_summary(event, "纪要", True, NOW, admin)["summary"]
    after = event.ends_at
    assert "先填写" in record_summary(event, "  ", True, after, admin)["summary"]
    assert record_summary(event, "草稿", False, after, admin) == {} and event.status == "scheduled"
    assert record_summary(event, "围绕课堂提问展开研讨。", True, after, admin) == {}
    assert event.status == "held" and event.held_at == after


def test_a_red_education_trip_starts_with_the_eight_ones(make_event, admin, make_group):
    party = make_group(name="党支部", kind="party")
    values = {"kind": "red_education", "group_id": party.id, "title": "红色教育", "place": "开化县革命纪念馆",
              "starts_at": NOW + timedelta(days=3), "ends_at": NOW + timedelta(days=3, hours=8), "audience": "party",
              "training_hours": Decimal("4")}
    event = create_event(values, admin, NOW)
    assert [i.label for i in checklist_of(event)] == EIGHT_ONES
    assert checklist_of(make_event()) == []  # other kinds have none


def test_the_checklist_is_ticked_and_edited(make_event, admin):
    event = make_event(kind="red_education")
    items = checklist_of(event)
    toggle_item(items[0], NOW, admin)
    assert items[0].done and items[0].done_by_id == admin.id
    toggle_item(items[0], NOW, admin)
    assert not items[0].done
    rename_item(items[1], "齐唱国歌")
    remove_item(items[7])
    assert add_item(event, "合影留念") is None
    labels = [i.label for i in checklist_of(event)]
    assert labels[1] == "齐唱国歌" and labels[-1] == "合影留念" and len(labels) == 8


def test_changing_an_event_to_red_education_adds_the_checklist_once(make_event):
    event = make_event()
    update_event(event, {"kind": "red_education"}, NOW)
    update_event(event, {"title": "重走红军路"}, NOW)
    assert len(checklist_of(event)) == 8
