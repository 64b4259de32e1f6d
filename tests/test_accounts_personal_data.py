"""Personal data: phone and birth date only for the admin and the person; 个人数据导出 as one workbook with a
sheet per kind of record, only the person's own records, the secret ballot kept, every export audited."""
from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app import db
from blueprints.audit.models import AuditEntry
from tests.conftest import csrf_token_from
from tests.test_events_support import NOW, make_event  # noqa: F401  (fixtures)
from tests.test_open_lessons_fixtures import lesson_school, make_lesson  # noqa: F401
from tests.test_selection_support import make_candidate, make_selection  # noqa: F401

SHEETS = ["说明", "基本信息", "所在组织", "师徒结对", "帮扶记录", "期末评价", "执教公开课", "听课", "我写的评课", "收到的评课",
          "活动报名", "活动签到", "活动主讲", "荣誉", "最美教师评选", "证书", "日历订阅", "登录记录"]


def _give_records(person, other, *, tag: str, semester, event, selection, candidate_of_other, make_lesson, period: int):
    """One record of every kind for `person`, each carrying `tag` where it has free text."""
    from blueprints.calendars.models import CalendarFeed
    from blueprints.certificates.models import Certificate
    from blueprints.events.models import Attendance, Registration, Speaker
    from blueprints.honours.models import Award
    from blueprints.kiosk.models import SignInCode
    from blueprints.open_lessons.models import LessonFeedback
    from blueprints.pairings.models import Evaluation, MentoringLog, Pairing
    from blueprints.selection.models import Ballot, Nomination, Vote

    pairing = Pairing(semester=semester, mentor=other, apprentice=person, state="active", note=f"结对说明{tag}")
    db.session.add(pairing)
    db.session.add(MentoringLog(pairing=pairing, author=person, author_side="apprentice", kind="talk", held_on=date(2026, 11, 2),
                                duration_minutes=30, content=f"帮扶内容{tag}", created_at=NOW))
    db.session.add(Evaluation(pairing=pairing, side="apprentice", author=person, scores={"attitude": 5}, comment=f"评语{tag}"))
    lesson = make_lesson(person, period=period, topic=f"课题{tag}", observers=[other])
    db.session.add(LessonFeedback(lesson=lesson, observer=other, strengths=f"亮点{tag}", suggestions=f"建议{tag}"))
    db.session.add(Registration(event=event, staff=person, queued_at=NOW))
    db.session.add(Attendance(event=event, staff=person, signed_in_at=NOW, source="kiosk"))
    db.session.add(Speaker(event=event, staff=person, topic=f"主讲{tag}"))
    db.session.add(Award(recipient_kind="teacher", staff=person, title=f"优质课评比{tag}", category="优质课评比", level="县",
                         grade="一等奖", awarded_on=date(2026, 5, 22)))
    db.session.add(Nomination(selection_id=selection.id, nominee=other, nominator=person, reason=f"提名理由{tag}",
                              status="accepted", candidate=candidate_of_other))
    db.session.add(Ballot(selection_id=selection.id, voter_id=person.id, votes_cast=1))
    db.session.add(Vote(selection_id=selection.id, voter_id=person.id, candidate_id=candidate_of_other.id))
    db.session.add(Certificate(serial=f"TD-2026-{tag}", check_code="K7Q2M9X" + ("A" if tag == "甲" else "B"), kind="honour", staff=person, recipient_name=person.name,
                               sentence=f"证书内容{tag}", issued_on=date(2026, 9, 10), issued_at=NOW))
    db.session.add(CalendarFeed(staff_id=person.id, token=f"secret-feed-token-{tag}"))
    db.session.add(SignInCode(staff_id=person.id, code=f"SECRET{tag}", issued_at=NOW))
    db.session.commit()


@pytest.fixture
def school(app, make_staff, make_group, make_event, lesson_school, make_lesson, make_selection, make_candidate):
    """张老师 (the person) and 李老师 (another teacher), each with one record of every kind, both with 王老师
    on the other side (mentor, observer, nominee); 张老师 also observes 王老师's lesson and writes feedback."""
    from blueprints.open_lessons.models import LessonFeedback

    person = make_staff(name="张老师", staff_no="T1001", phone="13900000001", birth_date=date(1995, 3, 4))
    other = make_staff(name="李老师", staff_no="T1002", phone="13900000002", birth_date=date(1990, 6, 7))
    counterpart = make_staff(name="王老师", staff_no="T1003")
    make_group("合唱团", "arts", members=[person])
    make_group("排球队", "arts", members=[other])
    selection = make_selection()
    candidate = make_candidate(selection, counterpart, reason="候选理由丙")
    semester = lesson_school.semester
    event_a = make_event(title="张老师的活动", training_hours=Decimal("2"))
    event_b = make_event(title="李老师的活动", starts_at=NOW + timedelta(days=5))
    _give_records(person, counterpart, tag="甲", semester=semester, event=event_a, selection=selection,
                  candidate_of_other=candidate, make_lesson=make_lesson, period=3)
    _give_records(other, counterpart, tag="乙", semester=semester, event=event_b, selection=selection,
                  candidate_of_other=candidate, make_lesson=make_lesson, period=5)
    lesson = make_lesson(counterpart, period=6, topic="课题丙", observers=[person])
    db.session.add(LessonFeedback(lesson=lesson, observer=person, strengths="亮点丙", suggestions="建议丙"))
    db.session.commit()
    return person, other


def _export(client, person):
    return client.post(f"/staff/{person.id}/personal-data")


def _book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return load_workbook(io.BytesIO(response.data))


def _text(sheet) -> str:
    return "\n".join(" ".join("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True))


def test_the_person_downloads_every_kind_of_their_own_records(client, login_as, school):
    person, _ = school
    login_as(person)
    response = _export(client, person)
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"] and response.headers["Cache-Control"] == "no-store"
    book = _book(response)
    assert book.sheetnames == SHEETS
    expected = {"基本信息": "13900000001", "所在组织": "合唱团", "师徒结对": "结对说明甲", "帮扶记录": "帮扶内容甲",
                "期末评价": "评语甲", "执教公开课": "课题甲", "听课": "课题丙", "我写的评课": "亮点丙", "收到的评课": "亮点甲",
                "活动报名": "张老师的活动", "活动签到": "张老师的活动", "活动主讲": "主讲甲", "荣誉": "优质课评比甲",
                "最美教师评选": "提名理由甲", "证书": "TD-2026-甲", "日历订阅": "使用中", "登录记录": "登录成功"}
    for sheet, marker in expected.items():
        assert marker in _text(book[sheet]), (sheet, _text(book[sheet]))
    assert "1995-03-04" in _text(book["基本信息"])
    assert "K7Q2-M9XA" in _text(book["证书"])  # the holder can give the check code to whoever verifies


def test_the_export_holds_nothing_of_another_persons_records(client, login_as, school):
    person, _ = school
    login_as(person)
    everything = "\n".join(_text(sheet) for sheet in _book(_export(client, person)))
    for theirs in ("13900000002", "1990-06-07", "排球队", "结对说明乙", "帮扶内容乙", "评语乙", "主讲乙", "优质课评比乙",
                   "提名理由乙", "TD-2026-乙", "K7Q2-M9XB", "证书内容乙", "李老师的活动", "亮点乙", "课题乙", "李老师"):
        assert theirs not in everything, theirs
    # Secrets are never exported, not even one's own.
    assert "secret-feed-token" not in everything and "SECRET甲" not in everything


def test_ones_own_votes_are_in_ones_own_export_but_never_in_the_admins(client, login_as, school, admin):
    person, _ = school
    login_as(person)
    mine = _text(_book(_export(client, person))["最美教师评选"])
    assert "我的投票" in mine and "王老师" in mine
    client.post("/logout")
    login_as(admin)
    theirs = _text(_book(_export(client, person))["最美教师评选"])
    assert "我的投票" not in theirs and "无记名" in theirs
    assert "提名理由甲" in theirs  # nominations are the admin's to review anyway


def test_anonymous_feedback_stays_anonymous_for_the_teacher_but_not_for_the_admin(client, login_as, school, admin, lesson_school):
    person, _ = school
    lesson_school.settings.names_visible = False
    db.session.commit()
    login_as(person)
    received = _text(_book(_export(client, person))["收到的评课"])
    assert "亮点甲" in received and "评课人 1" in received and "王老师" not in received
    client.post("/logout")
    login_as(admin)
    assert "王老师" in _text(_book(_export(client, person))["收到的评课"])


def test_the_admin_may_export_and_the_export_is_audited(client, login_as, school, admin):
    person, _ = school
    login_as(admin)
    book = _book(_export(client, person))
    assert "13900000001" in _text(book["基本信息"])
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "personal_data.export")).one()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (admin.id, "Staff", person.id)
    assert "张老师" in entry.summary
    page = client.get("/audit/?action=personal_data.export").get_data(as_text=True)
    assert "导出个人数据" in page


def test_another_teacher_is_refused_and_nothing_is_audited(client, login_as, school):
    person, other = school
    login_as(other)
    assert _export(client, person).status_code == 403
    assert db.session.scalars(select(AuditEntry).where(AuditEntry.action == "personal_data.export")).first() is None


def test_anonymous_is_sent_to_login(client, teacher):
    response = _export(client, teacher)
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]


def test_an_unknown_person_is_404(client, login_as, admin):
    login_as(admin)
    assert client.post("/staff/99999/personal-data").status_code == 404


@pytest.mark.csrf
def test_the_export_needs_the_forms_token(client, login_as, teacher):
    login_as(teacher)
    assert _export(client, teacher).status_code == 400
    page = client.get(f"/staff/{teacher.id}").get_data(as_text=True)
    response = client.post(f"/staff/{teacher.id}/personal-data", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 200


def test_the_button_is_on_ones_own_page_and_the_admins_view_only(client, login_as, admin, teacher, make_staff):
    colleague = make_staff(name="王同事")
    login_as(teacher)
    assert "个人数据导出" in client.get(f"/staff/{teacher.id}").get_data(as_text=True)
    assert "个人数据导出" not in client.get(f"/staff/{colleague.id}").get_data(as_text=True)
    client.post("/logout")
    login_as(admin)
    assert "个人数据导出" in client.get(f"/staff/{colleague.id}").get_data(as_text=True)


def test_phone_and_birth_date_show_to_the_admin_and_the_person_only(client, login_as, admin, make_staff):
    person = make_staff(name="赵老师", phone="13712345678", birth_date=date(1993, 1, 2))
    colleague = make_staff(name="钱老师")
    for viewer, sees in ((person, True), (admin, True), (colleague, False)):
        login_as(viewer)
        page = client.get(f"/staff/{person.id}").get_data(as_text=True)
        assert ("13712345678" in page) is sees and ("1993" in page) is sees, viewer.name
        listing = client.get("/staff/").get_data(as_text=True) + client.get("/search/colleagues?q=zls").get_data(as_text=True)
        assert "13712345678" not in listing
        client.post("/logout")


def test_export_queries_do_not_grow_with_the_records(client, login_as, school, make_event, count_queries):
    from blueprints.events.models import Attendance, Registration
    from blueprints.honours.models import Award
    from blueprints.pairings.models import MentoringLog, Pairing

    person, _ = school
    login_as(person)
    db.session.expire_all()  # as in a real request, the user is loaded afresh each time
    with count_queries() as first:
        _book(_export(client, person))
    pairing = db.session.scalars(select(Pairing).where(Pairing.apprentice_id == person.id)).one()
    for n in range(5):
        event = make_event(title=f"更多活动{n}", starts_at=NOW + timedelta(days=10 + n))
        db.session.add_all([
            Registration(event=event, staff=person, queued_at=NOW), Attendance(event=event, staff=person, signed_in_at=NOW),
            MentoringLog(pairing=pairing, author=person, author_side="apprentice", kind="talk", held_on=date(2026, 11, 3 + n),
                         duration_minutes=30, content=f"更多记录{n}", created_at=NOW),
            Award(recipient_kind="teacher", staff=person, title=f"更多荣誉{n}", category="其他", level="校", grade="其他",
                  awarded_on=date(2026, 6, 1)),
        ])
    db.session.commit()
    db.session.expire_all()
    with count_queries() as second:
        _book(_export(client, person))
    assert len(second) == len(first) <= 30, (len(first), len(second))
