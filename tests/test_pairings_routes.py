"""Pairing pages and actions: who may see and do what, bad input refused beside the field, htmx or full page."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.honours.models import Award
from blueprints.pairings.models import Evaluation, MentoringLog, Pairing
from tests.conftest import csrf_token_from
from tests.test_pairings_support import (  # noqa: F401  (fixtures)
    fixed_today, make_log, make_mentor, make_newcomer, make_pairing, mentor, newcomer, semester, team_leader,
)

HTMX = {"HX-Request": "true"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def pairing(make_pairing, mentor, newcomer):
    return make_pairing(mentor, newcomer)


def log_data(**overrides):
    data = {"kind": "observe_mentor", "held_on": "2026-11-20", "duration_minutes": "40",
            "content": "听师傅执教《去年的树》，学习朗读指导。", "next_steps": "下周请师傅来听课。"}
    data.update(overrides)
    return data


# --- the board and one-click pairing ------------------------------------------------------------------------------


def test_board_lists_newcomers_lacking_a_mentor_with_ranked_suggestions(client, login_as, admin, semester, make_newcomer, make_mentor):
    make_newcomer(name="邓振宇", subject="数学")
    make_mentor(name="谢丽娟", subject="数学", is_famous=True)
    make_mentor(name="汪老师", subject="语文")
    login_as(admin)
    page = client.get("/pairings/").get_data(as_text=True)
    assert "尚未安排师傅的新教师" in page and "邓振宇" in page
    assert page.index("谢丽娟") < page.index("汪老师")
    assert "名师 · 同学科 · 同年级段 · 当前带徒 0/2" in page


@pytest.mark.parametrize("who", ["team_leader", "admin"])
def test_coordinators_see_the_board(client, login_as, semester, who, request):
    login_as(request.getfixturevalue(who))
    assert client.get("/pairings/").status_code == 200


def test_teachers_and_mentors_do_not_see_the_board_or_pair_people(client, login_as, pairing, mentor, make_newcomer, semester):
    waiting = make_newcomer()
    login_as(mentor)
    assert client.get("/pairings/").status_code == 403
    assert client.get("/pairings/new").status_code == 403
    data = {"semester_id": semester.id, "apprentice_id": waiting.id, "mentor_id": mentor.id}
    assert client.post("/pairings/quick", data=data, headers=HTMX).status_code == 403
    assert count(Pairing) == 1


def test_one_click_pairing_updates_the_list_and_the_table_in_place(client, login_as, admin, semester, mentor, newcomer):
    login_as(admin)
    data = {"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": mentor.id}
    response = client.post("/pairings/quick", data=data, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html
    assert f"已为 {newcomer.name} 安排师傅 {mentor.name}" in html
    assert f'id="newcomer-{newcomer.id}"' not in html
    assert 'id="board-table" hx-swap-oob="true"' in html and "进行中" in html
    pairing = db.session.scalar(select(Pairing))
    assert (pairing.mentor_id, pairing.apprentice_id, pairing.state) == (mentor.id, newcomer.id, "active")
    assert pairing.events[-1].actor_id == admin.id


def test_one_click_without_htmx_redirects_back_to_the_board(client, login_as, team_leader, semester, mentor, newcomer):
    login_as(team_leader)
    data = {"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": mentor.id}
    response = client.post("/pairings/quick", data=data)
    assert response.status_code == 303 and "/pairings/" in response.headers["Location"]
    assert count(Pairing) == 1


def test_pairing_an_apprentice_who_already_has_a_mentor_says_so_and_changes_nothing(client, login_as, admin, pairing, semester, newcomer, make_mentor):
    other = make_mentor(name="李月琴")
    login_as(admin)
    data = {"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": other.id}
    html = client.post("/pairings/quick", data=data, headers=HTMX).get_data(as_text=True)
    assert "本学期已有师傅（徐玉兰" in html
    assert count(Pairing) == 1


def test_a_pairing_made_by_someone_else_a_moment_ago_is_caught_by_the_database(client, login_as, admin, pairing, semester, newcomer, make_mentor, monkeypatch):
    """Both admins passed the check before either inserted: the unique index refuses the second."""
    import blueprints.pairings.services as services

    monkeypatch.setattr(services, "open_pairing_of", lambda *args: None)
    login_as(admin)
    data = {"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": make_mentor().id}
    response = client.post("/pairings/quick", data=data, headers=HTMX)
    assert response.status_code == 200
    assert "刚刚已被安排了师傅" in response.get_data(as_text=True)
    db.session.expire_all()
    assert count(Pairing) == 1


def test_create_form_pairs_any_two_colleagues_or_says_what_is_wrong(client, login_as, admin, semester, make_staff, newcomer):
    colleague = make_staff(name="普通同事", title="一级教师")
    login_as(admin)
    missing = client.post("/pairings/new", data={"semester_id": semester.id, "apprentice_id": newcomer.id})
    assert "请先搜索并选择师傅。" in missing.get_data(as_text=True)
    itself = client.post("/pairings/new", data={"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": newcomer.id})
    assert "不能给自己当师傅。" in itself.get_data(as_text=True)
    assert count(Pairing) == 0
    response = client.post("/pairings/new", data={"semester_id": semester.id, "apprentice_id": newcomer.id,
                                                  "mentor_id": colleague.id, "note": "同年级组"})
    assert response.status_code == 303
    pairing = db.session.scalar(select(Pairing))
    assert pairing.state == "draft" and pairing.note == "同年级组"  # unchecked box: a draft


# --- seeing a pairing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [("mentor", 200), ("newcomer", 200), ("admin", 200), ("team_leader", 200),
                                         ("teacher", 403)])
def test_a_pairing_and_its_logs_are_seen_by_the_two_the_admin_and_the_team_leaders_only(client, login_as, pairing, make_log, who, status, request):
    make_log(pairing, kind="talk")
    login_as(request.getfixturevalue(who))
    response = client.get(f"/pairings/{pairing.id}")
    assert response.status_code == status
    assert ("听课并交流" in response.get_data(as_text=True)) is (status == 200)


# --- logs ---------------------------------------------------------------------------------------------------------


def test_the_apprentice_logs_a_session_that_waits_for_the_mentor(client, login_as, pairing, newcomer, mentor):
    login_as(newcomer)
    response = client.post(f"/pairings/{pairing.id}/logs", data=log_data(), headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "已保存，等待对方确认。" in html
    log = db.session.scalar(select(MentoringLog))
    assert (log.author_id, log.author_side, log.is_confirmed) == (newcomer.id, "apprentice", False)
    client.post("/logout")
    login_as(mentor)
    home = client.get("/").get_data(as_text=True)
    assert "待我确认的帮扶记录" in home and f"#log-{log.id}" in home


@pytest.mark.parametrize(
    "overrides, message",
    [({"held_on": "2026-08-20"}, "日期须在本学期内"), ({"held_on": "2026-12-01"}, "不能填写今天以后的日期"),
     ({"duration_minutes": "-40"}, "时长须为 1 到 600 分钟之间的整数"), ({"content": ""}, "请填写此项"),
     ({"held_on": "明天"}, "日期")],
)
def test_bad_log_input_is_refused_beside_the_field_and_changes_nothing(client, login_as, pairing, mentor, overrides, message):
    login_as(mentor)
    for headers in (HTMX, {}):
        response = client.post(f"/pairings/{pairing.id}/logs", data=log_data(kind="observe_apprentice", **overrides), headers=headers)
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and message in html and 'class="field-error"' in html
        assert ("<html" in html) is (headers == {})
    assert count(MentoringLog) == 0


@pytest.mark.parametrize("who", ["admin", "teacher"])
def test_only_the_two_sides_log(client, login_as, pairing, who, request):
    login_as(request.getfixturevalue(who))
    assert client.post(f"/pairings/{pairing.id}/logs", data=log_data()).status_code == 403
    assert count(MentoringLog) == 0


def test_the_mentor_confirms_and_the_progress_bar_moves_in_the_same_answer(client, login_as, pairing, make_log, mentor):
    log = make_log(pairing, side="apprentice", kind="observe_mentor", confirmed=False)
    login_as(mentor)
    response = client.post(f"/pairings/logs/{log.id}/confirm", data={"answer": "很好，继续。"}, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "已确认" in html and "很好，继续。" in html
    assert 'id="pairing-progress" hx-swap-oob="true"' in html
    assert 'data-progress-count="apprentice_observes">1/8' in html
    assert db.session.get(MentoringLog, log.id).confirmed_by_id == mentor.id


@pytest.mark.parametrize("who", ["newcomer", "admin", "teacher"])
def test_the_author_and_outsiders_cannot_confirm(client, login_as, pairing, make_log, who, request):
    log = make_log(pairing, side="apprentice", kind="observe_mentor", confirmed=False)
    login_as(request.getfixturevalue(who))
    assert client.post(f"/pairings/logs/{log.id}/confirm", data={}).status_code == 403
    assert not db.session.get(MentoringLog, log.id).is_confirmed


def test_the_author_takes_back_an_unconfirmed_log_but_not_a_confirmed_one(client, login_as, pairing, make_log, mentor):
    pending = make_log(pairing, confirmed=False)
    done = make_log(pairing)
    login_as(mentor)
    assert client.post(f"/pairings/logs/{pending.id}/delete", headers=HTMX).get_data(as_text=True) == ""
    client.post(f"/pairings/logs/{done.id}/delete")
    assert [log.id for log in db.session.scalars(select(MentoringLog))] == [done.id]


# --- state changes, evaluations, awards, targets -----------------------------------------------------------------


def test_only_coordinators_move_a_pairing_and_dissolving_needs_a_reason(client, login_as, pairing, mentor, team_leader):
    login_as(mentor)
    assert client.post(f"/pairings/{pairing.id}/complete").status_code == 403
    client.post("/logout")
    login_as(team_leader)
    refused = client.post(f"/pairings/{pairing.id}/dissolve", data={"reason": ""})
    assert "解除结对须填写原因。" in refused.get_data(as_text=True)
    assert db.session.get(Pairing, pairing.id).state == "active"
    client.post(f"/pairings/{pairing.id}/dissolve", data={"reason": "师傅借调县教研室"})
    db.session.expire_all()
    assert db.session.get(Pairing, pairing.id).state == "dissolved"
    assert db.session.get(Pairing, pairing.id).events[-1].reason == "师傅借调县教研室"


def test_each_side_evaluates_its_own_items(client, login_as, pairing, mentor, newcomer, admin):
    login_as(mentor)
    form = client.get(f"/pairings/{pairing.id}/evaluation").get_data(as_text=True)
    assert "师德师风" in form and "指导态度" not in form
    scores = {f"score_{key}": "5" for key in ("ethics", "teaching", "design", "management")}
    missing = client.post(f"/pairings/{pairing.id}/evaluation", data={**scores, "comment": "进步很快"})
    assert "请为这一项打分。" in missing.get_data(as_text=True) and count(Evaluation) == 0
    ok = client.post(f"/pairings/{pairing.id}/evaluation", data={**scores, "score_attitude": "4", "comment": "进步很快"})
    assert ok.status_code == 303
    assert db.session.scalar(select(Evaluation)).scores["attitude"] == 4
    client.post("/logout")
    login_as(admin)
    assert client.get(f"/pairings/{pairing.id}/evaluation").status_code == 403


def test_the_mentor_or_the_admin_attaches_awards_and_the_apprentice_cannot(client, login_as, pairing, mentor, newcomer):
    data = {"title": "开化县小学语文优质课评比", "category": "优质课评比", "level": "县", "grade": "一等奖",
            "awarded_on": "2026-11-13", "issuer": "开化县教育局"}
    login_as(newcomer)
    assert client.post(f"/pairings/{pairing.id}/awards", data=data).status_code == 403
    client.post("/logout")
    login_as(mentor)
    future = client.post(f"/pairings/{pairing.id}/awards", data={**data, "awarded_on": "2026-12-30"})
    assert "获奖日期不能晚于今天。" in future.get_data(as_text=True) and count(Award) == 0
    assert client.post(f"/pairings/{pairing.id}/awards", data=data).status_code == 303
    award = db.session.scalar(select(Award))
    assert (award.staff_id, award.pairing_id, award.level_label) == (newcomer.id, pairing.id, "县级")


def test_the_admin_sets_semester_and_pairing_targets(client, login_as, admin, pairing, semester):
    login_as(admin)
    bad = client.post(f"/pairings/settings?semester={semester.id}",
                      data={"max_apprentices": "0", "quiet_days": "30", "mentor_observes": "8", "apprentice_observes": "8",
                            "plan_reviews": "4", "talks": "2"})
    assert "请填写 1 到 10 之间的整数。" in bad.get_data(as_text=True)
    client.post(f"/pairings/settings?semester={semester.id}",
                data={"max_apprentices": "3", "quiet_days": "21", "mentor_observes": "10", "apprentice_observes": "8",
                      "plan_reviews": "4", "talks": "2"})
    client.post(f"/pairings/{pairing.id}/targets",
                data={"mentor_observes": "12", "apprentice_observes": "8", "plan_reviews": "4", "talks": "2"})
    page = client.get(f"/pairings/{pairing.id}").get_data(as_text=True)
    assert 'data-progress-count="mentor_observes">0/12' in page


# --- htmx, pages, home -------------------------------------------------------------------------------------------


def test_board_filters_answer_htmx_with_the_body_only_and_a_direct_visit_with_the_page(client, login_as, admin, pairing, semester):
    login_as(admin)
    partial = client.get(f"/pairings/?semester={semester.id}&subject=数学", headers=HTMX)
    assert "<html" not in partial.get_data(as_text=True) and "没有符合条件的结对" in partial.get_data(as_text=True)
    assert "HX-Request" in partial.headers["Vary"]
    full = client.get(f"/pairings/?semester={semester.id}&subject=语文").get_data(as_text=True)
    assert "<html" in full and "徐玉兰" in full


def test_my_pages_and_home_show_each_side_its_partner_and_progress(client, login_as, pairing, mentor, newcomer):
    login_as(newcomer)
    home = client.get("/").get_data(as_text=True)
    assert "我的师傅" in home and "徐玉兰" in home
    assert "徐玉兰" in client.get("/pairings/my-mentor").get_data(as_text=True)
    client.post("/logout")
    login_as(mentor)
    assert "刘雪晴" in client.get("/pairings/mentoring").get_data(as_text=True)
    nav = client.get("/").get_data(as_text=True).split("</header>")[0]
    assert "我的徒弟" in nav and "我的师傅" not in nav and "师徒结对" not in nav


@pytest.mark.csrf
def test_one_click_pairing_needs_the_csrf_token_from_the_page(client, login_as, admin, semester, mentor, newcomer):
    login_as(admin)
    token = csrf_token_from(client.get("/pairings/").get_data(as_text=True))
    data = {"semester_id": semester.id, "apprentice_id": newcomer.id, "mentor_id": mentor.id}
    assert client.post("/pairings/quick", data=data, headers=HTMX).status_code == 400
    assert count(Pairing) == 0
    assert client.post("/pairings/quick", data=data, headers={**HTMX, "X-CSRFToken": token}).status_code == 200
    assert count(Pairing) == 1


def test_dates_are_checked_against_the_pairings_semester(client, login_as, make_pairing, make_semester, make_newcomer, mentor):
    last = make_semester(name="2025-2026学年第二学期", start=date(2026, 2, 23), end=date(2026, 7, 10), current=False)
    old = make_pairing(mentor, make_newcomer(), in_semester=last)
    login_as(mentor)
    html = client.post(f"/pairings/{old.id}/logs", data=log_data(kind="talk", held_on="2026-11-20")).get_data(as_text=True)
    assert "2026年2月23日至2026年7月10日" in html
