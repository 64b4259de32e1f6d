"""The selection's pages: who may do what, bad input beside the field, the htmx ballot, results, confirmation."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.honours.models import Award
from blueprints.selection.models import Candidate, Nomination, Selection, Vote
from tests.test_selection_support import DAYS, make_candidate, make_selection, on_day  # noqa: F401  (fixtures)

HX = {"HX-Request": "true"}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("method, url", [
    ("get", "/selection/new"), ("get", "/selection/2026/edit"), ("get", "/selection/2026/review"),
    ("post", "/selection/2026/close"), ("post", "/selection/2026/confirm"),
    ("post", "/selection/2026/review/1/accept"), ("post", "/selection/2026/review/1/refuse"),
])
def test_teachers_cannot_run_the_selection(client, login_as, teacher, make_selection, method, url):
    make_selection()
    login_as(teacher)
    assert getattr(client, method)(url).status_code == 403


def test_the_admin_opens_a_selection_with_the_defaults(client, login_as, admin, on_day):
    on_day("upcoming")
    login_as(admin)
    page = client.get("/selection/new").get_data(as_text=True)
    assert 'value="2026"' in page and 'value="10"' in page and "2026-09-10" in page
    data = {"year": "2026", "title": "2026年度校级最美教师评选", "nominate_from": "2026-08-20", "nominate_until": "2026-08-28",
            "vote_from": "2026-09-01", "vote_until": "2026-09-07", "award_on": "2026-09-10", "votes_per_voter": "10", "seats": "10"}
    assert client.post("/selection/new", data=data).status_code == 303
    again = client.post("/selection/new", data=data)
    assert "2026 年的评选已经存在。" in again.get_data(as_text=True) and _count(Selection) == 1


def test_windows_out_of_order_are_refused_beside_the_field(client, login_as, admin):
    login_as(admin)
    data = {"year": "2027", "title": "评选", "nominate_from": "2027-08-20", "nominate_until": "2027-09-02",
            "vote_from": "2027-09-01", "vote_until": "2027-09-07", "award_on": "2027-09-10", "votes_per_voter": "10", "seats": "10"}
    page = client.post("/selection/new", data=data).get_data(as_text=True)
    assert 'id="vote_from-error"' in page and "投票应在提名截止之后开始。" in page and _count(Selection) == 0


def test_a_teacher_nominates_a_colleague_and_sees_the_nomination(client, login_as, teacher, make_staff, make_selection, on_day):
    on_day("nominating")
    selection = make_selection()
    colleague = make_staff(name="程菲")
    login_as(teacher)
    response = client.post(f"/selection/{selection.year}/nominations",
                           data={"nominee_id": colleague.id, "reason": "带的班级是全校有名的书香班，每天中午陪孩子读书。"})
    assert response.status_code == 303
    page = client.get(f"/selection/{selection.year}").get_data(as_text=True)
    assert "已提名程菲老师" in page and "待审核" in page


def test_nominating_oneself_or_without_a_reason_says_why_and_saves_nothing(client, login_as, teacher, make_staff, make_selection, on_day):
    on_day("nominating")
    selection = make_selection()
    login_as(teacher)
    page = client.post("/selection/2026/nominations", data={"nominee_id": teacher.id, "reason": "我很优秀，值得当选最美教师。"}).get_data(as_text=True)
    assert "不能提名自己" in page and 'class="field-error"' in page
    page = client.post("/selection/2026/nominations", data={"nominee_id": make_staff().id, "reason": "好"}).get_data(as_text=True)
    assert "至少 10 个字" in page and "已选：" in page  # the colleague stays picked
    assert _count(Nomination) == 0


def test_the_admin_merges_and_refuses_nominations(client, login_as, admin, make_staff, make_selection, on_day):
    on_day("reviewing")
    selection = make_selection()
    nominee, other = make_staff(name="李月琴"), make_staff(name="赵斌")
    for person in (make_staff(), make_staff()):
        db.session.add(Nomination(selection_id=selection.id, nominee=nominee, nominator=person, reason="理由写得很长很长。"))
    db.session.add(Nomination(selection_id=selection.id, nominee=other, nominator=admin, reason="理由写得很长很长。"))
    db.session.commit()
    login_as(admin)
    assert "接受并合并 2 条提名" in client.get("/selection/2026/review").get_data(as_text=True)
    assert client.post(f"/selection/2026/review/{nominee.id}/accept", data={"reason": "合并后的理由。"}).status_code == 303
    page = client.post(f"/selection/2026/review/{other.id}/refuse", data={"refusal": ""}).get_data(as_text=True)
    assert "请写明不予通过的原因" in page
    assert client.post(f"/selection/2026/review/{other.id}/refuse", data={"refusal": "中层行政不参评。"}).status_code == 303
    assert db.session.scalar(select(Candidate.reason)) == "合并后的理由。"
    assert {n.status for n in db.session.scalars(select(Nomination).where(Nomination.nominee_id == other.id))} == {"refused"}


@pytest.fixture
def voting(make_selection, make_candidate, make_staff, on_day):
    on_day("voting")
    selection = make_selection(votes_per_voter=2)
    return selection, [make_candidate(selection, make_staff(name=name)) for name in ("候选甲", "候选乙", "候选丙")]


def test_the_ballot_counts_down_in_place_and_refuses_the_vote_over_the_limit(client, login_as, teacher, voting):
    selection, (a, b, c) = voting
    login_as(teacher)
    page = client.get("/selection/2026/ballot").get_data(as_text=True)
    assert "还可投 <strong" in page and ">2</strong> 票" in page
    first = client.post(f"/selection/2026/ballot/{a.id}", headers=HX)
    html = first.get_data(as_text=True)
    assert first.status_code == 200 and f'id="candidate-{a.id}"' in html and "已投给候选甲" in html
    assert 'hx-swap-oob="true"' in html and ">1</strong> 票" in html and "<html" not in html
    client.post(f"/selection/2026/ballot/{b.id}", headers=HX)
    refused = client.post(f"/selection/2026/ballot/{c.id}", headers=HX)
    assert refused.status_code == 200 and "您的 2 票已经投完" in refused.get_data(as_text=True)
    assert client.delete(f"/selection/2026/ballot/{a.id}", headers=HX).status_code == 200
    assert "已投给候选丙" in client.post(f"/selection/2026/ballot/{c.id}", headers=HX).get_data(as_text=True)
    assert _count(Vote) == 2


def test_a_vote_without_javascript_comes_back_to_the_ballot(client, login_as, teacher, voting):
    _selection, (a, _b, _c) = voting
    login_as(teacher)
    response = client.post(f"/selection/2026/ballot/{a.id}")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/selection/2026/ballot#candidate-{a.id}")
    assert client.post(f"/selection/2026/ballot/{a.id}/withdraw").status_code == 303 and _count(Vote) == 0


def test_only_the_admin_sees_totals_before_the_close_and_never_who_voted_for_whom(client, login_as, admin, make_staff, voting, on_day):
    _selection, (a, b, _c) = voting
    voters = [make_staff(name=f"投票人{n}") for n in range(3)]
    for voter in voters:
        login_as(voter)
        client.post(f"/selection/2026/ballot/{a.id}", headers=HX)
        client.post("/logout")
    login_as(voters[0])
    assert client.get("/selection/2026/results").status_code == 403
    client.post("/logout")
    login_as(admin)
    results = client.get("/selection/2026/results").get_data(as_text=True)
    assert "已有 <strong>3</strong> 人投票" in results and "候选甲" in results
    for page in (results, client.get("/selection/2026").get_data(as_text=True), client.get("/selection/2026/review").get_data(as_text=True)):
        assert not any(voter.name in page for voter in voters)
    on_day("counting")
    client.post("/logout")
    login_as(voters[1])
    assert client.get("/selection/2026/results").status_code == 200


def test_the_admin_closes_the_vote_early_and_confirms_the_chosen(client, login_as, admin, teacher, voting):
    selection, (a, b, c) = voting
    login_as(teacher)
    client.post(f"/selection/2026/ballot/{a.id}", headers=HX)
    client.post("/logout")
    login_as(admin)
    assert client.post("/selection/2026/close").status_code == 303
    page = client.get("/selection/2026/results").get_data(as_text=True)
    assert "确认当选名单" in page
    assert client.post("/selection/2026/confirm", data={"chosen": [a.id, b.id]}).status_code == 303
    awards = list(db.session.scalars(select(Award)))
    assert sorted(w.staff_id for w in awards) == sorted([a.staff_id, b.staff_id])
    assert "当选" in client.get("/selection/2026").get_data(as_text=True)
    client.post("/logout")
    login_as(teacher)
    refused = client.post(f"/selection/2026/ballot/{c.id}", headers=HX).get_data(as_text=True)
    assert "投票已经结束。" in refused


def test_the_home_page_asks_to_vote_with_the_votes_left(client, login_as, teacher, voting):
    login_as(teacher)
    page = client.get("/").get_data(as_text=True)
    assert "投票进行中" in page and "您还可投 <strong>2</strong> 票" in page


def test_the_home_page_invites_nominations(client, login_as, teacher, make_selection, on_day):
    on_day("nominating")
    make_selection()
    login_as(teacher)
    assert "去提名" in client.get("/").get_data(as_text=True)


def test_once_someone_has_voted_the_vote_rules_cannot_change(client, login_as, admin, teacher, voting):
    selection, (a, _b, _c) = voting
    login_as(teacher)
    client.post(f"/selection/2026/ballot/{a.id}", headers=HX)
    client.post("/logout")
    login_as(admin)
    assert "已经有人投票" in client.get("/selection/2026/edit").get_data(as_text=True)
    data = {"year": "2026", "title": selection.title, "nominate_from": "2026-08-20", "nominate_until": "2026-08-28",
            "vote_from": "2026-09-01", "vote_until": "2026-09-09", "award_on": "2026-09-10", "votes_per_voter": "5", "seats": "10"}
    page = client.post("/selection/2026/edit", data=data).get_data(as_text=True)
    assert "已经有人投票，每人票数不能再改。" in page
    assert client.post("/selection/2026/edit", data={**data, "votes_per_voter": "2"}).status_code == 303
    db.session.refresh(selection)
    assert selection.vote_until.isoformat() == "2026-09-09" and selection.votes_per_voter == 2
