"""The register as an .xlsx the import reads back: same headers, same words; and an empty template to fill in."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from blueprints.honours.models import AWARD_GRADES, AWARD_LEVELS, CATEGORIES_BY_KIND, Award

from .columns import COLUMNS, DEFAULT_CATEGORY

SHEET_TITLE = "荣誉册"
_WIDTHS = {"kind": 6, "staff_no": 10, "teacher": 10, "group": 14, "pupil_name": 10, "pupil_class": 10, "title": 40,
           "category": 10, "level": 7, "grade": 8, "awarded_on": 12, "issuer": 20, "note": 20}


def _row(award: Award) -> list:
    teacher = award.staff if award.recipient_kind != "group" else None
    values = {
        "kind": award.kind_label,
        "staff_no": teacher.staff_no if teacher is not None else "",
        "teacher": teacher.name if teacher is not None else "",
        "group": award.group.name if award.recipient_kind == "group" and award.group is not None else "",
        "pupil_name": award.recipient_name,
        "pupil_class": award.pupil_class,
        "title": award.title,
        "category": award.category,
        "level": award.level_label,
        "grade": award.grade_label,
        "awarded_on": award.awarded_on,
        "issuer": award.issuer,
        "note": award.note,
    }
    return [values[column.field] for column in COLUMNS]


def _sheet(sheet: Worksheet) -> None:
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.field, 10)
        if column.field == "staff_no":
            sheet.column_dimensions[letter].number_format = "@"  # staff numbers keep their leading zeros
    sheet.freeze_panes = "A2"


def honours_workbook(awards: list[Award]) -> bytes:
    """An .xlsx of the given awards (staff and group loaded), one per row, with real date cells."""
    workbook = Workbook()
    sheet = workbook.active
    _sheet(sheet)
    for award in awards:
        sheet.append(_row(award))
        for column, cell in zip(COLUMNS, sheet[sheet.max_row]):
            if column.field == "awarded_on":
                cell.number_format = "yyyy-mm-dd"
            elif column.field == "staff_no":
                cell.number_format = "@"
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a title starting with = stays text, never a formula
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    """The empty register sheet, and a second sheet that says how to fill each column."""
    workbook = Workbook()
    _sheet(workbook.active)
    help_sheet = workbook.create_sheet("填写说明")
    help_sheet.append(["列名", "怎么填"])
    lines = [
        ("对象", "教师、团队或学生"),
        ("工号 / 教师姓名", "教师获奖：获奖教师（至少填一项；同名时必须填工号）。学生获奖：指导教师，可留空"),
        ("团队", "团队获奖：组织名称，如 女教师合唱团"),
        ("学生姓名 / 班级", "学生获奖：必填，如 程畅 / 六（1）班"),
        ("名称", "比赛或荣誉名称；学生发表的作文写作文题目"),
        ("类别", "；".join(f"{label}：{'、'.join(CATEGORIES_BY_KIND[kind])}（留空为{DEFAULT_CATEGORY[kind]}）"
                          for kind, label in (("teacher", "教师"), ("group", "团队"), ("pupil", "学生")))),
        ("级别", "、".join(AWARD_LEVELS.values())),
        ("等次", "、".join(AWARD_GRADES[:-1]) + "；称号、发表等没有等次的留空"),
        ("日期", "获奖或发表日期，如 2026-09-10"),
        ("颁奖单位或刊物", "如 开化县教育局；学生作文写发表的报刊，如 《衢州日报》"),
    ]
    for line in lines:
        help_sheet.append(list(line))
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
