"""The roster as an .xlsx that the import reads back unchanged: same headers, same value words."""
from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.models import Membership, Staff

from .columns import COLUMNS, STATUS_HEADER, display, groups_text

SHEET_TITLE = "教职工名册"
TEXT_FIELDS = {"staff_no", "phone"}  #: stored as text cells so Excel keeps leading zeros
DATE_FORMAT = "yyyy-mm-dd"
_WIDTHS = {"staff_no": 12, "name": 10, "birth_date": 12, "phone": 14, "arrival_date": 12, "groups": 36}


def roster_people(*, include_inactive: bool = True) -> list[Staff]:
    """Everyone by staff number, memberships and groups loaded up front (three queries, whatever the size)."""
    statement = (
        select(Staff)
        .options(selectinload(Staff.memberships).selectinload(Membership.group))
        .order_by(Staff.is_active_member.desc(), Staff.staff_no)
    )
    if not include_inactive:
        statement = statement.where(Staff.is_active_member.is_(True))
    return list(db.session.scalars(statement))


def cell_value(person: Staff, field: str):
    """What the export writes for one field: real dates, and the same words the import accepts."""
    if field == "groups":
        return groups_text([(m.group.name, m.is_leader) for m in person.memberships if m.group.is_active])
    value = getattr(person, field)
    if isinstance(value, date) or value is None:
        return value
    return display(field, value)


def roster_workbook(people: list[Staff]) -> bytes:
    """An .xlsx of the given people with a header row, text staff numbers and date cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append([column.header for column in COLUMNS] + [STATUS_HEADER])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for person in people:
        values = [cell_value(person, column.field) for column in COLUMNS]
        sheet.append(values + ["在用" if person.is_active_member else "已停用"])
        for column, cell in zip(COLUMNS, sheet[sheet.max_row]):
            if column.field in TEXT_FIELDS:
                cell.number_format = "@"
            elif column.kind == "date":
                cell.number_format = DATE_FORMAT
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a name starting with = must stay text, never become a formula
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(column.field, 9)
        if column.field in TEXT_FIELDS:
            # Rows typed in later stay text too, so a new 0012 keeps its zero.
            sheet.column_dimensions[letter].number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

