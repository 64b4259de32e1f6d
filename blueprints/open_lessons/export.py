"""Compliance as an .xlsx: a sheet per question the admin asks, plain values, ready to keep counting in Excel."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from .services.compliance import ComplianceReport


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"  # typed text must never become a formula
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    if rows:
        sheet.auto_filter.ref = sheet.dimensions


def _when(lesson) -> str:
    return f"{lesson.lesson_date:%Y-%m-%d} 第{lesson.period}节"


def compliance_workbook(report: ComplianceReport, *, subject: str = "", group: str = "") -> bytes:
    """Four sheets: per teacher, not declared, short of observers, feedback owed."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    target = report.settings.observe_target
    _sheet(
        workbook, "教师汇总",
        ["工号", "姓名", "学科", "公开课", "状态", "已听课", "应听课", "是否达标", "已报名待听", "已交评课", "未交评课"],
        [
            [line.staff.staff_no, line.staff.name, line.staff.subject, line.lesson.topic if line.lesson else "",
             line.phase_label, line.observed, target, "达标" if line.target_met else "未达标", line.signed_up,
             line.feedback_given, line.feedback_owed]
            for line in report.teachers
        ],
        [10, 10, 10, 28, 8, 8, 8, 8, 10, 9, 9],
    )
    _sheet(
        workbook, "未申报",
        ["工号", "姓名", "学科"],
        [[line.staff.staff_no, line.staff.name, line.staff.subject] for line in report.not_declared],
        [10, 10, 10],
    )
    _sheet(
        workbook, "听课人数不足",
        ["日期节次", "授课教师", "学科", "班级", "课题", "教室", "已确认", "至少", "座位"],
        [
            [_when(item.lesson), item.lesson.teacher.name, item.lesson.subject, item.lesson.class_name,
             item.lesson.topic, item.lesson.room.name, item.progress.confirmed, item.progress.minimum, item.lesson.seats]
            for item in report.short
        ],
        [18, 10, 10, 14, 28, 14, 8, 6, 6],
    )
    _sheet(
        workbook, "未交评课",
        ["听课教师", "工号", "公开课", "授课教师", "上课时间", "截止日期", "状态"],
        [
            [item.observer.name, item.observer.staff_no, item.lesson.topic, item.lesson.teacher.name, _when(item.lesson),
             item.deadline.date(), "已逾期" if item.overdue else "待提交"]
            for item in report.owed
        ],
        [10, 10, 28, 10, 18, 12, 8],
    )
    info = workbook.create_sheet("说明")
    info.append(["学期", report.semester.name])
    info.append(["学科", subject or "全部"])
    info.append(["组织", group or "全部"])
    info.append(["每节课至少听课人数", report.settings.min_observers])
    info.append(["每位教师应听课节数", target])
    info.column_dimensions["A"].width = 20
    info.column_dimensions["B"].width = 26
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
