"""The reports where counting goes on, as .xlsx workbooks (openpyxl)."""
from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font


def _sheet(workbook: Workbook, title: str, headers: list[str], rows: list, widths: list[int]) -> None:
    """A sheet with a bold header row and column widths; the first sheet of a new workbook is reused."""
    fresh = len(workbook.worksheets) == 1 and workbook.active.title == "Sheet"  # openpyxl's untouched first sheet
    sheet = workbook.active if fresh else workbook.create_sheet()
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"


def _bytes(workbook: Workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def attendance_workbook(event_title: str, rows) -> bytes:
    """签到表 as a sheet: number, name, staff number, groups, time signed in."""
    workbook = Workbook()
    _sheet(workbook, "签到表", ["序号", "姓名", "工号", "所在组织", "签到时间"],
           [(r.number, r.name, r.staff_no, r.groups, r.signed_in or "未签到") for r in rows], [6, 12, 10, 36, 10])
    workbook.active["G1"] = event_title
    return _bytes(workbook)


def summary_workbook(summary) -> bytes:
    """The semester summary's counts, one sheet per part."""
    workbook = Workbook()
    _sheet(workbook, "师徒结对", ["状态", "对数"], summary.pairing_rows, [14, 10])
    _sheet(workbook, "公开课", ["项目", "数量"], summary.lesson_rows, [16, 10])
    _sheet(workbook, "活动", ["项目", "数量"], summary.event_rows, [16, 10])
    _sheet(workbook, "荣誉", ["类别", "项目", "数量"], summary.honour_rows, [12, 20, 10])
    return _bytes(workbook)


def archive_workbook(archive) -> bytes:
    """成长档案: the counts and each list on its own sheet."""
    workbook = Workbook()
    c = archive.counts
    _sheet(workbook, "概况", ["项目", "数量"], [
        ("上公开课", c.lessons_given), ("听课", c.lessons_observed), ("评课", c.feedback_written),
        ("参加活动", c.events_attended), ("担任师傅（对）", c.as_mentor), ("作为徒弟（对）", c.as_apprentice),
        ("个人获奖", c.award_count), ("指导学生获奖", c.pupils_guided)], [18, 10])
    _sheet(workbook, "公开课", ["日期", "课题"], archive.lessons, [16, 50])
    _sheet(workbook, "活动", ["日期", "活动", "学时"], archive.events, [16, 40, 8])
    _sheet(workbook, "获奖", ["日期", "奖项"], archive.awards, [16, 50])
    _sheet(workbook, "证书", ["编号", "证书", "内容"], archive.certificates, [16, 18, 60])
    return _bytes(workbook)
