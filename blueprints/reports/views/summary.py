"""The reports menu, and the semester summary of the whole model (admin) as PDF and Excel."""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Semester
from blueprints.core.access import admin_required, login_required
from blueprints.dashboard.periods import Period
from blueprints.events.access import organisable_groups
from blueprints.events.models import Event

from ..access import reads_others
from ..data import semester_summary
from ..excel import summary_workbook
from .common import Printing, pdf_response, xlsx_response
from . import bp

RECENT_EVENTS = 30


@bp.get("/")
@login_required
def index():
    """报表 for the admin and group leaders: compliance, 签到表, growth archives, (admin) the semester summary.
    A teacher has only their own 成长档案 here, so they are sent straight to it."""
    if not reads_others(current_user):
        return redirect(url_for("reports.archive"))
    statement = select(Event).where(Event.status == "held").order_by(Event.starts_at.desc()).limit(RECENT_EVENTS)
    if not current_user.is_admin:
        statement = statement.where(Event.group_id.in_([g.id for g in organisable_groups(current_user)]))
    semesters = db.session.scalars(select(Semester).order_by(Semester.start_date.desc())).all()
    return render_template("reports/index.html", events=db.session.scalars(statement).all(), semesters=semesters)


def _period() -> Period:
    """The semester chosen (?semester=id), else the current one; 404 when there is none."""
    semester_id = request.args.get("semester", type=int)
    statement = select(Semester).where(Semester.id == semester_id) if semester_id else \
        select(Semester).where(Semester.is_current.is_(True))
    semester = db.session.scalars(statement).first() or abort(404)
    return Period("semester", semester.name, semester.start_date, semester.end_date, (semester.id,))


@bp.get("/summary.pdf")
@admin_required
def summary_pdf():
    """The semester summary: pairings, lessons, observations, events, attendance, honours, with charts."""
    period = _period()
    printing = Printing("学期工作总结", period.label, url_for("reports.index"))
    return pdf_response("print/semester_summary.html", f"青春帮带学期总结-{period.label}.pdf", "semester-summary.pdf",
                        printing=printing, title=f"青春帮带工作总结 · {period.label}", summary=semester_summary(period),
                        period=period)


@bp.get("/summary.xlsx")
@admin_required
def summary_xlsx():
    """The semester summary's counts as a workbook."""
    period = _period()
    return xlsx_response(summary_workbook(semester_summary(period)), f"青春帮带学期总结-{period.label}.xlsx",
                         "semester-summary.xlsx")
