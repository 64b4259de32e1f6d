"""成长档案: a teacher's lessons, observations, events, pairings, awards and certificates over chosen dates."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import abort, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict
from wtforms import DateField
from wtforms.validators import InputRequired, ValidationError

from app import db
from blueprints.accounts.models import Staff
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.forms import ColleagueField, Form

from ..access import may_read_archive, reads_others
from ..data import growth_archive
from ..excel import archive_workbook
from .common import Printing, pdf_response, xlsx_response
from . import bp

MAX_DAYS = 5 * 366


class ArchiveForm(Form):
    """Whose archive and over which dates (a GET form)."""

    class Meta:
        csrf = False

    staff = ColleagueField("教师")
    start = DateField("起始日期", validators=[InputRequired("请选择起始日期。")])
    end = DateField("截止日期", validators=[InputRequired("请选择截止日期。")])

    def validate_end(self, field) -> None:
        """The end comes after the start, within five years."""
        if self.start.data and field.data:
            if field.data < self.start.data:
                raise ValidationError("截止日期不能早于起始日期。")
            if (field.data - self.start.data).days > MAX_DAYS:
                raise ValidationError("时间段最长五年。")


def _archive_request(*, page: bool = False):
    """The validated form and the person, or the form with its errors.

    Only those who read others' archives pick a colleague; anyone else always gets their own, and a URL
    naming someone else is refused (403). On the page a leader's pick outside their groups is a field error."""
    today = clock.today()
    # Opened from the menu (no arguments): one's own archive of this year straight away.
    defaults = MultiDict({"staff": str(current_user.id), "start": date(today.year, 1, 1).isoformat(),
                          "end": today.isoformat()})
    form = ArchiveForm(request.args or defaults)
    picker = reads_others(current_user)
    person = None
    if form.validate():
        staff_id = form.staff.staff_id or current_user.id
        person = db.session.get(Staff, staff_id) or abort(404)
        if not may_read_archive(current_user, person):
            if not (page and picker):
                abort(403)
            form.staff.errors.append("只能查看本人或您负责的组织中成员的成长档案。")
            person = None
    return form, person, picker


def _query(form: ArchiveForm, person: Staff | None) -> str:
    """The archive's choices as a query string, for its PDF and Excel links."""
    if person is None:
        return ""
    choices = {"staff": person.id} if person.id != current_user.id else {}
    return urlencode(choices | {"start": form.start.data.isoformat(), "end": form.end.data.isoformat()})


@bp.get("/archive")
@login_required
def archive():
    """Choose a teacher (oneself by default) and dates; the archive's figures on screen, PDF and Excel links."""
    form, person, picker = _archive_request(page=True)
    data = growth_archive(person, form.start.data, form.end.data) if person else None
    return render_template("reports/archive.html", form=form, archive=data, picker=picker,
                           query=_query(form, person)), (200 if person or not request.args else 422)


@bp.get("/archive.pdf")
@login_required
def archive_pdf():
    """The growth archive as a PDF."""
    form, person, _ = _archive_request()
    if person is None:
        abort(400)
    data = growth_archive(person, form.start.data, form.end.data)
    printing = Printing("成长档案", f"{person.name}，{data.period.label}",
                        f"{url_for('reports.archive')}?{_query(form, person)}")
    return pdf_response("print/growth_archive.html", f"成长档案-{person.name}.pdf", "growth-archive.pdf",
                        printing=printing, title=f"{person.name} 成长档案", archive=data)


@bp.get("/archive.xlsx")
@login_required
def archive_xlsx():
    """The growth archive as a workbook."""
    form, person, _ = _archive_request()
    if person is None:
        abort(400)
    return xlsx_response(archive_workbook(growth_archive(person, form.start.data, form.end.data)),
                         f"成长档案-{person.name}.xlsx", "growth-archive.xlsx")
