"""Open-lesson pages and actions: who may use them, bad input (clear Chinese messages, nothing changed),
and htmx answers (a partial and an event) against full pages."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app import db
from blueprints.open_lessons.models import CONFIRMED, INVITED, LessonFeedback, LessonObserver, LessonRoom, OpenLesson
from blueprints.open_lessons.services import rubric_of
from tests.conftest import csrf_token_from
from tests.test_open_lessons_fixtures import AFTER, clock, lesson_school, make_lesson  # noqa: F401

HTMX = {"HX-Request": "true"}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _declaration(school, **overrides):
    data = {
        "subject": "语文", "class_name": "四年级（3）班", "topic": "秋天的雨", "lesson_date": "2026-10-20",
        "period": "3", "room_id": str(school.rooms["阶梯教室"].id), "plan": "抓住关键词体会秋天的美。",
    }
    data.update(overrides)
    return data


# --- declaring ---------------------------------------------------------------------------------

def test_a_teacher_declares_a_lesson_and_lands_on_its_page(client, login_as, teacher, lesson_school, clock):
    login_as(teacher)
    assert "申报公开课" in client.get("/open-lessons/new").get_data(as_text=True)
    response = client.post("/open-lessons/new", data=_declaration(lesson_school))
    assert response.status_code == 303
    lesson = db.session.scalars(select(OpenLesson)).one()
    assert response.headers["Location"].endswith(f"/open-lessons/{lesson.id}")
    page = client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True)
    assert "《秋天的雨》" in page and "0/5 待邀请" in page and "邀请同事听课" in page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"period": "9"}, "没有第 9 节"),
        ({"period": "abc"}, "请选择节次"),
        ({"lesson_date": "2027-03-01"}, "日期必须在本学期"),
        ({"lesson_date": "2026-13-01"}, "不是有效的日期值"),
        ({"topic": "长" * 61}, "课题最多 60 字"),
        ({"topic": ""}, "请填写此项"),
        ({"subject": "行政"}, "请选择学科"),
        ({"room_id": "999"}, "请选择一间教室"),
    ],
)
def test_bad_declarations_say_why_beside_the_field_and_change_nothing(
    client, login_as, teacher, lesson_school, clock, overrides, message
):
    login_as(teacher)
    response = client.post("/open-lessons/new", data=_declaration(lesson_school, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert 'class="field-error"' in response.get_data(as_text=True)
    assert _count(OpenLesson) == 0


def test_a_teacher_outside_the_window_is_told_so_but_the_admin_declares_for_a_colleague(
    client, login_as, teacher, admin, lesson_school, clock
):
    clock.set(datetime(2026, 11, 5, 9, 0))
    login_as(teacher)
    response = client.post("/open-lessons/new", data=_declaration(lesson_school, lesson_date="2026-11-20"))
    assert "不在申报期内" in response.get_data(as_text=True) and _count(OpenLesson) == 0
    client.post("/logout")
    login_as(admin)
    response = client.post(
        "/open-lessons/new", data=_declaration(lesson_school, lesson_date="2026-11-20", teacher_id=str(teacher.id))
    )
    assert response.status_code == 303
    assert db.session.scalars(select(OpenLesson)).one().teacher_id == teacher.id


def test_a_taken_room_is_refused_beside_the_room(client, login_as, teacher, make_lesson, lesson_school, clock):
    make_lesson()
    login_as(teacher)
    page = client.post("/open-lessons/new", data=_declaration(lesson_school)).get_data(as_text=True)
    assert "阶梯教室在这一节已安排了《秋天的雨》" in page
    assert _count(OpenLesson) == 1


def test_without_settings_the_pages_say_open_lessons_are_not_open_yet(client, login_as, teacher, admin, make_semester):
    make_semester()
    login_as(teacher)
    assert "还没有开放" in client.get("/open-lessons/").get_data(as_text=True)
    assert "还没有开放" in client.get("/open-lessons/new").get_data(as_text=True)
    client.post("/logout")
    login_as(admin)
    assert "去设置公开课" in client.get("/open-lessons/week").get_data(as_text=True)


# --- who may do what -------------------------------------------------------------------------

def test_only_the_teacher_or_the_admin_changes_a_lesson_or_invites(client, login_as, make_staff, make_lesson, clock):
    lesson = make_lesson()
    outsider, colleague = make_staff(), make_staff()
    login_as(outsider)
    assert client.get(f"/open-lessons/{lesson.id}/edit").status_code == 403
    assert client.post(f"/open-lessons/{lesson.id}/withdraw").status_code == 403
    assert client.post(f"/open-lessons/{lesson.id}/invitations", data={"staff_id": colleague.id}).status_code == 403
    assert client.delete(f"/open-lessons/{lesson.id}/invitations/{colleague.id}", headers=HTMX).status_code == 403
    assert client.post(f"/open-lessons/{lesson.id}/reflection", data={"reflection": "x"}).status_code == 403
    assert client.get(f"/open-lessons/{lesson.id}/feedback").status_code == 403
    assert _count(OpenLesson) == 1 and _count(LessonObserver) == 0


def test_compliance_is_for_the_admin_and_group_leaders_only(client, login_as, teacher, admin, make_staff, make_group, lesson_school, clock):
    login_as(teacher)
    assert client.get("/open-lessons/compliance").status_code == 403
    assert client.get("/open-lessons/compliance.xlsx").status_code == 403
    client.post("/logout")
    leader, member, outsider = make_staff(name="组长甲"), make_staff(name="组员乙"), make_staff(name="外人丙")
    make_group(name="名师工作室", kind="studio", leaders=[leader], members=[member])
    login_as(leader)
    page = client.get("/open-lessons/compliance").get_data(as_text=True)
    assert "组员乙" in page and "外人丙" not in page
    client.post("/logout")
    login_as(admin)
    page = client.get("/open-lessons/compliance").get_data(as_text=True)
    assert "组员乙" in page and "外人丙" in page


def test_teachers_may_not_change_the_settings(client, login_as, teacher, lesson_school):
    login_as(teacher)
    semester_id = lesson_school.semester.id
    assert client.get("/open-lessons/settings").status_code == 403
    assert client.post(f"/open-lessons/semesters/{semester_id}/rooms", data={"name": "新教室", "seats": 5}).status_code == 403
    assert client.post(f"/open-lessons/semesters/{semester_id}/rubric", data={"name": "板书"}).status_code == 403


# --- signing up, htmx and plain forms -----------------------------------------------------------

def test_htmx_sign_up_answers_with_the_box_and_an_event_for_the_badge(client, login_as, make_staff, make_lesson, clock):
    lesson = make_lesson(observers=[make_staff() for _ in range(4)])
    login_as(make_staff())
    response = client.post(f"/open-lessons/{lesson.id}/signup", headers=HTMX)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body
    assert f'id="signup-{lesson.id}"' in body and "已报名" in body
    assert f"lesson-{lesson.id}-changed" in response.headers["HX-Trigger"]
    badge = client.get(f"/open-lessons/{lesson.id}/badge", headers=HTMX).get_data(as_text=True)
    assert "已达标" in badge and f'hx-trigger="lesson-{lesson.id}-changed from:body"' in badge


def test_a_plain_form_sign_up_redirects_with_a_message(client, login_as, make_staff, make_lesson, clock):
    lesson = make_lesson()
    login_as(make_staff())
    response = client.post(f"/open-lessons/{lesson.id}/signup")
    assert response.status_code == 303
    assert "已报名听课" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_refused_sign_up_comes_back_in_the_box_with_the_reason(client, login_as, teacher, make_lesson, clock):
    lesson = make_lesson(teacher)
    login_as(teacher)
    response = client.post(f"/open-lessons/{lesson.id}/signup", headers=HTMX)
    assert response.status_code == 200
    assert "不能听自己的公开课" in response.get_data(as_text=True)
    assert _count(LessonObserver) == 0


def test_the_list_is_a_page_or_just_the_table(client, login_as, make_staff, make_lesson, clock):
    make_lesson(topic="秋天的雨")
    make_lesson(topic="圆的面积", period=5)
    login_as(make_staff())
    page = client.get("/open-lessons/").get_data(as_text=True)
    assert "<html" in page and "秋天的雨" in page and "圆的面积" in page
    partial = client.get("/open-lessons/?scope=all&subject=数学", headers=HTMX)
    assert "<html" not in partial.get_data(as_text=True)
    assert "HX-Request" in partial.headers["Vary"]


def test_invitations_from_the_lesson_page_and_answers_from_the_home_page(client, login_as, teacher, make_staff, make_lesson, clock):
    lesson = make_lesson(teacher)
    guest = make_staff(name="受邀者")
    login_as(teacher)
    section = client.post(f"/open-lessons/{lesson.id}/invitations", data={"staff_id": guest.id}, headers=HTMX)
    assert "受邀者" in section.get_data(as_text=True) and "待回复" in section.get_data(as_text=True)
    again = client.post(f"/open-lessons/{lesson.id}/invitations", data={"staff_id": guest.id}, headers=HTMX)
    assert "已邀请过受邀者" in again.get_data(as_text=True)
    unknown = client.post(f"/open-lessons/{lesson.id}/invitations", data={"staff_id": ""}, headers=HTMX)
    assert "请先搜索并选择一位同事" in unknown.get_data(as_text=True)
    client.post("/logout")
    login_as(guest)
    home = client.get("/").get_data(as_text=True)
    assert "听课邀请" in home and "《秋天的雨》" in home
    # One form per invitation on the home page; its two buttons carry the answer.
    assert 'name="decision" value="accept"' in home and 'name="decision" value="decline"' in home
    for unanswered in ({"from": "home"}, {"decision": "maybe", "from": "home"}):
        refused = client.post(f"/open-lessons/{lesson.id}/respond", data=unanswered, headers=HTMX)
        assert "请点“接受”或“婉拒”回复邀请。" in refused.get_data(as_text=True)
        assert db.session.scalar(select(LessonObserver.status)) == INVITED
    answer = client.post(f"/open-lessons/{lesson.id}/respond", data={"decision": "accept", "from": "home"}, headers=HTMX)
    assert "已接受邀请" in answer.get_data(as_text=True)
    assert db.session.scalar(select(LessonObserver.status)) == CONFIRMED
    assert "去听课" in client.get("/").get_data(as_text=True)


@pytest.mark.csrf
def test_withdrawing_an_invitation_is_an_htmx_delete_with_the_token_in_a_header(client, login_as, teacher, make_staff, make_lesson, clock):
    lesson = make_lesson(teacher)
    guest = make_staff()
    db.session.add(LessonObserver(lesson_id=lesson.id, staff_id=guest.id, status=INVITED, invited_by_id=teacher.id))
    db.session.commit()
    login_as(teacher)
    token = csrf_token_from(client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True))
    url = f"/open-lessons/{lesson.id}/invitations/{guest.id}"
    assert client.delete(url, headers=HTMX).status_code == 400
    assert _count(LessonObserver) == 1
    assert client.delete(url, headers={**HTMX, "X-CSRFToken": token}).status_code == 200
    assert _count(LessonObserver) == 0


# --- feedback and reflection ---------------------------------------------------------------------

def _scores(school, value) -> dict:
    return {f"score_{item.id}": str(value) for item in rubric_of(school.semester)}


def test_a_rubric_score_of_7_is_refused_beside_the_item_and_nothing_is_saved(client, login_as, make_staff, make_lesson, lesson_school, clock):
    observer = make_staff()
    lesson = make_lesson(observers=[observer])
    clock.set(AFTER)
    login_as(observer)
    data = {**_scores(lesson_school, 4), "strengths": "导入自然", "suggestions": "板书可再精炼"}
    first = rubric_of(lesson_school.semester)[0]
    data[f"score_{first.id}"] = "7"
    page = client.post(f"/open-lessons/{lesson.id}/feedback", data=data).get_data(as_text=True)
    assert "「教学目标」请打 1–5 分。" in page
    assert _count(LessonFeedback) == 0
    data[f"score_{first.id}"] = "5"
    assert client.post(f"/open-lessons/{lesson.id}/feedback", data=data).status_code == 303
    assert _count(LessonFeedback) == 1


def test_feedback_before_the_lesson_ends_is_not_offered(client, login_as, make_staff, make_lesson, clock):
    observer = make_staff()
    lesson = make_lesson(observers=[observer])
    login_as(observer)
    page = client.get(f"/open-lessons/{lesson.id}/feedback").get_data(as_text=True)
    assert "下课后才能评课" in page and "<form" not in page.split("<main")[1]


def test_the_teacher_reads_feedback_once_five_have_written(client, login_as, teacher, make_staff, make_lesson, lesson_school, clock):
    observers = [make_staff() for _ in range(5)]
    lesson = make_lesson(teacher, observers=observers)
    clock.set(AFTER)
    for n, person in enumerate(observers):
        client.post("/logout")
        login_as(person)
        data = {**_scores(lesson_school, 4), "strengths": f"亮点{n}", "suggestions": f"建议{n}"}
        assert client.post(f"/open-lessons/{lesson.id}/feedback", data=data).status_code == 303
        if n == 3:
            client.post("/logout")
            login_as(teacher)
            page = client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True)
            assert "已收到 4 份评课" in page and "亮点0" not in page
    client.post("/logout")
    login_as(teacher)
    page = client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True)
    assert "亮点0" in page and "建议4" in page and "4.0" in page


def test_the_teacher_writes_a_reflection_in_place(client, login_as, teacher, make_lesson, clock):
    lesson = make_lesson(teacher)
    clock.set(AFTER)
    login_as(teacher)
    empty = client.post(f"/open-lessons/{lesson.id}/reflection", data={"reflection": ""}, headers=HTMX)
    assert "请填写教学反思" in empty.get_data(as_text=True)
    saved = client.post(f"/open-lessons/{lesson.id}/reflection", data={"reflection": "学生讨论不够充分。"}, headers=HTMX)
    assert "教学反思已保存" in saved.get_data(as_text=True) and "<html" not in saved.get_data(as_text=True)
    assert db.session.get(OpenLesson, lesson.id).reflection == "学生讨论不够充分。"


# --- settings ---------------------------------------------------------------------------------------

def test_the_admin_opens_a_semester_with_defaults_and_adds_a_room(client, login_as, admin, make_semester):
    semester = make_semester()
    login_as(admin)
    assert client.get("/open-lessons/settings").headers["Location"].endswith(f"/semesters/{semester.id}/settings")
    data = {"declare_from": "2026-09-01", "declare_until": "2026-09-30", "min_observers": "5", "observe_target": "4",
            "feedback_days": "7", "names_visible": "y"}
    assert client.post(f"/open-lessons/semesters/{semester.id}/settings", data=data).status_code == 303
    page = client.get(f"/open-lessons/semesters/{semester.id}/settings").get_data(as_text=True)
    assert "第8节" in page and "教学效果" in page
    bad = client.post(f"/open-lessons/semesters/{semester.id}/rooms", data={"name": "录播教室", "seats": "0"}, headers=HTMX)
    assert "请填写 1–300 之间的整数" in bad.get_data(as_text=True) and _count(LessonRoom) == 0
    good = client.post(f"/open-lessons/semesters/{semester.id}/rooms", data={"name": "录播教室", "seats": "12"}, headers=HTMX)
    assert 'value="录播教室"' in good.get_data(as_text=True) and _count(LessonRoom) == 1


def test_settings_refuse_a_window_outside_the_semester_and_backward_periods(client, login_as, admin, lesson_school):
    login_as(admin)
    semester_id = lesson_school.semester.id
    data = {"declare_from": "2026-08-01", "declare_until": "2026-09-30", "min_observers": "5", "observe_target": "4",
            "feedback_days": "7"}
    page = client.post(f"/open-lessons/semesters/{semester_id}/settings", data=data).get_data(as_text=True)
    assert "必须在本学期" in page
    assert lesson_school.settings.declare_from == date(2026, 9, 1)
    periods = {}
    for index in range(8):
        periods[f"periods-{index}-starts_at"] = f"{8 + index}:00"
        periods[f"periods-{index}-ends_at"] = f"{8 + index}:40"
    periods["periods-2-ends_at"] = "09:30"
    page = client.post(f"/open-lessons/semesters/{semester_id}/periods", data=periods).get_data(as_text=True)
    assert "第3节的下课时间必须晚于上课时间" in page


def test_the_teacher_changes_the_lesson_before_it_starts_and_not_after(client, login_as, teacher, make_lesson, lesson_school, clock):
    lesson = make_lesson(teacher)
    login_as(teacher)
    form = client.get(f"/open-lessons/{lesson.id}/edit").get_data(as_text=True)
    assert 'value="秋天的雨"' in form
    data = _declaration(lesson_school, topic="秋天的雨（第二课时）", period="4", room_id=str(lesson.room_id))
    assert client.post(f"/open-lessons/{lesson.id}/edit", data=data).status_code == 303
    changed = db.session.get(OpenLesson, lesson.id)
    assert changed.topic == "秋天的雨（第二课时）" and changed.starts_at == datetime(2026, 10, 20, 10, 50)
    clock.set(datetime(2026, 10, 20, 11, 0))
    page = client.post(f"/open-lessons/{lesson.id}/edit", data={**data, "topic": "又改了"}).get_data(as_text=True)
    assert "课已开始，不能再修改" in page
    assert client.post(f"/open-lessons/{lesson.id}/withdraw").status_code == 303
    assert _count(OpenLesson) == 1  # refused after the start: the flash says why


def test_anonymous_feedback_hides_names_from_the_teacher_but_not_from_the_admin(
    client, login_as, teacher, admin, make_staff, make_lesson, lesson_school, clock
):
    from blueprints.open_lessons.services import write_feedback

    lesson_school.settings.names_visible = False
    db.session.commit()
    observers = [make_staff(name=f"评课者{n}") for n in range(5)]
    lesson = make_lesson(teacher, observers=observers)
    rubric = rubric_of(lesson_school.semester)
    for person in observers:
        write_feedback(lesson, lesson_school.settings, person, scores={i.id: 3 for i in rubric}, strengths="好",
                       suggestions="再好", rubric=rubric, now=AFTER)
    db.session.commit()
    clock.set(AFTER)
    login_as(teacher)
    page = client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True)
    assert "评课人 1" in page and "评课者0" not in page.split("评课</h2>")[1]
    client.post("/logout")
    login_as(admin)
    assert "评课者0" in client.get(f"/open-lessons/{lesson.id}").get_data(as_text=True).split("评课</h2>")[1]


def test_a_lesson_row_answered_in_place_says_what_just_happened(client, login_as, teacher, make_staff, make_lesson,
                                                                clock):
    lesson = make_lesson(teacher)
    guest = make_staff(name="受邀者")
    db.session.add(LessonObserver(lesson_id=lesson.id, staff_id=guest.id, status=INVITED, invited_by_id=teacher.id))
    db.session.commit()
    login_as(guest)
    declined = client.post(f"/open-lessons/{lesson.id}/respond", data={"decision": "decline"}, headers=HTMX)
    box = declined.get_data(as_text=True)
    assert f'id="signup-{lesson.id}"' in box and "已婉拒邀请。" in box and "报名听课" in box
    signed = client.post(f"/open-lessons/{lesson.id}/signup", headers=HTMX).get_data(as_text=True)
    assert "已报名听课。" in signed and "取消报名" in signed
    assert db.session.scalar(select(LessonObserver.status)) == CONFIRMED
    shown = client.get("/open-lessons/?scope=mine").get_data(as_text=True)
    assert "已报名听课。" not in shown  # said once, in the answer, not on every visit
