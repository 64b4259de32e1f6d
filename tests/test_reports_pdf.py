"""Printed reports: the 签到表 with names, times, an empty signature column, page numbers and the printed date;
compliance, the semester summary with charts and the growth archive; Excel where counting goes on; who may."""
from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

from openpyxl import load_workbook

from app import db
from tests.test_certificates_support import NOW, fixed_day, pdf_pages, pdf_run  # noqa: F401
from tests.test_events_support import make_event  # noqa: F401
from tests.test_open_lessons_fixtures import lesson_school  # noqa: F401


def _held_event(make_event, make_staff, make_group, leader):
    from blueprints.events.models import Attendance, Registration
    group = make_group(name="青年教师成长营", kind="camp", leaders=[leader])
    event = make_event(group=group, title="教师成长沙龙", status="held", training_hours=Decimal("1.5"),
                       starts_at=NOW - timedelta(days=1))
    chen, zhou = make_staff(name="陈晨"), make_staff(name="周洁")
    make_group(name="语文组", kind="subject", members=[chen])
    for person in (chen, zhou):
        db.session.add(Registration(event=event, staff=person, status="registered", queued_at=NOW - timedelta(days=5)))
    db.session.add(Attendance(event=event, staff=chen, signed_in_at=NOW - timedelta(days=1), source="kiosk"))
    db.session.commit()
    return event


def test_the_sign_sheet_lists_people_times_and_a_column_to_sign(
        client, login_as, make_event, make_staff, make_group, fixed_day, tmp_path):
    leader = make_staff(name="组长")
    event = _held_event(make_event, make_staff, make_group, leader)
    login_as(leader)
    response = client.get(f"/reports/events/{event.id}/sign-sheet.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_run(response.data, tmp_path, "pdftotext", "-layout")
    for expected in ["教师成长沙龙 签到表", "本人签名", "陈晨", "周洁", "语文组", "10:00", "第 1 / 1 页",
                     "打印于 2026年9月10日 10:00", "已签到 1 人"]:
        assert expected in text, expected
    fonts = pdf_run(response.data, tmp_path, "pdffonts")
    assert "QCBDSans" in fonts.replace("-", "") and "Serif" not in fonts and "DejaVu" not in fonts
    sheet = load_workbook(io.BytesIO(client.get(f"/reports/events/{event.id}/sign-sheet.xlsx").data)).active
    assert [c.value for c in sheet[2]][:5] == [1, "陈晨", sheet["C2"].value, sheet["D2"].value, "10:00"]
    assert sheet["E3"].value == "未签到"


def test_others_may_not_print_an_events_sign_sheet(client, login_as, teacher, make_event, make_staff, make_group, fixed_day):
    event = _held_event(make_event, make_staff, make_group, make_staff(name="组长"))
    login_as(teacher)
    assert client.get(f"/reports/events/{event.id}/sign-sheet.pdf").status_code == 403
    assert client.get("/reports/").headers["Location"].endswith("/reports/archive")  # their own archive only
    assert client.get("/reports/summary.pdf").status_code == 403
    assert client.get("/reports/open-lessons/compliance.pdf").status_code == 403


def test_the_semester_summary_has_tables_and_svg_charts(client, login_as, admin, make_semester, fixed_day, tmp_path):
    make_semester()
    login_as(admin)
    response = client.get("/reports/summary.pdf")
    assert response.status_code == 200
    text = pdf_run(response.data, tmp_path, "pdftotext")
    for expected in ["青春帮带工作总结", "师徒结对", "公开课与听评课", "活动与签到", "荣誉", "进行中", "申报公开课"]:
        assert expected in text, expected
    book = load_workbook(io.BytesIO(client.get("/reports/summary.xlsx").data))
    assert book.sheetnames == ["师徒结对", "公开课", "活动", "荣誉"]


def test_a_teacher_reads_their_own_growth_archive_but_not_a_colleagues(
        client, login_as, teacher, make_staff, fixed_day, tmp_path):
    login_as(teacher)
    query = "start=2026-01-01&end=2026-09-10"
    page = client.get(f"/reports/archive?{query}")
    assert page.status_code == 200 and teacher.name in page.get_data(as_text=True)
    pdf = client.get(f"/reports/archive.pdf?{query}")
    assert pdf.status_code == 200 and f"{teacher.name} 成长档案" in pdf_run(pdf.data, tmp_path, "pdftotext")
    assert load_workbook(io.BytesIO(client.get(f"/reports/archive.xlsx?{query}").data)).sheetnames[0] == "概况"
    other = make_staff(name="别人")
    assert client.get(f"/reports/archive.pdf?staff={other.id}&{query}").status_code == 403
    bad = client.get("/reports/archive?start=2026-09-10&end=2026-01-01")
    assert bad.status_code == 422 and "截止日期不能早于起始日期" in bad.get_data(as_text=True)


def test_the_compliance_pdf_for_the_admin(client, login_as, admin, lesson_school, make_staff, fixed_day, tmp_path):
    make_staff(name="未申报老师")
    login_as(admin)
    response = client.get("/reports/open-lessons/compliance.pdf")
    assert response.status_code == 200
    text = pdf_run(response.data, tmp_path, "pdftotext")
    assert "公开课达标情况" in text and "未申报老师" in text and "未申报" in text
