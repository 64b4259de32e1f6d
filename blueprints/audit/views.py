"""The admin's view of the audit trail: browse and filter, nothing else (no edit, no delete)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, request
from sqlalchemy import func, or_, select
from wtforms import DateField, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from app import db
from blueprints.audit.labels import field_label, readable, staff_names
from blueprints.audit.models import AuditEntry
from blueprints.audit.services import ACTION_LABELS
from blueprints.audit.watched import OBJECT_LABELS
from blueprints.core.access import admin_required
from blueprints.core.clock import to_utc
from blueprints.core.forms import Form, clean_prose
from blueprints.core.htmx import render_page_or_partial

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    action = SelectField("操作", choices=[SelectChoice("", "全部")] + [SelectChoice(k, v) for k, v in ACTION_LABELS.items()], default="",
                         validate_choice=True)
    object_type = SelectField("对象", choices=[SelectChoice("", "全部")] + [SelectChoice(k, v) for k, v in OBJECT_LABELS.items()], default="",
                              validate_choice=True)
    who = StringField("操作人", filters=[clean_prose], validators=[Optional(), Length(max=40, message="最多 40 个字。")])
    since = DateField("从", validators=[Optional()])
    until = DateField("到", validators=[Optional()])

    def validate_until(self, field) -> None:
        if field.data and self.since.data and field.data < self.since.data:
            from wtforms.validators import ValidationError

            raise ValidationError("结束日期不能早于开始日期。")


def _query(form: AuditFilterForm):
    query = select(AuditEntry)
    if form.action.data:
        query = query.where(AuditEntry.action == form.action.data)
    if form.object_type.data:
        query = query.where(AuditEntry.object_type == form.object_type.data)
    if form.who.data:
        query = query.where(or_(AuditEntry.actor_label.contains(form.who.data, autoescape=True),
                                AuditEntry.summary.contains(form.who.data, autoescape=True)))
    if form.since.data:
        query = query.where(AuditEntry.at >= to_utc(datetime.combine(form.since.data, time())))
    if form.until.data:
        query = query.where(AuditEntry.at < to_utc(datetime.combine(form.until.data + timedelta(days=1), time())))
    return query


@bp.get("/")
@admin_required
def index():
    """The audit trail, newest first, filtered by action, object, person and dates; 50 a page."""
    form = AuditFilterForm(request.args)
    page = max(1, request.args.get("page", 1, type=int) or 1)
    entries, total = [], 0
    if form.validate():
        query = _query(form)
        total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        entries = db.session.scalars(
            query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        ).all()
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_page_or_partial(
        "audit/index.html", "audit/_entries.html", form=form, entries=entries, total=total, page_no=page,
        pages=max(1, -(-total // PAGE_SIZE)), args=args, action_labels=ACTION_LABELS, object_labels=OBJECT_LABELS,
        field_label=field_label, readable=readable, names=staff_names(entries),
    )
