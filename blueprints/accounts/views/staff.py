"""The staff roster: list with live search, a person's page, and the admin's create/edit/deactivate."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app import db
from blueprints.accounts.forms import StaffForm
from blueprints.accounts.listing import PAGE_SIZE, staff_page
from blueprints.accounts.models import Staff
from blueprints.accounts.passwords import generate_initial_password, set_password
from blueprints.accounts.services import staff_number_taken
from blueprints.core.access import admin_required, login_required
from blueprints.core.fragments import kept_fragment
from blueprints.core.htmx import page_or_drawn_part, redirect_to
from blueprints.core.paging import page_number

from . import bp
from .staff_groups import group_form


def _load(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        abort(404)
    return staff


@bp.get("/staff/")
@login_required
def staff_index():
    """All staff a page at a time, or those matching the search box as one types."""
    query = request.args.get("q", "").strip()
    show_inactive = current_user.is_admin and request.args.get("inactive") == "1"
    requested = page_number(request.args.get("page"))

    def draw_table() -> str:
        return render_template("accounts/_staff_table.html", **_table_context(query, requested, show_inactive))

    # A page of the roster is the same for everyone who may see it: drawn once and kept while no data changes.
    # What a search finds is drawn each time (people type many different searches).
    table = Markup(draw_table()) if query else kept_fragment("staff_table", (requested, show_inactive), draw_table)
    return page_or_drawn_part("accounts/staff_list.html", table, query=query, show_inactive=show_inactive)


def _table_context(query: str, requested: int, show_inactive: bool) -> dict:
    listing = staff_page(query, requested, include_inactive=show_inactive)
    page_no, total = listing.page_no, listing.total
    args = {"q": query or None, "inactive": "1" if show_inactive else None}
    return dict(
        rows=listing.rows,
        query=query,
        page_no=page_no,
        first_no=(page_no - 1) * PAGE_SIZE + 1,
        total=total,
        pages=-(-total // PAGE_SIZE) if total is not None and not query else None,
        previous_url=url_for("accounts.staff_index", page=page_no - 1, **args) if page_no > 1 else None,
        next_url=url_for("accounts.staff_index", page=page_no + 1, **args) if listing.has_next else None,
        # One url_for for the page instead of one per row: every row links to /staff/<id>.
        detail_prefix=url_for("accounts.staff_detail", staff_id=0)[:-1],
    )


@bp.get("/staff/<int:staff_id>")
@login_required
def staff_detail(staff_id: int):
    """A colleague's page; personal details only for the admin and the person."""
    staff = _load(staff_id)
    if not staff.is_active_member and not current_user.is_admin:
        abort(404)
    sees_private = current_user.is_admin or current_user.id == staff.id
    return render_template(
        "accounts/staff_detail.html",
        staff=staff,
        sees_private=sees_private,
        group_form=group_form() if current_user.is_admin else None,
    )


@bp.route("/staff/new", methods=["GET", "POST"])
@admin_required
def staff_create():
    """Create an account; the initial password is shown once and must be changed at first login."""
    form = StaffForm()
    if form.validate_on_submit():
        if staff_number_taken(form.staff_no.data):
            form.staff_no.errors.append("这个工号已被使用。")
        else:
            staff = Staff()
            form.populate_obj(staff)
            password = generate_initial_password()
            set_password(staff, password, must_change=True)
            db.session.add(staff)
            db.session.commit()
            flash(f"已添加 {staff.name}。初始密码：{password}（只显示这一次，请转告本人；首次登录须修改）", "success")
            return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))
    return render_template("accounts/staff_form.html", form=form, staff=None)


@bp.route("/staff/<int:staff_id>/edit", methods=["GET", "POST"])
@admin_required
def staff_edit(staff_id: int):
    """Edit a person's details and role."""
    staff = _load(staff_id)
    form = StaffForm(obj=staff)
    if form.validate_on_submit():
        if staff_number_taken(form.staff_no.data, except_id=staff.id):
            form.staff_no.errors.append("这个工号已被使用。")
        elif staff.id == current_user.id and form.role.data != "admin":
            form.role.errors.append("不能取消自己的管理员角色，请由另一位管理员操作。")
        else:
            form.populate_obj(staff)
            db.session.commit()
            flash("已保存。", "success")
            return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))
    return render_template("accounts/staff_form.html", form=form, staff=staff)


@bp.post("/staff/<int:staff_id>/deactivate")
@admin_required
def staff_deactivate(staff_id: int):
    """Deactivate: the person can no longer log in, but their history stays."""
    staff = _load(staff_id)
    if staff.id == current_user.id:
        flash("不能停用自己的账号。", "error")
    else:
        staff.is_active_member = False
        db.session.commit()
        flash(f"已停用 {staff.name} 的账号，历史记录保留。", "success")
    return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))


@bp.post("/staff/<int:staff_id>/reactivate")
@admin_required
def staff_reactivate(staff_id: int):
    """Let a deactivated person log in again."""
    staff = _load(staff_id)
    staff.is_active_member = True
    staff.failed_logins = 0
    staff.locked_until = None
    db.session.commit()
    flash(f"已恢复 {staff.name} 的账号。", "success")
    return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))


@bp.post("/staff/<int:staff_id>/reset-password")
@admin_required
def staff_reset_password(staff_id: int):
    """Give a new initial password (also lifts a lock); shown once, changed at next login."""
    staff = _load(staff_id)
    password = generate_initial_password()
    set_password(staff, password, must_change=True)
    staff.failed_logins = 0
    staff.locked_until = None
    db.session.commit()
    flash(f"{staff.name} 的新初始密码：{password}（只显示这一次；下次登录须修改）", "success")
    return redirect_to(url_for("accounts.staff_detail", staff_id=staff.id))
