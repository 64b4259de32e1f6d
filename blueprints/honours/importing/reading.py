"""Read an uploaded honours file (.xlsx or CSV) into rows of cleaned text, with the roster import's reader.

The roster's reader (blueprints/accounts/roster/reading.raw_rows) turns the upload into raw rows: its
format checks, its .xlsx sheet walk and its CSV decoding (UTF-8 or GB18030). Only the header line and
the cells are read here, because the honours columns are not the roster's."""
from __future__ import annotations

from datetime import date, datetime, time

from blueprints.accounts.forms import clean_text
from blueprints.accounts.roster.reading import (
    MAX_FILE_BYTES, MAX_ROWS, RawRow, RosterFileError, Table, collect_rows, find_header, map_columns, raw_rows,
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
    header_line, header = find_header(raw_rows, _is_header, _NO_HEADER)
    positions, notes = map_columns(header, COLUMNS, header_field, normalise_header, IGNORED_HEADERS)
    return Table(list(positions), collect_rows(raw_rows, header_line + 1, positions, _row), notes)


def _is_header(row) -> bool:
    fields = [header_field(cell) for cell in row]
    return sum(name is not None for name in fields) >= 2 and "title" in fields


def _row(line: int, values: dict[str, object]) -> RawRow | None:
    cells, notes = {}, []
    for name, value in values.items():
        cells[name], note = _cell_text(name, value)
        if note:
            notes.append(note)
    return RawRow(line, cells, notes) if any(cells.values()) else None


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
