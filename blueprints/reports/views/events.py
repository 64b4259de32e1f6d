"""签到表 of an event, for the paper archive: PDF with an empty signature column, and the same as Excel."""
from __future__ import annotations

from flask import url_for

from blueprints.core import clock
from blueprints.events.access import organiser_required

from ..data import attendance_sheet
from ..excel import attendance_workbook
from .common import Printing, pdf_response, xlsx_response
from . import bp


def _heading(event) -> str:
    """When and where, as the sheet's subtitle."""
    start = clock.to_local(event.starts_at)
    return f"{start.year}年{start.month}月{start.day}日 {start:%H:%M} · {event.place}"


@bp.get("/events/<int:event_id>/sign-sheet.pdf")
@organiser_required
def sign_sheet(event):
    """The 签到表 PDF: registered people then walk-ins, time signed in, a column to sign (organisers only)."""
    heading = _heading(event)
    printing = Printing("签到表", f"活动“{event.title}”，{heading}", url_for("events.manage", event_id=event.id))
    return pdf_response("print/sign_sheet.html", f"签到表-{event.title}.pdf", f"sign-sheet-{event.id}.pdf",
                        printing=printing, title=f"{event.title} 签到表", heading=heading, rows=attendance_sheet(event))


@bp.get("/events/<int:event_id>/sign-sheet.xlsx")
@organiser_required
def sign_sheet_xlsx(event):
    """The same 签到表 as a workbook, to count."""
    return xlsx_response(attendance_workbook(event.title, attendance_sheet(event)),
                         f"签到表-{event.title}.xlsx", f"sign-sheet-{event.id}.xlsx")
