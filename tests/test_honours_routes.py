"""The register's pages: everyone reads it, the admin enters, edits, deletes and exports; bad input beside the field."""
from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app import db
from blueprints.honours.models import Award
from tests.test_honours_support import fixed_today, make_award  # noqa: F401  (fixtures)


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Award))


def test_everyone_reads_the_register_with_filters_but_only_the_admin_edits(client, login_as, teacher, make_award, fixed_today):
    award = make_award()
    make_award(recipient_kind="pupil", recipient_name="程畅", pupil_class="六（1）班", category="作文发表", grade="其他",
               title="我家门前的钱江源", issuer="《衢州日报》", level="市")
    login_as(teacher)
    page = client.get("/honours/").get_data(as_text=True)
    assert "开化县小学语文优质课评比" in page and "我家门前的钱江源" in page and "编辑" not in page
    pupils = client.get("/honours/?kind=pupil").get_data(as_text=True)
    assert "我家门前的钱江源" in pupils and "开化县小学语文优质课评比" not in pupils
    for url in ("/honours/new", f"/honours/{award.id}/edit", "/honours/import", "/honours/export.xlsx"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/honours/{award.id}/delete").status_code == 403 and _count() == 2


def test_filters_answer_htmx_with_the_list_only(client, login_as, teacher, make_award, fixed_today):
    make_award(level="市")
    login_as(teacher)
    response = client.get("/honours/?level=市&kind=teacher", headers={"HX-Request": "true"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "市级一等奖 <strong>1</strong>" in html
    assert "HX-Request" in response.headers["Vary"]


def test_the_admin_enters_a_teachers_prize(client, login_as, admin, make_staff, fixed_today):
    winner = make_staff(name="李欣然")
    login_as(admin)
    data = {"kind": "teacher", "staff_id": winner.id, "title": "开化县小学英语青年教师优质课评比", "category": "优质课评比",
            "level": "县", "grade": "一等奖", "awarded_on": "2026-05-22", "issuer": "开化县教育局"}
    response = client.post("/honours/new?kind=teacher", data=data)
    assert response.status_code == 303
    award = db.session.scalar(select(Award))
    assert (award.staff_id, award.summary, award.created_by_id) == (winner.id, "县级开化县小学英语青年教师优质课评比一等奖", admin.id)
    again = client.post("/honours/new?kind=teacher", data=data).get_data(as_text=True)
    assert "这条获奖已在荣誉册中" in again and _count() == 1


def test_the_admin_enters_the_choirs_first_place_and_a_pupils_essay(client, login_as, admin, make_group, make_staff, fixed_today):
    choir, guide = make_group(name="女教师合唱团", kind="arts"), make_staff(name="徐玉兰")
    login_as(admin)
    assert client.post("/honours/new?kind=group", data={
        "kind": "group", "group_id": choir.id, "title": "开化县中小学教师合唱比赛", "category": "文艺比赛", "level": "县",
        "grade": "一等奖", "awarded_on": "2026-05-29"}).status_code == 303
    assert client.post("/honours/new?kind=pupil", data={
        "kind": "pupil", "pupil_name": "程畅", "pupil_class": "六（1）班", "staff_id": guide.id, "title": "秋天的稻田",
        "category": "作文发表", "level": "市", "grade": "其他", "awarded_on": "2026-10-12", "issuer": "《衢州日报》"}).status_code == 303
    page = client.get("/honours/").get_data(as_text=True)
    assert "女教师合唱团" in page and "程畅" in page and "六（1）班" in page and "指导教师：徐玉兰" in page


def test_bad_input_is_refused_beside_the_field_and_nothing_is_saved(client, login_as, admin, fixed_today):
    login_as(admin)
    page = client.post("/honours/new?kind=teacher", data={
        "kind": "teacher", "staff_id": "", "title": "比赛", "category": "优质课评比", "level": "县", "grade": "一等奖",
        "awarded_on": "2026-05-22"}).get_data(as_text=True)
    assert "请先搜索并选择获奖教师。" in page
    page = client.post("/honours/new?kind=pupil", data={
        "kind": "pupil", "pupil_name": "程畅", "pupil_class": "", "title": "作文", "category": "作文发表", "level": "县",
        "grade": "其他", "awarded_on": "2026-05-22"}).get_data(as_text=True)
    assert 'id="pupil_class-error"' in page and "请填写学生所在班级。" in page
    page = client.post("/honours/new?kind=group", data={"kind": "group", "title": "x", "category": "文艺比赛", "level": "县",
                                                       "grade": "一等奖", "awarded_on": "not a date"}).get_data(as_text=True)
    assert 'id="awarded_on-error"' in page
    assert _count() == 0


def test_the_admin_edits_and_deletes_an_award(client, login_as, admin, make_award, fixed_today):
    award = make_award()
    login_as(admin)
    form = client.get(f"/honours/{award.id}/edit").get_data(as_text=True)
    assert "开化县小学语文优质课评比" in form and "已选：" in form
    data = {"kind": "teacher", "staff_id": award.staff_id, "title": "开化县小学语文优质课评比", "category": "优质课评比",
            "level": "市", "grade": "二等奖", "awarded_on": "2026-05-22"}
    assert client.post(f"/honours/{award.id}/edit", data=data).status_code == 303
    db.session.refresh(award)
    assert (award.level, award.grade) == ("市", "二等奖")
    assert client.post(f"/honours/{award.id}/delete").status_code == 303 and _count() == 0


@pytest.mark.csrf
def test_deleting_needs_the_csrf_token(client, login_as, admin, make_award):
    award = make_award()
    login_as(admin)
    assert client.post(f"/honours/{award.id}/delete").status_code == 400 and _count() == 1


def test_the_export_is_the_filtered_register_with_the_import_columns(client, login_as, admin, make_award, fixed_today):
    make_award(awarded_on=date(2025, 5, 1))
    make_award(title="衢州市小学数学优质课评比", level="市")
    login_as(admin)
    response = client.get("/honours/export.xlsx?year=2026")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("对象", "工号", "教师姓名") and len(rows) == 2
    assert rows[1][6] == "衢州市小学数学优质课评比" and rows[1][8] == "市级" and rows[1][9] == "一等奖"


def test_the_list_queries_do_not_grow_with_the_register(client, login_as, teacher, make_award, make_staff, count_queries, fixed_today):
    make_award()
    login_as(teacher)
    db.session.expire_all()  # both measured requests start cold, as a real request does
    with count_queries() as small:
        client.get("/honours/")
    for n in range(30):
        make_award(staff=make_staff(), title=f"比赛{n}")
        make_award(recipient_kind="pupil", recipient_name=f"学生{n}", pupil_class="三（1）班", staff=make_staff(),
                   category="作文发表", grade="其他", title=f"作文{n}")
    db.session.expire_all()
    with count_queries() as big:
        client.get("/honours/")
    assert len(big) == len(small)
