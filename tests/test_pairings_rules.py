"""The rules of pairings as plain functions: suggestion ranking, state changes, the one-mentor rule, logs, progress."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.models import Staff
from blueprints.pairings.logs import add_log, confirm_log
from blueprints.pairings.models import Pairing
from blueprints.pairings.progress import is_quiet, progress_for, save_targets
from blueprints.pairings.services import PairingError, continue_pairing, create_pairing, save_settings, transition
from blueprints.pairings.suggestions import MentorPool, newcomers_without_mentor, rank_mentors
from tests.test_pairings_support import (  # noqa: F401  (fixtures)
    NOW, TODAY, fixed_today, make_log, make_mentor, make_newcomer, make_pairing, mentor, newcomer, semester,
)

# --- suggestion ranking: a pure function over people and loads -------------------------------------------------


def person(pid: int, **fields) -> Staff:
    values = {"id": pid, "staff_no": f"T{pid:04d}", "name": f"老师{pid}", "subject": "语文", "grade_band": "中段",
              "title": "一级教师", "is_backbone": False, "is_famous": False, "is_special_grade": False,
              "is_active_member": True}
    values.update(fields)
    return Staff(**values)


APPRENTICE = person(1, title="未定级")


def names(suggestions) -> list[str]:
    return [s.mentor.name for s in suggestions]


def test_same_subject_comes_before_same_grade_band_and_both_come_first():
    both = person(2, name="同科同段", is_backbone=True)
    subject_only = person(3, name="同科", grade_band="高段", is_backbone=True)
    band_only = person(4, name="同段", subject="数学", is_backbone=True)
    neither = person(5, name="都不同", subject="数学", grade_band="低段", is_special_grade=True)
    ranked = rank_mentors(APPRENTICE, [neither, band_only, subject_only, both], loads={}, limit=2)
    assert names(ranked) == ["同科同段", "同科", "同段", "都不同"]


def test_standing_then_lighter_load_break_ties():
    senior = person(2, name="高级", title="高级教师")
    backbone = person(3, name="骨干", is_backbone=True)
    famous = person(4, name="名师", is_famous=True)
    special = person(5, name="特级", is_special_grade=True)
    busy_special = person(6, name="特级带一人", is_special_grade=True)
    ranked = rank_mentors(APPRENTICE, [senior, backbone, famous, busy_special, special], loads={6: 1}, limit=2)
    assert names(ranked) == ["特级", "特级带一人", "名师", "骨干", "高级"]


def test_reasons_are_spelled_out():
    mentor = person(2, is_backbone=True)
    [suggestion] = rank_mentors(APPRENTICE, [mentor], loads={2: 1}, limit=2)
    assert suggestion.reason_text == "骨干教师 · 同学科 · 同年级段 · 当前带徒 1/2"
    other = person(3, subject="数学", grade_band="高段", title="正高级教师")
    [suggestion] = rank_mentors(APPRENTICE, [other], loads={}, limit=3)
    assert suggestion.reason_text == "正高级教师 · 当前带徒 0/3"


def test_nobody_mentors_themselves_and_only_eligible_active_people_with_room_are_suggested():
    self_ = person(1, is_backbone=True)  # the apprentice, somehow flagged
    ordinary = person(2, name="普通教师")
    inactive = person(3, name="已停用", is_backbone=True, is_active_member=False)
    full = person(4, name="已带满", is_famous=True)
    ok = person(5, name="可以带", title="高级教师")
    ranked = rank_mentors(APPRENTICE, [self_, ordinary, inactive, full, ok], loads={4: 2}, limit=2)
    assert names(ranked) == ["可以带"]


def test_count_keeps_the_best_few():
    candidates = [person(i, is_backbone=True) for i in range(2, 9)]
    assert len(rank_mentors(APPRENTICE, candidates, loads={}, limit=2, count=3)) == 3



def test_the_bucketed_pool_picks_the_same_mentors_in_the_same_order_as_ranking_everyone():
    import random

    rng = random.Random(10)
    subjects, bands = ["语文", "数学", "英语", None], ["低段", "中段", "高段", None]
    titles = ["一级教师", "高级教师", "未定级", "正高级教师"]
    candidates = [
        person(i, subject=rng.choice(subjects), grade_band=rng.choice(bands), title=rng.choice(titles),
               is_backbone=rng.random() < 0.3, is_famous=rng.random() < 0.1, is_special_grade=rng.random() < 0.05,
               is_active_member=rng.random() < 0.9)
        for i in range(2, 200)
    ]
    loads = {c.id: rng.randrange(3) for c in candidates if rng.random() < 0.4}
    pool = MentorPool(candidates, loads, limit=2)
    for apprentice in [APPRENTICE, *rng.sample(candidates, 40)]:
        for count in (1, 3, 500):
            expected = rank_mentors(apprentice, candidates, loads, limit=2, count=count)
            chosen = pool.best(apprentice, count)
            assert [c.id for c in chosen] == [s.mentor.id for s in expected]
            assert [pool.suggestion(apprentice, c, c).reason_text for c in chosen] == [s.reason_text for s in expected]

# --- state changes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [["active"], ["dissolved"], ["active", "completed"], ["active", "dissolved"]])
def test_legal_moves_are_recorded_with_who_when_and_why(make_pairing, mentor, newcomer, admin, path):
    pairing = make_pairing(mentor, newcomer, activate=False)
    for step, state in enumerate(path):
        transition(pairing, state, actor=admin, now=NOW + timedelta(hours=step + 1), reason="师傅调离")
    db.session.commit()
    events = pairing.events
    assert [e.to_state for e in events] == ["draft"] + path
    assert events[-1].actor is admin and events[-1].at == NOW + timedelta(hours=len(path))
    assert pairing.state == path[-1]


@pytest.mark.parametrize(
    "path, illegal",
    [([], "completed"), (["active"], "draft"), (["active", "completed"], "active"),
     (["active", "completed"], "dissolved"), (["dissolved"], "active"), (["active"], "active")],
)
def test_illegal_moves_are_refused_and_change_nothing(make_pairing, mentor, newcomer, admin, path, illegal):
    pairing = make_pairing(mentor, newcomer, activate=False)
    for state in path:
        transition(pairing, state, actor=admin, now=NOW, reason="原因")
    db.session.commit()
    before = (pairing.state, len(pairing.events))
    with pytest.raises(PairingError, match="不能从"):
        transition(pairing, illegal, actor=admin, now=NOW, reason="原因")
    assert (pairing.state, len(pairing.events)) == before


def test_dissolving_needs_a_reason(make_pairing, mentor, newcomer, admin):
    pairing = make_pairing(mentor, newcomer)
    with pytest.raises(PairingError) as error:
        transition(pairing, "dissolved", actor=admin, now=NOW, reason="  ")
    assert error.value.field == "reason" and pairing.state == "active"


# --- creating pairings: the one-mentor rule and the load limit ----------------------------------------------------


def test_an_apprentice_with_an_active_mentor_is_refused_with_the_mentor_named(make_pairing, make_mentor, mentor, newcomer, admin, semester):
    make_pairing(mentor, newcomer)
    with pytest.raises(PairingError) as error:
        create_pairing(semester, make_mentor(name="李月琴"), newcomer, actor=admin, now=NOW)
    assert error.value.field == "apprentice_id" and "徐玉兰" in error.value.message


def test_a_dissolved_pairing_frees_the_apprentice(make_pairing, make_mentor, mentor, newcomer, admin, semester):
    first = make_pairing(mentor, newcomer)
    transition(first, "dissolved", actor=admin, now=NOW, reason="师傅休产假")
    second = create_pairing(semester, make_mentor(), newcomer, actor=admin, now=NOW)
    db.session.commit()
    assert second.state == "active"


def test_nobody_mentors_themselves(mentor, admin, semester):
    with pytest.raises(PairingError, match="自己"):
        create_pairing(semester, mentor, mentor, actor=admin, now=NOW)


def test_a_mentor_at_the_semester_limit_is_refused_until_the_admin_raises_it(make_pairing, make_newcomer, mentor, admin, semester):
    make_pairing(mentor, make_newcomer())
    make_pairing(mentor, make_newcomer(), activate=False)  # a draft counts too
    third = make_newcomer()
    with pytest.raises(PairingError, match="达到上限 2 人"):
        create_pairing(semester, mentor, third, actor=admin, now=NOW)
    save_settings(semester.id, max_apprentices=3, quiet_days=30)
    assert create_pairing(semester, mentor, third, actor=admin, now=NOW).state == "active"


def test_the_database_holds_one_open_pairing_per_apprentice_per_semester(make_pairing, make_mentor, mentor, newcomer, semester):
    make_pairing(mentor, newcomer, activate=False)
    db.session.add(Pairing(semester=semester, mentor=make_mentor(), apprentice=newcomer, state="active"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Pairing)) == 1


def test_a_pairing_continues_into_the_next_semester(make_pairing, make_semester, mentor, newcomer, admin):
    following = make_semester(name="2026-2027学年第二学期", start=date(2027, 2, 20), end=date(2027, 7, 5), current=False)
    pairing = make_pairing(mentor, newcomer)
    nxt = continue_pairing(pairing, actor=admin, now=NOW)
    db.session.commit()
    assert pairing.state == "completed" and "延续" in pairing.events[-1].reason
    assert nxt.semester is following and nxt.state == "active" and nxt.previous is pairing


# --- logs, confirmation, progress ---------------------------------------------------------------------------------


def log_args(**overrides):
    values = {"kind": "observe_apprentice", "held_on": date(2026, 11, 20), "duration_minutes": 40,
              "content": "听课", "next_steps": "", "today": TODAY, "now": NOW}
    values.update(overrides)
    return values


@pytest.mark.parametrize(
    "overrides, field",
    [({"held_on": date(2026, 8, 31)}, "held_on"), ({"held_on": date(2026, 11, 26)}, "held_on"),
     ({"duration_minutes": -30}, "duration_minutes"), ({"kind": "party"}, "kind")],
)
def test_a_log_outside_the_semester_in_the_future_or_negative_is_refused(make_pairing, mentor, newcomer, overrides, field):
    pairing = make_pairing(mentor, newcomer)
    with pytest.raises(PairingError) as error:
        add_log(pairing, author=mentor, **log_args(**overrides))
    assert error.value.field == field


def test_only_the_two_sides_of_an_active_pairing_log(make_pairing, make_staff, mentor, newcomer):
    pairing = make_pairing(mentor, newcomer, activate=False)
    with pytest.raises(PairingError, match="进行中"):
        add_log(pairing, author=mentor, **log_args())
    with pytest.raises(PairingError, match="双方"):
        add_log(pairing, author=make_staff(), **log_args())


def test_only_the_other_side_confirms_and_only_once(make_pairing, mentor, newcomer):
    pairing = make_pairing(mentor, newcomer)
    log = add_log(pairing, author=newcomer, **log_args(kind="observe_mentor"))
    with pytest.raises(PairingError, match="另一方"):
        confirm_log(log, staff=newcomer, answer="", now=NOW)
    confirm_log(log, staff=mentor, answer="记录属实", now=NOW)
    assert log.is_confirmed and log.answer == "记录属实" and log.confirmed_by is mentor
    with pytest.raises(PairingError, match="已经确认"):
        confirm_log(log, staff=mentor, answer="", now=NOW)


def test_progress_counts_confirmed_logs_only_against_the_right_targets(make_pairing, make_log, mentor, newcomer, semester):
    pairing = make_pairing(mentor, newcomer)
    make_log(pairing, kind="observe_apprentice")
    make_log(pairing, kind="observe_apprentice", confirmed=False)
    make_log(pairing, side="apprentice", kind="observe_mentor")
    make_log(pairing, kind="demo_lesson")
    save_targets(semester.id, {"mentor_observes": 6})
    save_targets(semester.id, {"talks": 1}, pairing=pairing)
    progress = {p.metric: (p.done, p.target) for p in progress_for([pairing])[pairing.id]}
    assert progress == {"mentor_observes": (1, 6), "apprentice_observes": (2, 8), "plan_reviews": (0, 4), "talks": (0, 1)}


def test_a_pairing_is_quiet_after_the_configured_days_without_a_confirmed_log(make_pairing, mentor, newcomer):
    pairing = make_pairing(mentor, newcomer)
    assert not is_quiet(pairing, date(2026, 10, 27), quiet_days=30, today=TODAY)
    assert is_quiet(pairing, date(2026, 10, 26), quiet_days=30, today=TODAY)
    assert not is_quiet(pairing, None, quiet_days=30, today=TODAY)  # started today: nothing to confirm yet
    pairing.started_on = date(2026, 9, 1)
    assert is_quiet(pairing, None, quiet_days=30, today=TODAY)
    pairing.state = "completed"
    assert not is_quiet(pairing, None, quiet_days=30, today=TODAY)


def test_newcomers_lacking_a_mentor_leave_out_the_paired_and_the_old_hands(make_pairing, make_newcomer, make_staff, mentor, admin, semester):
    paired, dissolved, waiting = make_newcomer(name="已结对"), make_newcomer(name="已解除"), make_newcomer(name="待安排")
    make_staff(name="老教师", arrival_date=date(2015, 8, 28))
    make_pairing(mentor, paired)
    gone = make_pairing(mentor, dissolved)
    transition(gone, "dissolved", actor=admin, now=NOW, reason="调离")
    db.session.commit()
    assert [p.name for p in newcomers_without_mentor(semester)] == ["已解除", "待安排"]


def test_a_pairing_continues_only_once(make_pairing, make_semester, mentor, newcomer, admin):
    make_semester(name="2026-2027学年第二学期", start=date(2027, 2, 20), end=date(2027, 7, 5), current=False)
    pairing = make_pairing(mentor, newcomer)
    continue_pairing(pairing, actor=admin, now=NOW)
    with pytest.raises(PairingError, match="已经延续"):
        continue_pairing(pairing, actor=admin, now=NOW)
