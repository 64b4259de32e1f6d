"""Compliance (达标情况) for the admin and group leaders, on screen and as an Excel file."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from app import db, login_manager
from blueprints.accounts.models import Group
from blueprints.core.downloads import download
from blueprints.core.access import custom_access
from blueprints.core.htmx import render_page_or_partial
from blueprints.open_lessons.export import compliance_workbook
from blueprints.open_lessons.forms import ComplianceFilterForm
from blueprints.open_lessons.services import TEACHING_SUBJECTS, compliance_report, groups_led_by

from . import bp
from .common import now, require_context



def _scope():
    """Who may see what: the admin all teachers and any group; a group leader only the groups they lead."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if current_user.is_admin:
        groups = list(db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id)))
        return groups, None
    led = groups_led_by(current_user)
    if not led:
        abort(403)
    return led, [g.id for g in led]


def _filtered():
    groups, allowed = _scope()
    ctx = require_context()
    form = ComplianceFilterForm(request.args)
    form.group.choices = [SelectChoice("", "全部组织" if allowed is None else "我负责的全部组织")] + [SelectChoice(g.id, g.name) for g in groups]
    subject = form.subject.data if form.subject.data in TEACHING_SUBJECTS else ""
    group_id = form.group.data if form.group.data in {g.id for g in groups} else None
    group_ids = [group_id] if group_id else allowed
    report = compliance_report(ctx.semester, ctx.settings, now(), subject=subject, group_ids=group_ids)
    chosen = next((g for g in groups if g.id == group_id), None)
    return ctx, form, report, subject, chosen


@bp.get("/compliance")
@custom_access("group-leader")
def compliance():
    """Not declared, short of observers, feedback owed, and lessons observed per teacher; by subject and group."""
    ctx, form, report, subject, group = _filtered()
    return render_page_or_partial(
        "open_lessons/compliance.html", "open_lessons/_compliance_tables.html",
        ctx=ctx, form=form, report=report, subject=subject, group=group, query=request.query_string.decode(),
    )


@bp.get("/compliance.xlsx")
@custom_access("group-leader")
def compliance_export():
    """The same compliance picture, filtered the same way, as an .xlsx workbook."""
    ctx, _form, report, subject, group = _filtered()
    parts = ["公开课达标情况", ctx.semester.name] + [p for p in (subject, group.name if group else "") if p]
    workbook = compliance_workbook(report, subject=subject, group=group.name if group else "")
    return download(workbook, filename="-".join(parts) + ".xlsx", fallback="open-lessons-compliance.xlsx")
