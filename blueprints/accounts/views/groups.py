"""Groups (党支部, 工会, 妇委会 ...) and their members; leaders manage their own group's members."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import db
from blueprints.accounts.forms import GroupForm, MembershipForm
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.accounts.services import leads_group, remove_membership, set_membership
from blueprints.core.access import admin_required, login_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import is_htmx, redirect_to

from . import bp


def _load(group_id: int) -> Group:
    group = db.session.get(Group, group_id)
    if group is None:
        abort(404)
    return group


def _may_manage_members(group: Group) -> bool:
    return current_user.is_admin or leads_group(current_user, group.id)


def _members(group: Group) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.staff)
            .where(Membership.group_id == group.id)
            .options(selectinload(Membership.staff))
            .order_by(Membership.is_leader.desc(), Staff.staff_no)
        )
    )


def _members_response(group: Group, form: MembershipForm | None = None):
    """The member list: a partial for htmx, otherwise back to the group's page."""
    if is_htmx():
        return render_template(
            "accounts/_group_members.html",
            group=group,
            members=_members(group),
            form=form or MembershipForm(),
            may_manage=True,
        )
    return redirect_to(url_for("accounts.group_detail", group_id=group.id))


@bp.get("/groups/")
@login_required
def group_index():
    """Every group with its leaders and size."""
    groups = list(db.session.scalars(select(Group).order_by(Group.is_active.desc(), Group.id)))
    counts = dict(db.session.execute(select(Membership.group_id, func.count()).group_by(Membership.group_id)).all())
    leaders: dict[int, list[str]] = {}
    for group_id, name in db.session.execute(
        select(Membership.group_id, Staff.name).join(Membership.staff).where(Membership.is_leader.is_(True))
    ):
        leaders.setdefault(group_id, []).append(name)
    return render_template("accounts/groups.html", groups=groups, counts=counts, leaders=leaders)


@bp.get("/groups/<int:group_id>")
@login_required
def group_detail(group_id: int):
    """A group's members; its leaders and the admin can add and remove them."""
    group = _load(group_id)
    return render_template(
        "accounts/group_detail.html",
        group=group,
        members=_members(group),
        form=MembershipForm(),
        may_manage=_may_manage_members(group),
    )


@bp.route("/groups/new", methods=["GET", "POST"])
@admin_required
def group_create():
    """Create a group."""
    form = GroupForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Group.id).where(Group.name == form.name.data)):
            form.name.errors.append("已有同名的组织。")
        else:
            group = Group()
            form.populate_obj(group)
            db.session.add(group)
            db.session.commit()
            flash(f"已创建「{group.name}」。", "success")
            return redirect_to(url_for("accounts.group_detail", group_id=group.id))
    return render_template("accounts/group_form.html", form=form, group=None)


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@admin_required
def group_edit(group_id: int):
    """Rename a group or change its kind and description."""
    group = _load(group_id)
    form = GroupForm(obj=group)
    if form.validate_on_submit():
        if db.session.scalar(select(Group.id).where(Group.name == form.name.data, Group.id != group.id)):
            form.name.errors.append("已有同名的组织。")
        else:
            form.populate_obj(group)
            db.session.commit()
            flash("已保存。", "success")
            return redirect_to(url_for("accounts.group_detail", group_id=group.id))
    return render_template("accounts/group_form.html", form=form, group=group)


@bp.post("/groups/<int:group_id>/members")
@login_required
def group_member_add(group_id: int):
    """Add a colleague to the group (leaders are set by the admin only)."""
    group = _load(group_id)
    if not _may_manage_members(group):
        abort(403)
    form = MembershipForm()
    if form.validate_on_submit():
        staff = db.session.get(Staff, parse_id(form.staff_id.data)) if parse_id(form.staff_id.data) else None
        if staff is None or not staff.is_active_member:
            form.staff_id.errors.append("找不到这位同事，请重新搜索选择。")
        else:
            set_membership(group, staff, is_leader=bool(form.is_leader.data) and current_user.is_admin)
            db.session.commit()
            if not is_htmx():
                flash(f"已将 {staff.name} 加入「{group.name}」。", "success")
            return _members_response(group)
    if not is_htmx():
        flash(form.staff_id.errors[0] if form.staff_id.errors else "请先搜索并选择一位同事。", "error")
    return _members_response(group, form)


@bp.post("/groups/<int:group_id>/members/<int:staff_id>/remove")
@login_required
def group_member_remove(group_id: int, staff_id: int):
    """Remove a member; a leader cannot remove a fellow leader (the admin can)."""
    group = _load(group_id)
    staff = db.session.get(Staff, staff_id) or abort(404)
    if not _may_manage_members(group):
        abort(403)
    if not current_user.is_admin and leads_group(staff, group.id):
        abort(403)
    remove_membership(group, staff)
    db.session.commit()
    return _members_response(group)


@bp.post("/groups/<int:group_id>/members/<int:staff_id>/leader")
@admin_required
def group_member_leader(group_id: int, staff_id: int):
    """Make a member a leader of the group, or no longer one."""
    group = _load(group_id)
    staff = db.session.get(Staff, staff_id) or abort(404)
    make_leader = request.form.get("leader") == "1"
    set_membership(group, staff, is_leader=make_leader)
    db.session.commit()
    return _members_response(group)
