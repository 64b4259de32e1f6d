"""Nominating, the admin's review (accept and merge, refuse with a reason, take back), and confirming the chosen."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.honours.models import Award
from blueprints.selection.models import Candidate, Nomination
from blueprints.selection.nominations import accept, nominate, nominee_groups, refuse, revoke, withdraw_nomination
from blueprints.selection.results import confirm
from blueprints.selection.rules import SelectionError
from blueprints.selection.voting import cast_vote
from tests.test_selection_support import DAYS, NOW, make_candidate, make_selection  # noqa: F401  (fixtures)

REASON = "十年如一日守护寄宿的孩子，每晚查寝到十点。"


@pytest.fixture
def people(make_staff, admin):
    return {"admin": admin, "a": make_staff(name="甲老师"), "b": make_staff(name="乙老师"), "c": make_staff(name="丙老师")}


def _nominate(selection, nominator, nominee, reason=REASON, day="nominating"):
    return nominate(selection, nominator=nominator, nominee=nominee, reason=reason, today=DAYS[day], now=NOW)


def test_a_teacher_nominates_a_colleague_once_with_a_reason(make_selection, people):
    selection = make_selection()
    nomination = _nominate(selection, people["a"], people["b"])
    assert (nomination.status, nomination.reason) == ("pending", REASON)
    with pytest.raises(SelectionError, match="您已经提名过乙老师"):
        _nominate(selection, people["a"], people["b"], "另一个理由也写够十个字了吧。")


@pytest.mark.parametrize("nominee, reason, message", [
    ("a", REASON, "不能提名自己"),
    ("b", "很好", "至少 10 个字"),
    ("b", "好" * 501, "最多 500 字"),
    (None, REASON, "请先搜索并选择一位同事。"),
])
def test_bad_nominations_are_refused_with_the_reason(make_selection, people, nominee, reason, message):
    selection = make_selection()
    with pytest.raises(SelectionError, match=message):
        _nominate(selection, people["a"], people.get(nominee), reason)
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_nominating_outside_the_window_is_refused(make_selection, people):
    selection = make_selection()
    for day in ("upcoming", "reviewing", "voting"):
        with pytest.raises(SelectionError):
            _nominate(selection, people["a"], people["b"], day=day)


def test_the_database_refuses_a_second_nomination_and_a_self_nomination(make_selection, people):
    selection = make_selection()
    a, b = people["a"], people["b"]
    db.session.add(Nomination(selection_id=selection.id, nominee=b, nominator=a, reason=REASON))
    db.session.commit()
    for nominee in (b, a):
        db.session.add(Nomination(selection_id=selection.id, nominee=nominee, nominator=a, reason=REASON))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_accepting_merges_a_nominees_nominations_into_one_candidate(make_selection, people):
    selection = make_selection()
    for nominator in (people["a"], people["c"]):
        _nominate(selection, nominator, people["b"])
    candidate = accept(selection, people["b"], reason="合并后的推荐理由。", admin=people["admin"], today=DAYS["nominating"], now=NOW)
    assert candidate.reason == "合并后的推荐理由。"
    assert {n.status for n in db.session.scalars(select(Nomination))} == {"accepted"}
    assert all(n.candidate_id == candidate.id for n in db.session.scalars(select(Nomination)))
    # A later nomination of the same person joins the same candidacy.
    _nominate(selection, people["admin"], people["b"])
    accept(selection, people["b"], reason="又补充了一句。", admin=people["admin"], today=DAYS["reviewing"], now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 1
    group = nominee_groups(selection)[0]
    assert group.candidate.reason == "又补充了一句。" and len(group.nominations) == 3 and not group.pending


def test_refusing_needs_a_reason_the_nominators_read(make_selection, people):
    selection = make_selection()
    _nominate(selection, people["a"], people["b"])
    with pytest.raises(SelectionError, match="请写明不予通过的原因"):
        refuse(selection, people["b"], reason=" ", admin=people["admin"], today=DAYS["nominating"], now=NOW)
    assert refuse(selection, people["b"], reason="校级领导不参评。", admin=people["admin"], today=DAYS["nominating"], now=NOW) == 1
    nomination = db.session.scalar(select(Nomination))
    assert (nomination.status, nomination.decision_reason) == ("refused", "校级领导不参评。")
    with pytest.raises(SelectionError, match="不能撤回"):
        withdraw_nomination(nomination, person=people["a"], today=DAYS["nominating"])


def test_the_review_closes_when_voting_starts(make_selection, people):
    selection = make_selection()
    _nominate(selection, people["a"], people["b"])
    with pytest.raises(SelectionError, match="投票已经开始"):
        accept(selection, people["b"], reason="理由", admin=people["admin"], today=DAYS["voting"], now=NOW)


def test_taking_a_candidacy_back_puts_its_nominations_back_in_review(make_selection, people):
    selection = make_selection()
    _nominate(selection, people["a"], people["b"])
    candidate = accept(selection, people["b"], reason="理由。", admin=people["admin"], today=DAYS["nominating"], now=NOW)
    revoke(candidate, today=DAYS["reviewing"])
    assert db.session.scalar(select(func.count()).select_from(Candidate)) == 0
    assert db.session.scalar(select(Nomination.status)) == "pending"


def test_a_teacher_withdraws_their_own_waiting_nomination_only(make_selection, people):
    selection = make_selection()
    nomination = _nominate(selection, people["a"], people["b"])
    with pytest.raises(SelectionError, match="只能撤回自己的提名"):
        withdraw_nomination(nomination, person=people["c"], today=DAYS["nominating"])
    withdraw_nomination(nomination, person=people["a"], today=DAYS["nominating"])
    assert db.session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_confirming_records_an_honour_for_each_chosen_teacher_once(make_selection, make_candidate, people):
    selection = make_selection(seats=2)
    a, b, c = (make_candidate(selection) for _ in range(3))
    cast_vote(selection, a, voter=people["a"], today=DAYS["voting"], now=NOW)
    with pytest.raises(SelectionError, match="投票结束后才能确认"):
        confirm(selection, {a.id}, admin=people["admin"], school="天地外国语学校", today=DAYS["voting"], now=NOW)
    with pytest.raises(SelectionError, match="本次评选 2 名，您选了 3 名"):
        confirm(selection, {a.id, b.id, c.id}, admin=people["admin"], school="天地外国语学校", today=DAYS["counting"], now=NOW)
    awards = confirm(selection, {a.id, b.id}, admin=people["admin"], school="天地外国语学校", today=DAYS["counting"],
                     now=datetime(2026, 9, 8, 7, 0))
    db.session.commit()
    assert {(w.staff_id, w.title, w.level, w.grade, w.category, w.awarded_on.isoformat()) for w in awards} == {
        (a.staff_id, "校级最美教师", "校", "其他", "荣誉称号", "2026-09-10"),
        (b.staff_id, "校级最美教师", "校", "其他", "荣誉称号", "2026-09-10"),
    }
    assert a.award_id and b.award_id and c.award_id is None and selection.confirmed_at is not None
    with pytest.raises(SelectionError, match="已经确认过了"):
        confirm(selection, {c.id}, admin=people["admin"], school="天地外国语学校", today=DAYS["counting"], now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Award)) == 2
