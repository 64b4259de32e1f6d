"""The admin's view of one person's groups: join a group, lead it, or leave it, from the person's page."""
from __future__ import annotations

from flask import abort, flash, render_template, url_for
from wtforms import SelectChoice
from sqlalchemy import select

from app import db
from blueprints.accounts.forms import StaffGroupForm
from blueprints.accounts.models import Group, Staff
from blueprints.accounts.services import remove_membership, set_membership
from blueprints.core.access import admin_required
from blueprints.core.htmx import is_htmx, redirect_to

from . import bp


def group_form() -> StaffGroupForm:
    form = StaffGroupForm()
    groups = db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id))
    form.group_id.choices = [SelectChoice(group.id, group.name) for group in groups]
    return form


def _answer(staff: Staff, form: StaffGroupForm | None = None):
    if is_htmx():
        db.session.refresh(staff)
        return render_template("accounts/_staff_groups.html", staff=staff, group_form=form or group_form())
    return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))


def _load(staff_id: int) -> Staff:
    return db.session.get(Staff, staff_id) or abort(404)


@bp.post("/staff/<int:staff_id>/groups")
@admin_required
def staff_group_add(staff_id: int):
    """Put the person in a group, as a member or a leader (or change which)."""
    staff = _load(staff_id)
    form = group_form()
    if form.validate_on_submit():
        group = db.session.get(Group, form.group_id.data)
        set_membership(group, staff, is_leader=bool(form.is_leader.data))
        db.session.commit()
        if not is_htmx():
            flash(f"已将 {staff.name} 加入「{group.name}」。", "success")
    elif not is_htmx():
        flash("请选择一个组织。", "error")
    return _answer(staff, form if form.errors else None)


@bp.post("/staff/<int:staff_id>/groups/<int:group_id>/remove")
@admin_required
def staff_group_remove(staff_id: int, group_id: int):
    """Take the person out of a group."""
    staff = _load(staff_id)
    group = db.session.get(Group, group_id) or abort(404)
    remove_membership(group, staff)
    db.session.commit()
    return _answer(staff)
