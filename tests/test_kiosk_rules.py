"""The kiosk's rules as plain functions: codes, when a link works, signing in, undoing, the name search."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app import db
from blueprints.events.models import Attendance
from blueprints.events.operations import record_attendance
from blueprints.events.registration import register
from blueprints.kiosk.codes import (
    ALPHABET, CODE_LENGTH, display_code, ensure_code, looks_like_code, new_code, normalise_code, person_by_code, reissue_code,
)
from blueprints.kiosk.models import (
    ALREADY, CLOSED, INVALID_CODE, NOT_LISTED, NOT_OURS, OK, TOO_LATE, UNDO_REFUSED, UNDONE, UNKNOWN_PERSON,
)
from blueprints.kiosk.services import ENDED, EVENT_CANCELLED, NOT_YET, OPEN, REVOKED, kiosk_state, live_count, revoke_kiosk
from blueprints.kiosk.signin import UNDO_WINDOW, ambiguous_names, search_names, sign_in, undo
from tests.test_kiosk_support import NOW, code_for, event_now, make_event, make_kiosk, new_key  # noqa: F401


def _attendance(event):
    return list(db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)))


# --- codes --------------------------------------------------------------------------------------

def test_a_code_is_ten_unambiguous_characters_with_a_digit():
    for _ in range(200):
        code = new_code()
        assert len(code) == CODE_LENGTH and set(code) <= set(ALPHABET)
        assert looks_like_code(code)
    assert not set("ILOU") & set(ALPHABET)


def test_typed_codes_forgive_case_spaces_dashes_and_look_alike_letters():
    assert normalise_code(" 7k2m9-xpa4o ") == "7K2M9XPA40"
    assert normalise_code("1l0o i") == "11001"
    assert display_code("7K2M9XPA4D") == "7K2M9 XPA4D"


def test_names_and_pinyin_never_look_like_a_code():
    assert not looks_like_code("zs") and not looks_like_code("张三") and looks_like_code("7K2M9")


def test_a_person_keeps_one_code_until_it_is_reissued(app, teacher):
    first = ensure_code(teacher, NOW).code
    assert ensure_code(teacher, NOW + timedelta(days=3)).code == first
    assert person_by_code(first.lower()) is teacher


def test_reissuing_a_code_makes_the_old_one_stop_working(app, teacher, admin):
    old = ensure_code(teacher, NOW).code
    row = reissue_code(teacher, NOW + timedelta(hours=1), admin)
    assert row.code != old and row.generation == 1 and row.issued_by_id == admin.id
    assert person_by_code(old) is None
    assert person_by_code(row.code) is teacher


def test_the_code_of_someone_who_left_is_invalid(app, teacher):
    code = ensure_code(teacher, NOW).code
    teacher.is_active_member = False
    db.session.commit()
    assert person_by_code(code) is None


# --- when a kiosk link works ----------------------------------------------------------------------

def test_a_link_opens_before_the_start_and_closes_after_the_end(app, make_event, make_kiosk):
    event = make_event(starts_at=NOW + timedelta(hours=2))
    kiosk = make_kiosk(event, opens=30, closes=15)
    assert kiosk_state(kiosk, event.starts_at - timedelta(minutes=31)) == NOT_YET
    assert kiosk_state(kiosk, event.starts_at - timedelta(minutes=30)) == OPEN
    assert kiosk_state(kiosk, event.ends_at + timedelta(minutes=15)) == OPEN
    assert kiosk_state(kiosk, event.ends_at + timedelta(minutes=16)) == ENDED


def test_the_window_follows_the_event_when_it_is_moved(app, event_now, make_kiosk):
    kiosk = make_kiosk(event_now)
    event_now.starts_at += timedelta(days=1)
    event_now.ends_at += timedelta(days=1)
    assert kiosk_state(kiosk, NOW) == NOT_YET


def test_a_revoked_link_and_a_cancelled_event_take_no_sign_ins(app, event_now, make_kiosk, admin):
    kiosk = make_kiosk(event_now)
    assert revoke_kiosk(kiosk, by=admin, now=NOW) and not revoke_kiosk(kiosk, by=admin, now=NOW)
    assert kiosk_state(kiosk, NOW) == REVOKED
    other = make_kiosk(event_now, label="门口 2 号")
    event_now.status = "cancelled"
    assert kiosk_state(other, NOW) == EVENT_CANCELLED


# --- signing in --------------------------------------------------------------------------------

def test_a_scan_signs_in_once_and_a_second_scan_says_when(app, event_now, make_kiosk, teacher, code_for):
    kiosk, code = make_kiosk(event_now), code_for(teacher)
    first = sign_in(kiosk, new_key(), NOW, code=code)
    second = sign_in(kiosk, new_key(), NOW + timedelta(minutes=5), code=code)
    assert first.outcome == OK and first.moment == NOW and first.staff_id == teacher.id
    assert second.outcome == ALREADY and second.moment == NOW
    rows = _attendance(event_now)
    assert len(rows) == 1 and rows[0].source == "kiosk" and rows[0].recorded_by_id is None


def test_a_second_scan_after_a_hand_sign_in_shows_that_time(app, event_now, make_kiosk, teacher, admin, code_for):
    record_attendance(event_now, teacher, NOW - timedelta(minutes=20), source="hand", by=admin)
    answer = sign_in(make_kiosk(event_now), new_key(), NOW, code=code_for(teacher))
    assert answer.outcome == ALREADY and answer.moment == NOW - timedelta(minutes=20)


def test_without_walk_ins_only_registered_people_sign_in(app, make_event, make_kiosk, make_staff, code_for):
    event = make_event(starts_at=NOW - timedelta(minutes=10), walk_ins_allowed=False)
    listed, stranger = make_staff(), make_staff()
    register(event, listed, NOW - timedelta(days=1))
    db.session.commit()
    kiosk = make_kiosk(event)
    assert sign_in(kiosk, new_key(), NOW, code=code_for(stranger)).outcome == NOT_LISTED
    assert sign_in(kiosk, new_key(), NOW, code=code_for(listed)).outcome == OK
    assert [a.staff_id for a in _attendance(event)] == [listed.id]


def test_unknown_codes_and_names_sign_in_nobody(app, event_now, make_kiosk, make_staff):
    kiosk = make_kiosk(event_now)
    left = make_staff(is_active_member=False)
    assert sign_in(kiosk, new_key(), NOW, code="7K2M9XPA4D").outcome == INVALID_CODE
    assert sign_in(kiosk, new_key(), NOW, staff_id=left.id).outcome == UNKNOWN_PERSON
    assert sign_in(kiosk, new_key(), NOW, staff_id=999999).outcome == UNKNOWN_PERSON
    assert _attendance(event_now) == []


def test_a_closed_kiosk_signs_in_nobody(app, event_now, make_kiosk, teacher, admin, code_for):
    kiosk = make_kiosk(event_now)
    revoke_kiosk(kiosk, by=admin, now=NOW)
    assert sign_in(kiosk, new_key(), NOW, code=code_for(teacher)).outcome == CLOSED
    assert _attendance(event_now) == []


def test_walk_ins_and_the_live_count(app, event_now, make_kiosk, make_staff):
    seated = [make_staff() for _ in range(3)]
    for person in seated:
        register(event_now, person, NOW - timedelta(days=1))
    kiosk = make_kiosk(event_now)
    sign_in(kiosk, new_key(), NOW, staff_id=seated[0].id)
    sign_in(kiosk, new_key(), NOW, staff_id=make_staff().id)  # a walk-in
    assert (live_count(event_now).signed_in, live_count(event_now).registered) == (2, 3)


# --- undo ----------------------------------------------------------------------------------------

def test_a_wrong_tap_can_be_undone_moments_later(app, event_now, make_kiosk, teacher):
    kiosk = make_kiosk(event_now)
    made = sign_in(kiosk, new_key(), NOW, staff_id=teacher.id)
    answer = undo(kiosk, new_key(), made.id, NOW + timedelta(seconds=20))
    assert answer.outcome == UNDONE and answer.staff_id == teacher.id
    assert _attendance(event_now) == [] and made.undone_at is not None
    again = undo(kiosk, new_key(), made.id, NOW + timedelta(seconds=25))
    assert again.outcome == UNDO_REFUSED and again.reason == "already_undone"


def test_undo_is_refused_after_the_window(app, event_now, make_kiosk, teacher):
    kiosk = make_kiosk(event_now)
    made = sign_in(kiosk, new_key(), NOW, staff_id=teacher.id)
    answer = undo(kiosk, new_key(), made.id, NOW + UNDO_WINDOW + timedelta(seconds=1))
    assert answer.outcome == UNDO_REFUSED and answer.reason == TOO_LATE
    assert len(_attendance(event_now)) == 1


def test_a_kiosk_cannot_undo_another_kiosks_sign_in_or_a_second_scan(app, event_now, make_kiosk, teacher, admin):
    door, hall = make_kiosk(event_now), make_kiosk(event_now, label="门口 2 号")
    made = sign_in(door, new_key(), NOW, staff_id=teacher.id)
    assert undo(hall, new_key(), made.id, NOW).reason == NOT_OURS
    repeat = sign_in(door, new_key(), NOW, staff_id=teacher.id)
    assert repeat.outcome == ALREADY and undo(door, new_key(), repeat.id, NOW).reason == NOT_OURS
    assert len(_attendance(event_now)) == 1


# --- the name search ------------------------------------------------------------------------------

def test_name_search_needs_two_characters_and_ignores_staff_numbers(app, make_staff):
    zhang = make_staff(name="张三", staff_no="T0777")
    assert search_names("z") == [] and search_names("张") == []
    assert search_names("zs") == [zhang] and search_names("张三") == [zhang]
    assert search_names("T0777") == [] and search_names("0777") == []


def test_name_search_shows_a_few_names_at_most(app, make_staff):
    for i in range(12):
        make_staff(name=f"王芳{'甲乙丙丁戊己庚辛壬癸子丑'[i]}")
    assert len(search_names("wf")) == 8


def test_people_with_the_same_name_are_told_apart_by_scanning(app, make_staff):
    a, b, c = make_staff(name="李明"), make_staff(name="李明"), make_staff(name="李明华")
    assert ambiguous_names([a, b, c]) == {"李明"}
