"""成长档案: a teacher's lessons, observations, events, pairings, awards and certificates over chosen dates."""
from __future__ import annotations

from datetime import date

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select
from wtforms import DateField
from wtforms.validators import InputRequired, ValidationError

from app import db
from blueprints.accounts.models import Membership, Staff
from blueprints.core import clock
from blueprints.core.access import login_required
from blueprints.core.forms import ColleagueField, Form

from ..data import growth_archive
from ..excel import archive_workbook
from .common import pdf_response, xlsx_response
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


def may_read_archive(reader: Staff, person: Staff) -> bool:
    """Oneself, the admin, or a leader of a group the person belongs to."""
    if reader.id == person.id or reader.is_admin:
        return True
    led = select(Membership.group_id).where(Membership.staff_id == reader.id, Membership.is_leader.is_(True))
    return db.session.scalar(select(Membership.id).where(Membership.staff_id == person.id,
                                                         Membership.group_id.in_(led)).limit(1)) is not None


def _archive_request():
    """The validated form and the person, or the form with its errors; 403 for someone else's archive."""
    today = clock.today()
    form = ArchiveForm(request.args, start=date(today.year, 1, 1), end=today)
    if not request.args:
        form.staff.data = str(current_user.id)
    person = None
    if form.validate():
        staff_id = form.staff.staff_id or current_user.id
        person = db.session.get(Staff, staff_id) or abort(404)
        if not may_read_archive(current_user, person):
            abort(403)
    return form, person


@bp.get("/archive")
@login_required
def archive():
    """Choose a teacher (oneself by default) and dates; the archive's figures on screen, PDF and Excel links."""
    form, person = _archive_request()
    data = growth_archive(person, form.start.data, form.end.data) if person else None
    return render_template("reports/archive.html", form=form, archive=data, query=request.query_string.decode()), \
        (200 if person or not request.args else 422)


@bp.get("/archive.pdf")
@login_required
def archive_pdf():
    """The growth archive as a PDF."""
    form, person = _archive_request()
    if person is None:
        abort(400)
    data = growth_archive(person, form.start.data, form.end.data)
    return pdf_response("print/growth_archive.html", f"成长档案-{person.name}.pdf", "growth-archive.pdf",
                        title=f"{person.name} 成长档案", archive=data)


@bp.get("/archive.xlsx")
@login_required
def archive_xlsx():
    """The growth archive as a workbook."""
    form, person = _archive_request()
    if person is None:
        abort(400)
    return xlsx_response(archive_workbook(growth_archive(person, form.start.data, form.end.data)),
                         f"成长档案-{person.name}.xlsx", "growth-archive.xlsx")
