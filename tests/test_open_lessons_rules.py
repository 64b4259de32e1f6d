"""The rules of open lessons, as plain service calls: declaring, observing, inviting, feedback, completion."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.open_lessons.models import CONFIRMED, DECLINED, INVITED, LessonObserver, OpenLesson
from blueprints.open_lessons.services import (
    COMPLETED,
    HELD,
    ONGOING,
    UPCOMING,
    Progress,
    RuleBroken,
    cancel,
    change_lesson,
    confirmed_count,
    declare_lesson,
    invite,
    phase_of,
    respond,
    rubric_of,
    sign_up,
    withdraw_lesson,
)
from tests.test_open_lessons_fixtures import AFTER, DURING, NOW, details, lesson_school, make_lesson  # noqa: F401


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _declare(school, teacher, *, now=NOW, by_admin=False, **overrides):
    overrides.setdefault("room_id", school.rooms["阶梯教室"].id)
    return declare_lesson(school.semester, school.settings, teacher, details(**overrides), now=now, by_admin=by_admin)


def _refused(call, field="__any__") -> RuleBroken:
    with pytest.raises(RuleBroken) as caught:
        call()
    if field != "__any__":
        assert caught.value.field == field, caught.value.message
    db.session.rollback()
    return caught.value


# --- declaring ---------------------------------------------------------------------------------

def test_teacher_declares_a_lesson_in_the_window(lesson_school, teacher):
    lesson = _declare(lesson_school, teacher)
    assert lesson.starts_at == datetime(2026, 10, 20, 10, 0) and lesson.ends_at == datetime(2026, 10, 20, 10, 40)
    assert lesson.seats == 40


def test_teacher_cannot_declare_outside_the_window_but_the_admin_can(lesson_school, teacher, admin):
    late = datetime(2026, 11, 2, 9, 0)
    error = _refused(lambda: _declare(lesson_school, teacher, now=late, lesson_date=date(2026, 11, 20)), field=None)
    assert "不在申报期内" in error.message
    assert _declare(lesson_school, teacher, now=late, by_admin=True, lesson_date=date(2026, 11, 20)).id


def test_a_date_outside_the_semester_is_refused(lesson_school, teacher):
    error = _refused(lambda: _declare(lesson_school, teacher, lesson_date=date(2027, 2, 1)), field="lesson_date")
    assert "本学期" in error.message
    assert _count(OpenLesson) == 0


def test_a_period_that_does_not_exist_is_refused(lesson_school, teacher):
    error = _refused(lambda: _declare(lesson_school, teacher, period=9), field="period")
    assert "没有这一节" in error.message


def test_a_lesson_must_start_after_now_unless_the_admin_records_it(lesson_school, teacher):
    error = _refused(lambda: _declare(lesson_school, teacher, lesson_date=date(2026, 10, 12), period=1), field="lesson_date")
    assert "现在之后" in error.message


def test_a_room_cannot_hold_two_lessons_in_one_period(lesson_school, make_staff):
    _declare(lesson_school, make_staff())
    error = _refused(lambda: _declare(lesson_school, make_staff(), topic="分数的初步认识"), field="room_id")
    assert "阶梯教室在这一节已安排了《秋天的雨》" in error.message
    assert _declare(lesson_school, make_staff(), period=4).id  # the next period is free


def test_the_database_refuses_two_lessons_in_one_room_and_period(make_lesson, make_staff, lesson_school):
    first = make_lesson()
    twin = OpenLesson(
        semester_id=first.semester_id, teacher_id=make_staff().id, subject="数学", class_name="三年级（1）班",
        topic="并发写入", lesson_date=first.lesson_date, period=first.period, room_id=first.room_id, seats=5,
        starts_at=first.starts_at, ends_at=first.ends_at,
    )
    db.session.add(twin)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_one_lesson_per_teacher_and_semester(lesson_school, teacher):
    _declare(lesson_school, teacher)
    error = _refused(lambda: _declare(lesson_school, teacher, period=5), field=None)
    assert "已申报过" in error.message


def test_a_teacher_cannot_declare_in_a_period_in_which_they_observe(make_lesson, make_staff, lesson_school):
    observer = make_staff()
    make_lesson(observers=[observer])
    error = _refused(lambda: _declare(lesson_school, observer, room_id=lesson_school.rooms["录播教室"].id), field="period")
    assert "已报名听《秋天的雨》" in error.message


def test_a_change_must_leave_room_for_the_confirmed_observers(make_lesson, make_staff, lesson_school):
    lesson = make_lesson(observers=[make_staff() for _ in range(3)])
    error = _refused(
        lambda: change_lesson(lesson, details(room_id=lesson_school.rooms["科学实验室"].id), now=NOW, by_admin=False),
        field="room_id",
    )
    assert "只有 2 个座位" in error.message


def test_a_change_may_not_move_an_observer_into_a_clash(make_lesson, make_staff, lesson_school):
    busy = make_staff()
    lesson = make_lesson(observers=[busy])
    make_lesson(period=5, room="录播教室", topic="圆的面积", observers=[busy])
    lesson = db.session.get(OpenLesson, lesson.id)
    error = _refused(
        lambda: change_lesson(lesson, details(period=5, room_id=lesson.room_id), now=NOW, by_admin=False), field="period"
    )
    assert busy.name in error.message


def test_a_lesson_can_be_withdrawn_only_before_it_starts(make_lesson):
    lesson = make_lesson()
    _refused(lambda: withdraw_lesson(db.session.get(OpenLesson, lesson.id), now=DURING, by_admin=False))
    withdraw_lesson(db.session.get(OpenLesson, lesson.id), now=NOW, by_admin=False)
    db.session.commit()
    assert _count(OpenLesson) == 0


# --- observing ---------------------------------------------------------------------------------

def test_a_teacher_cannot_observe_their_own_lesson(make_lesson, teacher):
    lesson = make_lesson(teacher)
    assert "自己的公开课" in _refused(lambda: sign_up(lesson, teacher, now=NOW)).message


def test_nobody_observes_two_lessons_in_the_same_period(make_lesson, make_staff):
    observer = make_staff()
    make_lesson(observers=[observer])
    other = make_lesson(room="录播教室", topic="圆的面积")
    error = _refused(lambda: sign_up(other, observer, now=NOW))
    assert "已报名听《秋天的雨》" in error.message
    assert sign_up(make_lesson(period=4, room="录播教室", topic="认识钟表"), observer, now=NOW).status == CONFIRMED


def test_nobody_observes_while_giving_their_own_lesson_in_that_period(make_lesson, make_staff):
    busy = make_staff()
    make_lesson(busy, room="录播教室", topic="圆的面积")
    lesson = make_lesson()
    assert "要上自己的公开课《圆的面积》" in _refused(lambda: sign_up(lesson, busy, now=NOW)).message


def test_the_seventh_observer_is_refused_when_the_room_has_six_seats(make_lesson, make_staff):
    lesson = make_lesson(room="录播教室", observers=[make_staff() for _ in range(6)])
    assert "座位已满" in _refused(lambda: sign_up(lesson, make_staff(), now=NOW)).message
    assert confirmed_count(lesson) == 6


def test_signing_up_twice_is_refused(make_lesson, make_staff):
    observer = make_staff()
    lesson = make_lesson(observers=[observer])
    assert "已报名" in _refused(lambda: sign_up(lesson, observer, now=NOW)).message


def test_an_observer_cancels_until_the_lesson_starts(make_lesson, make_staff):
    early, late = make_staff(), make_staff()
    lesson = make_lesson(observers=[early, late])
    cancel(lesson, early, now=NOW)
    db.session.commit()
    assert confirmed_count(lesson) == 1
    assert "课已开始" in _refused(lambda: cancel(lesson, late, now=DURING)).message
    assert "课已开始" in _refused(lambda: sign_up(lesson, early, now=DURING)).message


def test_an_invitation_takes_a_seat_only_when_accepted(make_lesson, make_staff, teacher):
    lesson = make_lesson(teacher)
    yes, no = make_staff(), make_staff()
    invite(lesson, yes, inviter=teacher, now=NOW)
    invite(lesson, no, inviter=teacher, now=NOW)
    assert confirmed_count(lesson) == 0
    respond(lesson, yes, accept=True, now=NOW)
    respond(lesson, no, accept=False, now=NOW)
    db.session.commit()
    statuses = dict(db.session.execute(select(LessonObserver.staff_id, LessonObserver.status)).all())
    assert statuses == {yes.id: CONFIRMED, no.id: DECLINED}
    assert "没有待回复的邀请" in _refused(lambda: respond(lesson, no, accept=True, now=NOW)).message


def test_accepting_an_invitation_obeys_the_same_rules_as_signing_up(make_lesson, make_staff, teacher):
    busy = make_staff()
    lesson = make_lesson(teacher)
    invite(lesson, busy, inviter=teacher, now=NOW)
    db.session.commit()
    make_lesson(room="录播教室", topic="圆的面积", observers=[busy])
    assert "同一节不能听两节课" in _refused(lambda: respond(lesson, busy, accept=True, now=NOW)).message


def test_cancelling_after_accepting_an_invitation_shows_as_declined(make_lesson, make_staff, teacher):
    guest = make_staff()
    lesson = make_lesson(teacher)
    invite(lesson, guest, inviter=teacher, now=NOW)
    respond(lesson, guest, accept=True, now=NOW)
    cancel(lesson, guest, now=NOW)
    db.session.commit()
    assert db.session.scalar(select(LessonObserver.status)) == DECLINED


def test_invitations_refuse_the_teacher_the_busy_and_more_than_the_seats(make_lesson, make_staff, teacher):
    lesson = make_lesson(teacher, room="科学实验室")
    assert "授课教师本人" in _refused(lambda: invite(lesson, teacher, inviter=teacher, now=NOW)).message
    busy = make_staff()
    make_lesson(busy, room="录播教室", topic="圆的面积")
    assert "要上自己的公开课" in _refused(lambda: invite(lesson, busy, inviter=teacher, now=NOW)).message
    first, second = make_staff(), make_staff()
    invite(lesson, first, inviter=teacher, now=NOW)
    invite(lesson, second, inviter=teacher, now=NOW)
    error = _refused(lambda: invite(lesson, make_staff(), inviter=teacher, now=NOW))
    assert "座位已满" in error.message
    assert db.session.scalar(select(func.count()).where(LessonObserver.status == INVITED)) == 2


def test_the_badge_reads_3_of_5_until_five_then_reached():
    assert Progress(3, 5, 40).label == "3/5 待邀请"
    assert Progress(5, 5, 40).label == "已达标"
    assert Progress(6, 5, 6).seats_left == 0


# --- after the lesson ------------------------------------------------------------------------

def _write(lesson, school, person, *, now=AFTER, score=4, strengths="导入自然", suggestions="多给学生时间"):
    from blueprints.open_lessons.services import write_feedback

    rubric = rubric_of(school.semester)
    return write_feedback(
        lesson, school.settings, person, scores={item.id: score for item in rubric}, strengths=strengths,
        suggestions=suggestions, rubric=rubric, now=now,
    )


def test_feedback_is_written_by_confirmed_observers_after_the_lesson_and_before_the_deadline(make_lesson, make_staff, lesson_school):
    observer, stranger = make_staff(), make_staff()
    lesson = make_lesson(observers=[observer])
    assert "下课后" in _refused(lambda: _write(lesson, lesson_school, observer, now=DURING)).message
    assert "确认听课" in _refused(lambda: _write(lesson, lesson_school, stranger)).message
    late = datetime(2026, 10, 28, 0, 0)  # seven days after the 20th have passed
    assert "截止" in _refused(lambda: _write(lesson, lesson_school, observer, now=late)).message
    assert _write(lesson, lesson_school, observer, now=datetime(2026, 10, 27, 23, 0)).id


@pytest.mark.parametrize("score", [0, 6, 7, -1])
def test_a_rubric_score_outside_one_to_five_is_refused(make_lesson, make_staff, lesson_school, score):
    observer = make_staff()
    lesson = make_lesson(observers=[observer])
    error = _refused(lambda: _write(lesson, lesson_school, observer, score=score))
    assert "1–5" in error.message and error.field.startswith("score_")


def test_rewriting_feedback_replaces_the_scores(make_lesson, make_staff, lesson_school):
    from blueprints.open_lessons.services import feedback_of

    observer = make_staff()
    lesson = make_lesson(observers=[observer])
    _write(lesson, lesson_school, observer, score=3)
    _write(lesson, lesson_school, observer, score=5, strengths="改过了")
    db.session.commit()
    feedback = feedback_of(lesson, observer)
    assert feedback.strengths == "改过了" and {s.score for s in feedback.scores} == {5}
    assert len(feedback.scores) == 5


def test_the_teacher_sees_feedback_only_once_the_minimum_have_written(make_lesson, make_staff, lesson_school):
    from blueprints.open_lessons.services import feedback_summary

    observers = [make_staff() for _ in range(5)]
    lesson = make_lesson(observers=observers)
    for n, person in enumerate(observers[:4], start=1):
        _write(lesson, lesson_school, person, score=n % 5 + 1)
    assert not feedback_summary(lesson, lesson_school.settings, names=True).visible
    _write(lesson, lesson_school, observers[4], score=5)
    summary = feedback_summary(lesson, lesson_school.settings, names=True)
    assert summary.visible and summary.count == 5
    assert [name for name, _ in summary.averages] == ["教学目标", "教学过程", "教学方法", "学生参与", "教学效果"]
    assert summary.averages[0][1] == pytest.approx((2 + 3 + 4 + 5 + 5) / 5)
    assert {c.author for c in summary.comments} == {p.name for p in observers}


def test_anonymous_feedback_shows_no_names(make_lesson, make_staff, lesson_school):
    from blueprints.open_lessons.services import feedback_summary

    observers = [make_staff() for _ in range(5)]
    lesson = make_lesson(observers=observers)
    for person in observers:
        _write(lesson, lesson_school, person)
    summary = feedback_summary(lesson, lesson_school.settings, names=False)
    assert [c.author for c in summary.comments] == [f"评课人 {n}" for n in range(1, 6)]


def test_a_lesson_is_complete_when_held_with_enough_feedback_and_a_reflection(make_lesson, make_staff, lesson_school):
    from blueprints.open_lessons.services import write_reflection

    observers = [make_staff() for _ in range(5)]
    lesson = make_lesson(observers=observers)
    assert phase_of(lesson, NOW, feedback_count=0, min_observers=5) == UPCOMING
    assert phase_of(lesson, DURING, feedback_count=0, min_observers=5) == ONGOING
    assert "下课后" in _refused(lambda: write_reflection(lesson, "反思", now=DURING)).message
    write_reflection(lesson, "学生讨论不够充分。", now=AFTER)
    assert phase_of(lesson, AFTER, feedback_count=4, min_observers=5) == HELD
    assert phase_of(lesson, AFTER, feedback_count=5, min_observers=5) == COMPLETED
    lesson.reflection = ""
    assert phase_of(lesson, AFTER, feedback_count=5, min_observers=5) == HELD


# --- settings ----------------------------------------------------------------------------------

def test_the_first_save_adds_eight_periods_and_the_five_item_rubric(lesson_school):
    from blueprints.open_lessons.services import timetable

    table = timetable(lesson_school.semester)
    assert sorted(table.periods) == list(range(1, 9))
    assert table.label(3) == "第3节 10:00–10:40"
    assert [i.name for i in rubric_of(lesson_school.semester)] == ["教学目标", "教学过程", "教学方法", "学生参与", "教学效果"]


def test_a_window_outside_the_semester_is_refused(lesson_school):
    from blueprints.open_lessons.services import save_settings

    values = {"declare_from": date(2026, 8, 1), "declare_until": date(2026, 9, 30), "min_observers": 5,
              "observe_target": 4, "feedback_days": 7, "names_visible": True}
    assert _refused(lambda: save_settings(lesson_school.semester, values)).field == "declare_from"


def test_new_period_times_move_the_lessons_already_declared(make_lesson, lesson_school):
    from blueprints.open_lessons.services import DEFAULT_PERIODS, set_period_times

    lesson = make_lesson()
    times = list(DEFAULT_PERIODS)
    times[2] = (time(10, 10), time(10, 50))
    set_period_times(lesson_school.semester, times)
    db.session.commit()
    assert db.session.get(OpenLesson, lesson.id).starts_at == datetime(2026, 10, 20, 10, 10)


def test_period_times_must_run_forward(lesson_school):
    from blueprints.open_lessons.services import DEFAULT_PERIODS, set_period_times

    times = list(DEFAULT_PERIODS)
    times[4] = (time(14, 0), time(13, 0))
    assert _refused(lambda: set_period_times(lesson_school.semester, times)).field == "periods-4-ends_at"
    times = list(DEFAULT_PERIODS)
    times[1] = (time(8, 20), time(9, 0))
    assert _refused(lambda: set_period_times(lesson_school.semester, times)).field == "periods-1-starts_at"


def test_rubric_items_are_renamed_retired_and_added_but_never_all_retired(lesson_school):
    from blueprints.open_lessons.services import save_rubric_item

    semester = lesson_school.semester
    items = rubric_of(semester)
    save_rubric_item(semester, "板书设计")
    save_rubric_item(semester, "目标达成", item=items[0])
    db.session.commit()
    assert _refused(lambda: save_rubric_item(semester, "教学过程", item=items[2])).field == "name"
    for item in rubric_of(semester)[:-1]:
        save_rubric_item(semester, item.name, item=item, is_active=False)
    last = rubric_of(semester)[0]
    assert last.name == "板书设计"
    assert _refused(lambda: save_rubric_item(semester, last.name, item=last, is_active=False)).field == "is_active"


def test_room_names_are_unique_within_the_semester(lesson_school):
    from blueprints.open_lessons.services import save_room

    assert _refused(lambda: save_room(lesson_school.semester, "录播教室", 10)).field == "name"
