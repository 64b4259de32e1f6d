"""The open-lesson compliance list as a PDF (the Excel is open lessons' own export)."""
from __future__ import annotations

from flask import abort, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app import db
from blueprints.accounts.models import Group
from blueprints.core.access import custom_access
from blueprints.open_lessons.services import compliance_report, groups_led_by
from blueprints.open_lessons.views.common import now, require_context

from .common import Printing, pdf_response, require_reader
from . import bp


@bp.get("/open-lessons/compliance.pdf")
@custom_access("group-leader")
def compliance_pdf():
    """Who has not declared, who is short of observations, feedback owed: the admin for all, leaders their groups."""
    require_reader()
    ctx = require_context()
    if current_user.is_admin:
        groups, allowed = db.session.scalars(select(Group).where(Group.is_active.is_(True))).all(), None
    else:
        groups = groups_led_by(current_user)
        allowed = [g.id for g in groups]
        if not allowed:
            abort(403)
    group_id = request.args.get("group", type=int)
    chosen = next((g for g in groups if g.id == group_id), None)
    report = compliance_report(ctx.semester, ctx.settings, now(), group_ids=[chosen.id] if chosen else allowed)
    lines = [(line.staff.name, line.phase_label, line.observed, line.target, line.feedback_given, line.feedback_owed,
              line.target_met) for line in report.teachers]
    name = f"公开课达标情况-{ctx.semester.name}" + (f"-{chosen.name}" if chosen else "")
    title = f"公开课达标情况 · {ctx.semester.name}" + (f" · {chosen.name}" if chosen else "")
    group = chosen.name if chosen else ("全部组织" if allowed is None else "我负责的组织")
    printing = Printing("公开课达标情况", f"{ctx.semester.name}，{group}", url_for("reports.index"))
    return pdf_response("print/compliance.html", f"{name}.pdf", "open-lessons-compliance.pdf", printing=printing,
                        title=title, lines=lines, not_declared=len(report.not_declared),
                        below_target=report.below_target, owed=len(report.owed), short=len(report.short),
                        group=group)
