"""Read an uploaded roster (.xlsx or CSV) into plain rows of cleaned text, or say in Chinese why not."""
from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time

from blueprints.accounts.forms import clean_text

from .columns import BY_FIELD, COLUMNS, IGNORED_HEADERS, header_field, normalise_header

log = logging.getLogger(__name__)

MAX_ROWS = 2000
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_COLUMNS = 60
#: Rows searched for the header line (a title row above it is common).
HEADER_SEARCH_ROWS = 10
#: This many blank rows in a row end the sheet (formatting can run to row 1,048,576).
BLANK_RUN_ENDS_SHEET = 1000

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


class RosterFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, in Chinese."""


@dataclass
class RawRow:
    line: int  #: row number in the spreadsheet, as the admin sees it
    cells: dict[str, str]
    notes: list[str] = field(default_factory=list)


@dataclass
class Table:
    fields: list[str]  #: the columns present, as Staff fields
    rows: list[RawRow]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "fields": self.fields,
            "notes": self.notes,
            "rows": [{"line": r.line, "cells": r.cells, "notes": r.notes} for r in self.rows],
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Table":
        rows = [RawRow(r["line"], dict(r["cells"]), list(r["notes"])) for r in data["rows"]]
        return cls(list(data["fields"]), rows, list(data["notes"]))


def read_table(filename: str, data: bytes) -> Table:
    """Parse a roster upload into the roster's columns."""
    return _build(raw_rows(filename, data))


def raw_rows(filename: str, data: bytes):
    """The rows of an uploaded .xlsx or CSV as lists of cell values, for any import (roster, honours).

    The content decides the format, the name only helps word the error."""
    if not data:
        raise RosterFileError("文件是空的。")
    if len(data) > MAX_FILE_BYTES:
        raise RosterFileError(f"文件太大（超过 {MAX_FILE_BYTES // 1024 // 1024} MB），请分批导入。")
    if data.startswith(_OLE_MAGIC):
        raise RosterFileError("这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中“另存为” .xlsx 后再上传。")
    if data.startswith(_ZIP_MAGIC):
        return _xlsx_rows(data)
    if filename.lower().endswith(".xlsx"):
        raise RosterFileError("文件不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。请用 Excel 或 WPS 打开后另存为 .xlsx。")
    return _csv_rows(data)


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean the same to the admin
        log.info("roster upload is not a readable xlsx: %r", error)
        raise RosterFileError("无法读取这个 Excel 文件，可能已损坏或不是 .xlsx 格式。请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    try:
        sheets = [sheet for sheet in workbook.worksheets if hasattr(sheet, "iter_rows")]
        for sheet in sheets:
            sheet.reset_dimensions()  # some writers record a wrong size; read what is really there
            rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            head = []
            for _ in range(HEADER_SEARCH_ROWS):
                row = next(rows, None)
                if row is None:
                    break
                head.append(row)
            if any(header_field(cell) == "staff_no" for row in head for cell in row):
                yield from head
                yield from rows
                return
        raise RosterFileError(_NO_HEADER)
    except RosterFileError:
        raise
    except Exception as error:
        log.info("roster upload broke while reading: %r", error)
        raise RosterFileError("读取 Excel 文件时出错，文件可能已损坏。请用 Excel 或 WPS 打开后另存为 .xlsx。") from None
    finally:
        workbook.close()


def _csv_rows(data: bytes):
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise RosterFileError("文件不是文本格式的 CSV，也不是 .xlsx。请上传 .xlsx 或 .csv 文件。")
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line and "，" not in first_line else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        log.info("roster upload is not a readable CSV: %r", error)
        raise RosterFileError("CSV 文件格式有误，无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。") from None


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), then GBK/GB18030 as Chinese spreadsheet software saves it; UTF-16 if it says so."""
    encodings = ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError("无法识别 CSV 文件的文字编码，请另存为“CSV UTF-8”或 .xlsx 后再上传。")


_NO_HEADER = "没有找到表头：文件的前几行中应有一行列名，其中必须有「工号」。"


def find_header(rows, is_header, missing_message: str) -> tuple[int, list]:
    """Advance `rows` (an iterator) past the header line and return (line number, header row)."""
    for line, row in enumerate(rows, start=1):
        if is_header(row):
            return line, row
        if line >= HEADER_SEARCH_ROWS:
            break
    raise RosterFileError(missing_message)


def map_columns(header, columns, field_of, normalise, ignored) -> tuple[dict[str, int], list[str]]:
    """Where each known column is, and notes on the unknown ones; a repeated or missing required column ends the import."""
    by_field = {column.field: column for column in columns}
    positions: dict[str, int] = {}
    notes: list[str] = []
    for index, cell in enumerate(header):
        name = normalise(cell)
        if not name:
            continue
        field_name = field_of(cell)
        if field_name is None:
            if name not in ignored:
                notes.append(f"不认识的列「{name}」，已忽略。")
        elif field_name in positions:
            raise RosterFileError(f"「{by_field[field_name].header}」列出现了不止一次，请删去多余的一列。")
        else:
            positions[field_name] = index
    missing = [column.header for column in columns if column.required and column.field not in positions]
    if missing:
        raise RosterFileError(f"缺少必需的列：{'、'.join(missing)}。")
    return positions, notes


def collect_rows(rows, first_line: int, positions: dict[str, int], make_row) -> list[RawRow]:
    """Every non-blank data row as make_row(line, {field: value}) (None when blank); a long blank run ends the sheet."""
    collected: list[RawRow] = []
    blank_run = 0
    for line, row in enumerate(rows, start=first_line):
        built = make_row(line, {name: row[i] if i < len(row) else None for name, i in positions.items()})
        if built is None:
            blank_run += 1
            if blank_run >= BLANK_RUN_ENDS_SHEET:
                break
            continue
        blank_run = 0
        if len(collected) >= MAX_ROWS:
            raise RosterFileError(f"文件超过 {MAX_ROWS} 行数据，请分成几个文件导入。")
        collected.append(built)
    if not collected:
        raise RosterFileError("表头下面没有数据行。")
    return collected


def _build(raw_rows) -> Table:
    """Find the header line, map the columns, and turn every later non-blank row into cleaned text."""
    raw_rows = iter(raw_rows)
    header_line, header = find_header(
        raw_rows, lambda row: any(header_field(cell) == "staff_no" for cell in row), _NO_HEADER)
    positions, notes = map_columns(header, COLUMNS, header_field, normalise_header, IGNORED_HEADERS)
    absent = [column.header for column in COLUMNS if not column.required and column.field not in positions]
    if absent:
        notes.append(f"文件中没有这些列，已有人员的这些信息保持不变：{'、'.join(absent)}。")
    return Table(list(positions), collect_rows(raw_rows, header_line + 1, positions, _row), notes)


def _row(line: int, values: dict[str, object]) -> RawRow | None:
    if all(value is None or (isinstance(value, str) and not clean_text(value)) for value in values.values()):
        return None
    cells: dict[str, str] = {}
    notes: list[str] = []
    widened: list[str] = []
    for name, value in values.items():
        text, note = _cell_text(name, value)
        cells[name] = text
        if note:
            notes.append(note)
        if isinstance(value, str) and name != "groups" and text != value.strip():
            widened.append(BY_FIELD[name].header)
    if widened:
        notes.append(f"已将全角字符转为半角：{'、'.join(widened)}。")
    return RawRow(line, cells, notes)


def _cell_text(name: str, value: object) -> tuple[str, str | None]:
    """One cell as cleaned text, and a warning when the spreadsheet's type may have changed it."""
    kind = BY_FIELD[name].kind
    if value is None:
        return "", None
    if isinstance(value, bool):
        return ("是" if value else "否"), None
    if isinstance(value, datetime):
        return (value.date().isoformat() if kind == "date" else clean_text(str(value)) or ""), None
    if isinstance(value, date):
        return value.isoformat(), None
    if isinstance(value, time):
        return value.isoformat(), None
    if isinstance(value, (int, float)):
        number = int(value) if float(value).is_integer() else value
        if kind == "date" and isinstance(number, int) and not 19000101 <= number <= 21001231 and 0 < number < 2958466:
            from openpyxl.utils.datetime import from_excel

            return from_excel(number).date().isoformat(), None  # a date cell that lost its date format
        if kind == "staff_no":
            return str(number), (
                "Excel 把工号存成了数字：若原工号以 0 开头（如 0012），前导零已经丢失。"
                "请把工号列设为“文本”格式后重新填写。"
            )
        return str(number), None
    return clean_text(str(value)) or "", None
