"""个人数据导出: one person's data as an Excel workbook, a sheet per kind of record.

Each sheet is one query (two where scores or groups are loaded alongside), whatever the number of
records: no query per row. What a reader gets follows what the app shows them (see records.py and
lessons.py for the secret ballot and anonymous feedback)."""
from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from blueprints.accounts.models import Staff

from . import activities, lessons, mentoring, person as person_sheets, records
from .sheet import Sheet

__all__ = ["Sheet", "personal_sheets", "personal_workbook"]

_MAX_WIDTH = 60
_EMPTY = "（无记录）"


def personal_sheets(person: Staff, *, reader: Staff) -> list[Sheet]:
    """Every sheet of the person's export, as `reader` may see it."""
    return [
        person_sheets.profile(person),
        person_sheets.groups(person),
        mentoring.pairings(person),
        mentoring.mentoring_logs(person),
        mentoring.evaluations(person),
        lessons.taught(person),
        lessons.observed(person),
        lessons.feedback_given(person),
        lessons.feedback_received(person, reader=reader),
        activities.registrations(person),
        activities.attendance(person),
        activities.talks(person),
        activities.honours(person),
        records.selection(person, reader=reader),
        records.certificates(person),
        records.calendar_feeds(person),
        records.logins(person),
    ]


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 11
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # Chinese characters are two columns wide


def _write(book: Workbook, sheet: Sheet) -> None:
    page = book.create_sheet(sheet.title)
    page.append(sheet.headers)
    for cell in page[1]:
        cell.font = Font(bold=True)
    page.freeze_panes = "A2"
    for row in sheet.rows or [[_EMPTY]]:
        page.append(row)
        for cell in page[page.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and len(cell.value) > _MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if sheet.note:
        page.append([])
        page.append([sheet.note])
    for index, header in enumerate(sheet.headers, start=1):
        longest = max([_width(header)] + [_width(row[index - 1]) for row in sheet.rows if len(row) >= index])
        page.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, max(8, longest + 2))


def personal_workbook(person: Staff, *, reader: Staff, made_at: datetime) -> bytes:
    """The .xlsx: a cover sheet saying whose data and when, then a sheet per kind of record."""
    book = Workbook()
    cover = book.active
    cover.title = "说明"
    cover.append([f"{person.name}（工号 {person.staff_no}）的个人数据导出"])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([f"导出时间：{made_at:%Y-%m-%d %H:%M}（北京时间）；导出人：{reader.name}"])
    cover.append(["每个工作表是一类记录；没有记录的工作表写“（无记录）”。"])
    cover.column_dimensions["A"].width = 80
    for sheet in personal_sheets(person, reader=reader):
        _write(book, sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
