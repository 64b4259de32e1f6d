"""Personal sign-in codes: one's own on the phone, a new one when a badge is lost, badge sheets for the admin.

Opening a code page issues the code if the person has none yet. That is a write on a GET, on purpose:
issuing is idempotent (the same person always gets the same code back until it is re-issued), so it
behaves like a value computed on first use; re-issuing, which does change something, is a POST.
"""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from app import db
from blueprints.accounts.models import Group, Membership, Staff
from blueprints.core import clock
from blueprints.core.access import admin_required, login_required
from blueprints.core.downloads import download
from blueprints.core.htmx import redirect_to
from blueprints.core.pdf import PDF_MIMETYPE, html_to_pdf
from blueprints.kiosk.codes import badges_for, display_code, ensure_code, qr_data_uri, reissue_code
from blueprints.kiosk.forms import BadgeScopeForm, ConfirmForm, ReissueForm
from blueprints.kiosk.models import SignInCode

from . import bp


@bp.get("/my-code")
@login_required
def my_code():
    """我的签到码: a QR to show at the kiosk, and the code as text."""
    row = ensure_code(current_user, clock.now_utc())
    db.session.commit()
    return render_template("kiosk/my_code.html", code=display_code(row.code), issued_at=row.issued_at,
                           generation=row.generation, qr=qr_data_uri(row.code, scale=10), form=ConfirmForm())


@bp.post("/my-code/reissue")
@login_required
def reissue_mine():
    """A new code for oneself (a lost badge, a code someone else has seen); the old one stops working."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    reissue_code(current_user, clock.now_utc(), current_user)
    db.session.commit()
    flash("已生成新的签到码，旧签到码和旧胸牌已失效。", "success")
    return redirect_to(url_for("kiosk.my_code"))


@bp.get("/my-code/badge.pdf")
@login_required
def my_badge():
    """One's own badge as a PDF page, to print."""
    return _badge_pdf([current_user], f"签到胸牌-{current_user.name}.pdf", "badge.pdf")


def _active_staff(group_id: int | None = None, staff_id: int | None = None) -> list[Staff]:
    """Active staff by staff number: everyone, one group's members, or one person."""
    statement = select(Staff).where(Staff.is_active_member.is_(True)).order_by(Staff.staff_no)
    if group_id is not None:
        statement = statement.join(Membership, Membership.staff_id == Staff.id).where(Membership.group_id == group_id)
    if staff_id is not None:
        statement = statement.where(Staff.id == staff_id)
    return list(db.session.scalars(statement))


def _badge_pdf(people: list[Staff], filename: str, fallback: str):
    """The badge sheet of these people as a PDF download."""
    badges = badges_for(people, clock.now_utc(), current_user)
    db.session.commit()  # codes issued for the sheet must exist before anyone scans the paper
    html = render_template("print/badges.html", badges=badges, title="签到胸牌")
    return download(html_to_pdf(html), filename=filename, fallback=fallback, mimetype=PDF_MIMETYPE)


def _groups() -> list[Group]:
    """Active groups, for the choice of whose badges to print."""
    return list(db.session.scalars(select(Group).where(Group.is_active.is_(True)).order_by(Group.id)))


def _render_codes(form: ReissueForm | None = None, reissued: Staff | None = None):
    """The admin's codes page: how many have a code, badge sheets, re-issuing (with errors beside the picker)."""
    active = db.session.scalar(select(func.count()).select_from(Staff).where(Staff.is_active_member.is_(True)))
    issued = db.session.scalar(
        select(func.count()).select_from(SignInCode).join(Staff, Staff.id == SignInCode.staff_id)
        .where(Staff.is_active_member.is_(True))
    )
    return render_template("kiosk/codes.html", scope_form=BadgeScopeForm(groups=_groups()), form=form or ReissueForm(),
                           active=active, issued=issued, reissued=reissued)


@bp.get("/codes")
@admin_required
def codes():
    """Badge sheets to print (everyone or one group), and re-issuing a colleague's code."""
    reissued_id = request.args.get("reissued", type=int)
    return _render_codes(reissued=db.session.get(Staff, reissued_id) if reissued_id else None)


@bp.get("/codes/badges.pdf")
@admin_required
def badges():
    """A4 sheets of badges (name, staff number, QR) for everyone active, one group, or one person."""
    form = BadgeScopeForm(request.args, groups=_groups())
    staff_id = request.args.get("staff_id", type=int)
    if not form.validate():
        abort(400)
    people = _active_staff(group_id=form.group_id.data, staff_id=staff_id)
    if not people:
        flash("所选范围内没有在职教职工。", "error")
        return redirect_to(url_for("kiosk.codes"))
    group = db.session.get(Group, form.group_id.data) if form.group_id.data else None
    who = people[0].name if staff_id else (group.name if group else "全体")
    return _badge_pdf(people, f"签到胸牌-{who}.pdf", "badges.pdf")


@bp.post("/codes/reissue")
@admin_required
def reissue():
    """A new code for a colleague whose badge was lost; the old code stops working at once."""
    form = ReissueForm()
    person = None
    if form.validate_on_submit():
        person = db.session.get(Staff, form.staff_id.staff_id) if form.staff_id.staff_id else None
        if person is None or not person.is_active_member:
            form.staff_id.errors.append("找不到这位同事，请重新搜索选择。")
            person = None
    if person is None:
        return _render_codes(form)
    reissue_code(person, clock.now_utc(), current_user)
    db.session.commit()
    flash(f"已为 {person.name} 生成新的签到码，旧签到码和旧胸牌已失效。", "success")
    return redirect_to(url_for("kiosk.codes", reissued=person.id))
