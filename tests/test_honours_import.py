"""Honours import from Excel or CSV: a preview first, wrong rows named with their reasons, all or nothing."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from app import db
from blueprints.honours.importing import RosterFileError, build_preview, read_honours
from blueprints.honours.models import Award
from tests.test_honours_support import TODAY, fixed_today, make_award  # noqa: F401  (fixtures)

HEADER = ["对象", "工号", "教师姓名", "团队", "学生姓名", "班级", "名称", "类别", "级别", "等次", "日期", "颁奖单位或刊物"]


def xlsx(rows, header=HEADER, title_row=False) -> bytes:
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append(["2026年荣誉登记表"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def school(make_staff, make_group):
    return {
        "li": make_staff(name="李欣然", staff_no="T0129"),
        "xu": make_staff(name="徐玉兰", staff_no="T0017"),
        "choir": make_group(name="女教师合唱团", kind="arts"),
    }


GOOD = [
    ["教师", "T0129", "李欣然", None, None, None, "开化县小学英语青年教师优质课评比", "优质课评比", "县级", "一等奖", date(2026, 5, 22), "开化县教育局"],
    ["团队", None, None, "女教师合唱团", None, None, "开化县中小学教师合唱比赛", None, "县", "一等", "2026/5/29", "开化县教育局"],
    ["学生", None, "徐玉兰", None, "程畅", "六（1）班", "我家门前的钱江源", None, "市", None, "2026年10月12日", "《衢州日报》"],
]


def _preview(data: bytes, name="荣誉.xlsx"):
    return build_preview(read_honours(name, data), today=TODAY)


def test_a_good_file_previews_every_row_as_new(app, school):
    preview = _preview(xlsx(GOOD, title_row=True))
    assert [row.action for row in preview.rows] == ["create", "create", "create"]
    teacher, choir, essay = (row.draft for row in preview.rows)
    assert (teacher.staff_id, teacher.level, teacher.awarded_on) == (school["li"].id, "县", date(2026, 5, 22))
    assert (choir.group_id, choir.grade, choir.category) == (school["choir"].id, "一等奖", "文艺比赛")
    assert (essay.pupil_name, essay.pupil_class, essay.staff_id, essay.grade, essay.category) == (
        "程畅", "六（1）班", school["xu"].id, "其他", "作文发表")
    assert preview.rows[2].who == "程畅（六（1）班，指导教师 徐玉兰）"


def test_wrong_rows_are_named_with_their_reasons(app, school, make_staff):
    make_staff(name="李欣然", staff_no="T0900")  # now two people have this name
    rows = [
        ["教师", None, "李欣然", None, None, None, "比赛", None, "县", "一等奖", "2026-05-22", None],
        ["教师", "T9999", None, None, None, None, "比赛", None, "县", "一等奖", "2026-05-22", None],
        ["老虎", None, None, None, None, None, "比赛", None, "县", "一等奖", "2026-05-22", None],
        ["团队", None, None, "男子足球队", None, None, "比赛", None, "县", "一等奖", "2026-05-22", None],
        ["学生", None, None, None, None, "六（1）班", "作文", None, "区", "金奖", "2026-13-01", None],
        ["教师", "T0129", "王五", None, None, None, "比赛", None, "县", "一等奖", "2027-01-01", None],
        ["教师", "T0129", None, None, None, None, "比赛", "作文发表", "县", "一等奖", "2026-05-22", None],
    ]
    preview = _preview(xlsx(rows))
    reasons = ["；".join(row.errors) for row in preview.rows]
    assert all(row.action == "error" for row in preview.rows) and preview.has_errors
    assert "名册中有 2 位「李欣然」，请填写工号区分" in reasons[0]
    assert "系统中没有工号 T9999" in reasons[1]
    assert "对象只能填「教师」「团队」或「学生」" in reasons[2]
    assert "没有名为「男子足球队」的团队" in reasons[3]
    assert all(part in reasons[4] for part in ("级别「区」", "等次「金奖」", "不是有效的日期", "请填写学生姓名"))
    assert "请选择级别" not in reasons[4] and "请填写获奖" not in reasons[4]  # each reason said once
    assert "工号 T0129 是李欣然，不是王五" in reasons[5] and "获奖日期不能晚于今天" in reasons[5]
    assert "教师获奖的类别只能是" in reasons[6]
    assert [row.line for row in preview.rows] == [2, 3, 4, 5, 6, 7, 8]


def test_a_row_twice_in_the_file_is_an_error_and_one_already_registered_is_skipped(app, school, make_award):
    make_award(staff=school["li"], title="开化县小学英语青年教师优质课评比", awarded_on=date(2026, 5, 22), category="优质课评比")
    preview = _preview(xlsx([GOOD[0], GOOD[1], GOOD[1]]))
    assert [row.action for row in preview.rows] == ["exists", "create", "error"]
    assert preview.rows[2].errors == ["与第 3 行重复。"]


def test_files_that_cannot_be_read_say_why():
    with pytest.raises(RosterFileError, match="缺少必需的列：级别"):
        read_honours("a.xlsx", xlsx(GOOD, header=[h for h in HEADER if h != "级别"]))
    with pytest.raises(RosterFileError, match="旧版 Excel"):
        read_honours("a.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100)
    with pytest.raises(RosterFileError, match="文件是空的"):
        read_honours("a.csv", b"")


def test_a_gbk_csv_from_wps_reads_like_an_xlsx(app, school):
    text = ",".join(HEADER) + "\n" + "教师,T0129,李欣然,,,,开化县小学英语青年教师优质课评比,优质课评比,县级,一等奖,2026-05-22,开化县教育局\n"
    preview = _preview(text.encode("gb18030"), "荣誉.csv")
    assert [row.action for row in preview.rows] == ["create"]


def _upload(client, data: bytes, name="荣誉.xlsx"):
    return client.post("/honours/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Award))


def test_an_import_with_wrong_rows_writes_nothing_and_shows_the_reasons(client, login_as, admin, school, fixed_today):
    login_as(admin)
    page = _upload(client, xlsx(GOOD + [["老虎", None, None, None, None, None, "比赛", None, "县", None, "2026-05-22", None]]))
    html = page.get_data(as_text=True)
    assert "错误 <strong>1</strong> 行" in html and "对象只能填" in html and "确认导入" not in html
    assert _count() == 0


def test_the_preview_writes_nothing_and_the_confirmation_writes_everything_once(client, login_as, admin, school, fixed_today):
    login_as(admin)
    html = _upload(client, xlsx(GOOD)).get_data(as_text=True)
    assert "新增 <strong>3</strong> 条" in html and _count() == 0
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/honours/import/confirm", data={"token": token}).status_code == 303
    assert _count() == 3
    again = client.post("/honours/import/confirm", data={"token": token})  # a second click: the upload is gone
    assert again.status_code == 303 and _count() == 3
    html = _upload(client, xlsx(GOOD)).get_data(as_text=True)
    assert "已登记 3 条" in html and "没有需要导入的内容" in html


def test_a_roster_upload_cannot_be_confirmed_as_honours(client, login_as, admin, fixed_today):
    from blueprints.accounts.roster import read_table, save_upload
    from blueprints.core import clock

    login_as(admin)
    table = read_table("名册.csv", "工号,姓名,性别\nT0200,张三,男\n".encode())
    token = save_upload(table, filename="名册.csv", admin_id=admin.id, now=clock.now_utc())
    response = client.post("/honours/import/confirm", data={"token": token})
    assert response.status_code == 303 and _count() == 0


def test_two_confirmations_of_the_same_file_at_once_register_it_once(app, school):
    """A double click on 确认导入: both requests run, the register's lock lets the second see the first's rows."""
    import threading

    from blueprints.accounts.models import Staff
    from blueprints.honours.importing import apply_import
    from blueprints.honours.services import lock_register

    table = read_honours("荣誉.xlsx", xlsx(GOOD))
    admin_id = school["xu"].id
    start, errors = threading.Barrier(4), []

    def confirm() -> None:
        with app.app_context():
            try:
                start.wait(timeout=30)
                lock_register()
                preview = build_preview(table, today=TODAY)
                if preview.has_changes and not preview.has_errors:
                    apply_import(preview, actor=db.session.get(Staff, admin_id), now=datetime(2026, 11, 25, 2, 0))
                db.session.commit()
            except BaseException as error:  # noqa: BLE001 — reported by the test
                db.session.rollback()
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    db.session.expire_all()
    assert _count() == 3
