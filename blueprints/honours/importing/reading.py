"""Read an uploaded honours file (.xlsx or CSV) into rows of cleaned text, with the roster import's reader.

The roster's reader (blueprints/accounts/roster/reading.raw_rows) turns the upload into raw rows: its
format checks, its .xlsx sheet walk and its CSV decoding (UTF-8 or GB18030). Only the header line and
the cells are read here, because the honours columns are not the roster's."""
from __future__ import annotations

from datetime import date, datetime, time

from blueprints.accounts.forms import clean_text
from blueprints.accounts.roster.reading import (
    BLANK_RUN_ENDS_SHEET, HEADER_SEARCH_ROWS, MAX_FILE_BYTES, MAX_ROWS, RawRow, RosterFileError, Table, raw_rows,
)
from blueprints.core.forms import clean_prose

from .columns import BY_FIELD, COLUMNS, IGNORED_HEADERS, header_field, normalise_header

__all__ = ["MAX_FILE_BYTES", "MAX_ROWS", "RosterFileError", "Table", "read_honours"]

_NO_HEADER = "没有找到表头：文件的前几行中应有一行列名，其中必须有「对象」「工号」「名称」「级别」「日期」。"


def read_honours(filename: str, data: bytes) -> Table:
    """Parse an honours upload into the honours columns (the roster's reader does the file itself)."""
    return _build(raw_rows(filename, data))


def _build(raw_rows) -> Table:
    """Find the header line, map the columns, and turn every later non-blank row into cleaned text."""
    raw_rows = iter(raw_rows)
    header, header_line = None, 0
    for line, row in enumerate(raw_rows, start=1):
        if sum(header_field(cell) is not None for cell in row) >= 2 and any(header_field(c) == "title" for c in row):
            header, header_line = row, line
            break
        if line >= HEADER_SEARCH_ROWS:
            break
    if header is None:
        raise RosterFileError(_NO_HEADER)

    positions: dict[str, int] = {}
    notes: list[str] = []
    for index, cell in enumerate(header):
        name = normalise_header(cell)
        if not name:
            continue
        field_name = header_field(cell)
        if field_name is None:
            if name not in IGNORED_HEADERS:
                notes.append(f"不认识的列「{name}」，已忽略。")
        elif field_name in positions:
            raise RosterFileError(f"「{BY_FIELD[field_name].header}」列出现了不止一次，请删去多余的一列。")
        else:
            positions[field_name] = index
    missing = [column.header for column in COLUMNS if column.required and column.field not in positions]
    if missing:
        raise RosterFileError(f"缺少必需的列：{'、'.join(missing)}。")

    rows: list[RawRow] = []
    blank_run = 0
    for line, row in enumerate(raw_rows, start=header_line + 1):
        cells, row_notes = {}, []
        for name, index in positions.items():
            text, note = _cell_text(name, row[index] if index < len(row) else None)
            cells[name] = text
            if note:
                row_notes.append(note)
        if not any(cells.values()):
            blank_run += 1
            if blank_run >= BLANK_RUN_ENDS_SHEET:
                break
            continue
        blank_run = 0
        if len(rows) >= MAX_ROWS:
            raise RosterFileError(f"文件超过 {MAX_ROWS} 行数据，请分成几个文件导入。")
        rows.append(RawRow(line, cells, row_notes))
    if not rows:
        raise RosterFileError("表头下面没有数据行。")
    return Table(list(positions), rows, notes)


def _cell_text(name: str, value: object) -> tuple[str, str | None]:
    """One cell as text, and a warning when the spreadsheet's type may have changed it."""
    column = BY_FIELD[name]
    if value is None:
        return "", None
    if isinstance(value, datetime):
        return (value.date().isoformat() if name == "awarded_on" else str(value)), None
    if isinstance(value, (date, time)):
        return value.isoformat(), None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, (int, float)):
        number = int(value) if float(value).is_integer() else value
        if name == "awarded_on" and isinstance(number, int) and not 19000101 <= number <= 21001231 and 0 < number < 2958466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(number).date().isoformat(), None  # a date cell that lost its date format
        if name == "staff_no":
            return str(number), "Excel 把工号存成了数字：若原工号以 0 开头，前导零已经丢失，请把工号列设为“文本”格式。"
        return str(number), None
    text = str(value)
    return ((clean_text(text) if column.text == "code" else clean_prose(text)) or ""), None
