"""Roster export: an .xlsx with the import's headers, text staff numbers, real dates, and a clean round trip."""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from urllib.parse import unquote

from openpyxl import load_workbook

from app import db
from blueprints.accounts.models import Membership
from blueprints.accounts.roster import build_preview, read_table

EXPECTED_HEADERS = ["工号", "姓名", "性别", "出生日期", "手机号", "任教学科", "年级段", "职称", "政治面貌", "到校日期",
                    "骨干教师", "名师", "特级教师", "角色", "所在组织", "状态"]


def export(client):
    response = client.get("/roster/export")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response


def sheet_of(response):
    return load_workbook(io.BytesIO(response.data)).active


def test_the_export_is_an_xlsx_with_the_import_headers(client, login_as, admin, make_staff, make_group):
    person = make_staff(staff_no="0012", name="王芳", birth_date=date(1990, 3, 8), arrival_date=date(2026, 9, 1),
                        phone="13900000000", is_backbone=True, political_status="正式党员")
    make_group("妇委会", leaders=[person])
    login_as(admin)
    response = export(client)

    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = sheet_of(response)
    assert [cell.value for cell in sheet[1]] == EXPECTED_HEADERS
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    wang = rows["0012"]
    assert wang[0].data_type == "s" and wang[0].number_format == "@", "staff numbers are text cells"
    assert wang[4].value == "13900000000" and wang[4].data_type == "s"
    assert wang[3].value == datetime(1990, 3, 8) and wang[3].is_date
    assert wang[9].value == datetime(2026, 9, 1) and wang[9].is_date
    assert [c.value for c in wang[10:13]] == ["是", "否", "否"]
    assert wang[8].value == "正式党员"
    assert wang[13].value == "教职工" and rows["A0001"][13].value == "管理员"
    assert wang[14].value == "妇委会（负责人）"
    assert wang[15].value == "在用"


def test_the_download_has_a_chinese_file_name_per_rfc_5987(client, login_as, admin):
    login_as(admin)
    disposition = export(client).headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert re.search(r'filename="roster-\d{4}-\d{2}-\d{2}\.xlsx"', disposition), "an ASCII fallback"
    encoded = re.search(r"filename\*=UTF-8''(\S+)", disposition).group(1)
    assert unquote(encoded).startswith("教职工名册-") and unquote(encoded).endswith(".xlsx")
    disposition.encode("latin-1")  # headers must stay latin-1


def test_deactivated_people_are_marked_and_inactive_groups_left_out(client, login_as, admin, make_staff, make_group):
    gone = make_staff(staff_no="S0900", name="离校", is_active_member=False)
    old_group = make_group("旧工作队", kind="team", members=[gone])
    old_group.is_active = False
    db.session.commit()
    login_as(admin)
    rows = {row[0]: row for row in sheet_of(export(client)).iter_rows(min_row=2, values_only=True)}
    assert rows["S0900"][15] == "已停用"
    assert rows["S0900"][14] in (None, "")


def test_a_name_that_looks_like_a_formula_stays_text(client, login_as, admin, make_staff):
    make_staff(staff_no="S0901", name="=HYPERLINK(1)")
    login_as(admin)
    rows = {row[0].value: row for row in sheet_of(export(client)).iter_rows(min_row=2)}
    assert rows["S0901"][1].data_type == "s"


def test_the_export_imports_again_with_no_changes(client, login_as, admin, make_staff, make_group):
    wang = make_staff(staff_no="0012", name="王芳", birth_date=date(1990, 3, 8), arrival_date=date(2015, 8, 28),
                      phone="13900000000", subject="数学", grade_band="中段", title="高级教师",
                      is_backbone=True, is_famous=True, political_status="预备党员")
    li = make_staff(staff_no="S0002", name="Anna Li", gender="M", subject="", title="", is_special_grade=True)
    make_staff(staff_no="S0003", name="离校", is_active_member=False)
    make_group("妇委会", leaders=[wang], members=[li])
    make_group("工会", kind="union", members=[wang])
    login_as(admin)

    data = export(client).data
    preview = build_preview(read_table("教职工名册.xlsx", data), acting_admin_id=admin.id)

    assert preview.notes == []
    assert [(row.staff_no, row.action, row.errors, [c.__dict__ for c in row.changes]) for row in preview.rows if row.action != "unchanged"] == []
    assert preview.counts["unchanged"] == 4

    html = client.post("/roster/import", data={"file": (io.BytesIO(data), "教职工名册.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "没有需要导入的变化" in html


def test_the_export_runs_a_fixed_number_of_queries_whatever_the_staff_count(client, login_as, admin, make_staff, make_group, count_queries):
    login_as(admin)

    def queries_for_export():
        db.session.expire_all()  # both requests start equally cold (the logged-in user is loaded again)
        with count_queries() as statements:
            export(client)
        return len(statements)

    group = make_group("工会", kind="union")
    for _ in range(3):
        db.session.add(Membership(group=group, staff=make_staff()))
    db.session.commit()
    few = queries_for_export()
    other = make_group("妇委会")
    for _ in range(30):
        person = make_staff()
        db.session.add_all([Membership(group=group, staff=person), Membership(group=other, staff=person, is_leader=True)])
    db.session.commit()
    many = queries_for_export()

    assert many == few
    assert few <= 5
