"""Roster import: reading .xlsx and CSV, the preview's verdicts and reasons, and the all-or-nothing confirm."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app import db
from blueprints.accounts.models import Membership, Staff, utcnow
from blueprints.accounts.roster import (
    RosterFileError,
    apply_import,
    build_preview,
    initial_password_problem,
    load_upload,
    read_table,
    save_upload,
)
from blueprints.accounts.roster.columns import CellError, parse_date, parse_flag, parse_groups

HEADERS = ["工号", "姓名", "性别", "出生日期", "手机号", "任教学科", "年级段", "职称", "政治面貌", "到校日期",
           "骨干教师", "名师", "特级教师", "角色", "所在组织"]
INITIAL_PASSWORD = "Kaihua-2026"


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding: str, headers=HEADERS) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows([headers, *rows])
    return text.getvalue().encode(encoding)


def preview_of(data: bytes, filename: str = "名册.xlsx", admin_id: int | None = None):
    return build_preview(read_table(filename, data), acting_admin_id=admin_id)


def by_line(preview) -> dict:
    return {row.line: row for row in preview.rows}


def staff_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Staff))


def upload(client, data: bytes, filename: str = "名册.xlsx"):
    return client.post(
        "/roster/import", data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def token_from(html: str) -> str:
    match = re.search(r'name="token" type="hidden" value="([^"]+)"', html)
    assert match, "no confirm form on the preview page"
    return match.group(1)


NEW_ROW = ["T2001", "林晓", "女", "1998-05-04", "13800138000", "数学", "低段", "二级教师", "团员", "2026-09-01",
           "否", "否", "否", "教职工", "工会"]


# --- reading and parsing: plain functions --------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["2026-09-01", "2026-9-1", "2026/9/1", "2026.9.1", "2026年9月1日", "20260901", "2026-09-01 00:00:00"],
)
def test_dates_are_read_in_the_forms_people_type(text):
    assert parse_date(text, "到校日期") == date(2026, 9, 1)


@pytest.mark.parametrize("text", ["2026-02-30", "九月一日", "01/09/2026", "2026-13-01"])
def test_a_bad_date_is_refused_with_the_column_named(text):
    with pytest.raises(CellError, match="到校日期「.*」不是有效的日期"):
        parse_date(text, "到校日期")


@pytest.mark.parametrize("text, expected", [("是", True), ("1", True), ("Y", True), ("√", True), ("否", False), ("0", False), ("n", False), ("", False)])
def test_backbone_flags_accept_yes_no_words(text, expected):
    assert parse_flag(text, "骨干教师") is expected


def test_a_leader_mark_in_either_width_makes_a_leader():
    assert parse_groups("工会、妇委会(负责人),团支部；工会") == [("工会", False), ("妇委会", True), ("团支部", False)]


def test_full_width_digits_and_spaces_are_normalised(app):
    data = csv_bytes([["\u3000Ｔ２００１", "林　晓", "女", "", "１３８ ００１３ ８０００", "", "", "", "", "", "", "", "", "", ""]], "utf-8")
    preview = preview_of(data, "roster.csv")
    row = preview.rows[0]
    assert row.action == "create"
    assert row.staff_no == "T2001"
    assert row.values["phone"] == "13800138000"
    assert row.name == "林晓"
    assert any("全角" in note for note in row.notes)


def test_a_numeric_staff_number_is_read_without_decimals_and_flagged(app):
    data = xlsx_bytes([[12.0, "林晓", "女"]], headers=["工号", "姓名", "性别"])
    row = preview_of(data).rows[0]
    assert row.staff_no == "12"
    assert any("前导零" in note for note in row.notes)


def test_a_staff_number_that_lost_its_leading_zeros_is_an_error(make_staff):
    make_staff(staff_no="0012", name="老周")
    data = xlsx_bytes([[12, "老周", "男"]], headers=["工号", "姓名", "性别"])
    row = preview_of(data).rows[0]
    assert row.action == "error"
    assert "有工号 0012（老周）" in row.errors[0]


def test_text_staff_numbers_keep_their_zeros_and_date_cells_are_read(app):
    data = xlsx_bytes([["0012", "林晓", "女", datetime(1998, 5, 4), None, None, None, None, None, date(2026, 9, 1)]])
    row = preview_of(data).rows[0]
    assert row.staff_no == "0012" and row.notes == []
    assert row.values["birth_date"] == date(1998, 5, 4)
    assert row.values["arrival_date"] == date(2026, 9, 1)


def test_the_preview_gives_every_verdict_with_its_reason(make_staff, make_group):
    existing = make_staff(staff_no="S0001", name="王芳", gender="F", title="一级教师", subject="语文")
    make_group("工会", kind="union")
    rows = [
        ["S0001", "王芳", "女", None, None, "语文", None, "高级教师", "群众", None, "是", "否", "否", "教职工", "工会"],  # 2
        NEW_ROW,  # 3
        [None, "无工号", "男"],  # 4
        ["T3001", "钱多", "男", "1990-02-30"],  # 5
        ["T3002", "孙悟", "男", None, None, "书法"],  # 6
        ["T3003", "赵云", "男", None, None, None, None, "特级职称"],  # 7
        ["T3004", "周瑜", "男", None, None, None, None, None, "无党派"],  # 8
        ["T3005", "张飞", "M"],  # 9
        ["T3006", "关羽", "男", *[None] * 11, "篮球队"],  # 10
        ["T3007", "刘备", "男"],  # 11
        ["T3007", "刘禅", "男"],  # 12
    ]
    preview = preview_of(xlsx_bytes(rows))
    lines = by_line(preview)

    assert lines[2].action == "update" and lines[2].staff_id == existing.id
    assert {(c.label, c.old, c.new) for c in lines[2].changes} == {
        ("职称", "一级教师", "高级教师"), ("骨干教师", "否", "是"), ("所在组织", "", "工会"),
    }
    assert lines[3].action == "create"
    assert "缺少工号" in lines[4].errors[0]
    assert "出生日期「1990-02-30」不是有效的日期" in lines[5].errors[0]
    assert "任教学科「书法」不在可选范围内" in lines[6].errors[0]
    assert "职称「特级职称」不在可选范围内" in lines[7].errors[0]
    assert "政治面貌「无党派」不在可选范围内" in lines[8].errors[0]
    assert "性别只能填「男」或「女」" in lines[9].errors[0]
    assert "所在组织「篮球队」不存在" in lines[10].errors[0]
    assert "在文件中重复出现（第 11、12 行）" in lines[11].errors[0]
    assert "在文件中重复出现" in lines[12].errors[0]
    assert preview.counts == {"create": 1, "update": 1, "unchanged": 0, "error": 9}


def test_a_missing_optional_column_leaves_that_field_alone(make_staff):
    make_staff(staff_no="S0001", name="王芳", phone="13900000000", political_status="正式党员", subject="语文")
    preview = preview_of(xlsx_bytes([["S0001", "王芳", "女", "数学"]], headers=["工号", "姓名", "性别", "任教学科"]))
    row = preview.rows[0]
    assert row.values == {"subject": "数学"}
    assert any("保持不变" in note and "手机号" in note for note in preview.notes)


def test_empty_role_and_political_status_keep_what_the_person_has(make_staff):
    make_staff(staff_no="S0001", name="王芳", political_status="正式党员", role="admin")
    data = xlsx_bytes([["S0001", "王芳", "女", "", ""]], headers=["工号", "姓名", "性别", "政治面貌", "角色"])
    assert preview_of(data).rows[0].action == "unchanged"


def test_an_admin_cannot_demote_themselves_by_import(admin):
    data = xlsx_bytes([[admin.staff_no, admin.name, "女", "教职工"]], headers=["工号", "姓名", "性别", "角色"])
    row = preview_of(data, admin_id=admin.id).rows[0]
    assert row.action == "error" and "不能通过导入取消自己的管理员角色" in row.errors[0]


def test_headers_match_in_any_order_and_with_spaces(app):
    data = xlsx_bytes([["女", "林晓", "T2001"]], headers=[" 性 别 ", "姓名*", "工　号"])
    assert preview_of(data).rows[0].action == "create"


def test_a_missing_required_column_is_refused(app):
    with pytest.raises(RosterFileError, match="缺少必需的列：性别"):
        read_table("a.xlsx", xlsx_bytes([["T1", "林晓"]], headers=["工号", "姓名"]))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "utf-16"])
def test_csv_is_read_in_utf8_with_or_without_bom_gbk_and_utf16(app, encoding):
    table = read_table("名册.csv", csv_bytes([NEW_ROW], encoding))
    assert table.rows[0].cells["name"] == "林晓"
    assert table.rows[0].cells["groups"] == "工会"


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("名册.xlsx", b"this is not a spreadsheet", "不是有效的 Excel"),
        ("名册.xlsx", b"PK\x03\x04broken zip", "无法读取这个 Excel 文件"),
        ("名册.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版 Excel"),
        ("名册.csv", b"", "文件是空的"),
        ("名册.csv", "名字,电话\n张三,1\n".encode(), "没有找到表头"),
        ("名册.csv", "工号,姓名,性别\n".encode(), "没有数据行"),
    ],
)
def test_unreadable_files_get_a_chinese_reason(app, filename, data, message):
    with pytest.raises(RosterFileError, match=message):
        read_table(filename, data)


def test_too_many_rows_are_refused(app):
    rows = [[f"T{i:05d}", "林晓", "女"] for i in range(2001)]
    with pytest.raises(RosterFileError, match="超过 2000 行"):
        read_table("big.csv", csv_bytes(rows, "utf-8", headers=["工号", "姓名", "性别"]))


def test_a_preview_with_errors_cannot_be_applied(app):
    preview = preview_of(xlsx_bytes([NEW_ROW, [None, "无工号", "男"]]))
    with pytest.raises(ValueError):
        apply_import(preview, password_hash="x")


def test_the_initial_password_is_required_only_when_someone_is_new(make_staff, make_group):
    make_group("工会", kind="union")
    make_staff(staff_no="S0001", name="王芳")
    updates_only = preview_of(xlsx_bytes([["S0001", "王芳", "男"]], headers=["工号", "姓名", "性别"]))
    assert initial_password_problem(updates_only, "") is None
    with_new = preview_of(xlsx_bytes([NEW_ROW]))
    assert "新增 1 个账号" in initial_password_problem(with_new, "")
    assert "至少需要 8 位" in initial_password_problem(with_new, "short")
    assert initial_password_problem(with_new, INITIAL_PASSWORD) is None


def test_a_stored_upload_expires_after_an_hour_and_belongs_to_its_admin(app):
    table = read_table("a.csv", csv_bytes([NEW_ROW], "utf-8"))
    now = utcnow()
    token = save_upload(table, filename="a.csv", admin_id=1, now=now)
    assert load_upload(token, admin_id=1, now=now + timedelta(minutes=59)).table.rows[0].cells == table.rows[0].cells
    assert load_upload(token, admin_id=1, now=now + timedelta(minutes=61)) is None
    assert load_upload(token, admin_id=2, now=now) is None
    assert load_upload("../../secret_key", admin_id=1, now=now) is None


# --- the routes --------------------------------------------------------------------------------------------

ROUTES = [("get", "/roster/import"), ("post", "/roster/import"), ("post", "/roster/confirm"), ("get", "/roster/export")]


@pytest.mark.parametrize("method, url", ROUTES)
def test_a_teacher_may_not_use_the_roster_routes(client, login_as, teacher, method, url):
    login_as(teacher)
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("method, url", ROUTES)
def test_anonymous_visitors_are_sent_to_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 303
    assert "/login" in response.headers["Location"]


def test_the_upload_page_shows_the_form(client, login_as, admin):
    login_as(admin)
    html = client.get("/roster/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html and "上传并预览" in html


def test_the_preview_page_lists_creates_updates_and_errors(client, login_as, admin, make_staff, make_group):
    make_group("工会", kind="union")
    make_staff(staff_no="S0001", name="王芳", title="一级教师")
    login_as(admin)
    data = xlsx_bytes([["S0001", "王芳", "女", None, None, "语文", None, "高级教师"], NEW_ROW, ["T3001", "钱多", "男", "1990-02-30"]])
    html = upload(client, data).get_data(as_text=True)
    assert "新增 <strong>1</strong> 人" in html and "更新 <strong>1</strong> 人" in html
    assert "职称：一级教师 → 高级教师" in html
    assert "出生日期「1990-02-30」不是有效的日期" in html
    assert "不能导入" in html
    assert 'name="token"' not in html, "no confirm button while a row is wrong"
    assert staff_count() == 2


def test_a_non_spreadsheet_upload_gets_a_chinese_error_next_to_the_field(client, login_as, admin):
    login_as(admin)
    html = upload(client, b"%PDF-1.7 not a roster", "名册.xlsx").get_data(as_text=True)
    assert 'class="field-error"' in html and "不是有效的 Excel" in html
    html = upload(client, b"%PDF-1.7", "名册.pdf").get_data(as_text=True)
    assert "只支持 .xlsx 或 .csv 文件" in html


def test_confirm_creates_everyone_with_the_initial_password_and_memberships(client, login_as, admin, make_group):
    union = make_group("工会", kind="union")
    women = make_group("妇委会", kind="women")
    login_as(admin)
    second = ["T2002", "陈静", "女", *[None] * 11, "妇委会（负责人）、工会"]
    token = token_from(upload(client, xlsx_bytes([NEW_ROW, second])).get_data(as_text=True))

    response = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD})

    assert response.status_code == 303 and response.headers["Location"].endswith("/staff/")
    assert "新增 2 人，更新 0 人" in client.get("/staff/").get_data(as_text=True)
    lin = db.session.scalars(select(Staff).where(Staff.staff_no == "T2001")).one()
    assert lin.must_change_password and check_password_hash(lin.password_hash, INITIAL_PASSWORD)
    assert (lin.birth_date, lin.subject, lin.political_status, lin.role) == (date(1998, 5, 4), "数学", "团员", "teacher")
    chen = db.session.scalars(select(Staff).where(Staff.staff_no == "T2002")).one()
    assert {(m.group_id, m.is_leader) for m in chen.memberships} == {(women.id, True), (union.id, False)}
    assert chen.political_status == "群众" and chen.pinyin_initials


def test_confirm_without_a_password_for_new_people_says_so_beside_the_field(client, login_as, admin, make_group):
    make_group("工会", kind="union")
    login_as(admin)
    token = token_from(upload(client, xlsx_bytes([NEW_ROW])).get_data(as_text=True))
    html = client.post("/roster/confirm", data={"token": token, "initial_password": ""}).get_data(as_text=True)
    assert 'id="initial_password-error"' in html and "请为他们设置初始密码" in html
    html = client.post("/roster/confirm", data={"token": token, "initial_password": "12345678"}).get_data(as_text=True)
    assert "太容易被猜到" in html
    assert staff_count() == 1


def test_a_file_with_one_bad_row_writes_nothing_even_if_confirmed(client, login_as, admin, make_group, make_staff):
    make_group("工会", kind="union")
    make_staff(staff_no="S0001", name="王芳", title="一级教师")
    login_as(admin)
    data = xlsx_bytes([NEW_ROW, ["S0001", "王芳", "女", None, None, None, None, "高级教师"], ["T3001", "钱多", "男", None, None, "书法"]])
    token = save_upload(read_table("a.xlsx", data), filename="a.xlsx", admin_id=admin.id, now=utcnow())

    html = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD}).get_data(as_text=True)

    assert "没有导入任何数据" in html
    assert staff_count() == 2
    assert db.session.scalars(select(Staff.title).where(Staff.staff_no == "S0001")).one() == "一级教师"


def test_confirm_checks_again_what_changed_since_the_preview(client, login_as, admin, make_group):
    union = make_group("工会", kind="union")
    login_as(admin)
    token = token_from(upload(client, xlsx_bytes([NEW_ROW])).get_data(as_text=True))
    db.session.delete(union)  # another admin removes the group in between
    db.session.commit()
    html = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD}).get_data(as_text=True)
    assert "所在组织「工会」不存在" in html and "没有导入任何数据" in html
    assert staff_count() == 1


def test_reimport_updates_people_by_staff_number(client, login_as, admin, make_staff, make_group):
    union = make_group("工会", kind="union")
    choir = make_group("合唱团", kind="arts")
    person = make_staff(staff_no="0012", name="王芳", title="一级教师", phone="13900000000", must_change_password=False)
    db.session.add(Membership(group=choir, staff=person))
    db.session.commit()
    login_as(admin)
    data = xlsx_bytes([["0012", "王芳", "女", None, "13911112222", "语文", "高段", "高级教师", "预备党员", None, "是", "否", "否", "教职工", "工会(负责人)"]])
    token = token_from(upload(client, data).get_data(as_text=True))

    response = client.post("/roster/confirm", data={"token": token})

    assert response.status_code == 303
    db.session.expire_all()
    person = db.session.get(Staff, person.id)
    assert (person.title, person.phone, person.grade_band, person.political_status, person.is_backbone) == (
        "高级教师", "13911112222", "高段", "预备党员", True)
    assert person.must_change_password is False, "an update never resets the password"
    assert {(m.group_id, m.is_leader) for m in person.memberships} == {(choir.id, False), (union.id, True)}
    assert staff_count() == 2


def test_the_same_token_cannot_be_confirmed_twice(client, login_as, admin, make_group):
    make_group("工会", kind="union")
    login_as(admin)
    token = token_from(upload(client, xlsx_bytes([NEW_ROW])).get_data(as_text=True))
    client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD})
    response = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD}, follow_redirects=True)
    assert "请重新上传文件" in response.get_data(as_text=True)
    assert staff_count() == 2


def test_an_expired_or_unknown_token_asks_for_a_new_upload(client, login_as, admin, make_group):
    make_group("工会", kind="union")
    login_as(admin)
    old = save_upload(read_table("a.csv", csv_bytes([NEW_ROW], "utf-8")), filename="a.csv", admin_id=admin.id,
                      now=utcnow() - timedelta(hours=2))
    for token in (old, "no-such-token-at-all-xxxxxxxx"):
        response = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD})
        assert response.status_code == 303 and response.headers["Location"].endswith("/roster/import")
        assert "已失效" in client.get("/roster/import").get_data(as_text=True)
    assert staff_count() == 1


def test_a_gbk_csv_imports_through_the_page(client, login_as, admin, make_group):
    make_group("工会", kind="union")
    login_as(admin)
    html = upload(client, csv_bytes([NEW_ROW], "gbk"), "名册.csv").get_data(as_text=True)
    assert "林晓" in html and "新增 <strong>1</strong> 人" in html
    client.post("/roster/confirm", data={"token": token_from(html), "initial_password": INITIAL_PASSWORD})
    assert db.session.scalars(select(Staff.name).where(Staff.staff_no == "T2001")).one() == "林晓"


@pytest.mark.csrf
def test_confirm_without_a_csrf_token_is_refused(client, login_as, admin, make_group):
    make_group("工会", kind="union")
    login_as(admin)
    token = save_upload(read_table("a.csv", csv_bytes([NEW_ROW], "utf-8")), filename="a.csv", admin_id=admin.id, now=utcnow())
    response = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD})
    assert response.status_code == 400
    assert staff_count() == 1


def test_a_clash_while_saving_rolls_everything_back(client, login_as, admin, make_group, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    import blueprints.accounts.views.roster as roster_views

    make_group("工会", kind="union")
    login_as(admin)
    token = token_from(upload(client, xlsx_bytes([NEW_ROW])).get_data(as_text=True))

    def clash(preview, *, password_hash):
        apply_import_real(preview, password_hash=password_hash)
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: staff.staff_no"))

    apply_import_real = roster_views.apply_import
    monkeypatch.setattr(roster_views, "apply_import", clash)
    html = client.post("/roster/confirm", data={"token": token, "initial_password": INITIAL_PASSWORD}).get_data(as_text=True)

    assert "没有导入任何数据" in html
    assert staff_count() == 1


def test_an_honours_upload_token_is_not_a_roster_upload(app, admin):
    """Both imports keep their uploads in one folder; each confirms only its own."""
    from datetime import datetime

    from blueprints.accounts.roster.reading import Table
    from blueprints.accounts.roster.store import load_upload, save_upload

    now = datetime(2026, 11, 25, 2, 0)
    table = Table(fields=["staff_no"], rows=[])
    token = save_upload(table, filename="h.xlsx", admin_id=admin.id, now=now, kind="honours")
    assert load_upload(token, admin_id=admin.id, now=now) is None
    assert load_upload(token, admin_id=admin.id, now=now, kind="honours") is not None
