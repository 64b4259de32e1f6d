"""Entering, changing and deleting one award by hand (the admin)."""
from __future__ import annotations

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from app import db
from blueprints.accounts.models import Staff
from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.core.forms import parse_id
from blueprints.core.htmx import redirect_to
from blueprints.honours.forms import AwardForm, DeleteForm
from blueprints.honours.models import RECIPIENT_KINDS, TITLE_SUGGESTIONS, UNGRADED, Award
from blueprints.honours.queries import active_groups
from blueprints.honours.services import HonourError, delete_award, draft_of, save_award

from . import bp


def _load(award_id: int) -> Award:
    award = db.session.get(Award, award_id)
    if award is None:
        abort(404)
    return award


def _page(form: AwardForm, kind: str, award: Award | None = None):
    """The form page; the colleague chosen so far is named under the search box."""
    staff_id = str(form.staff_id.data or "")
    picked = db.session.get(Staff, parse_id(staff_id)) if parse_id(staff_id) else None
    return render_template(
        "honours/form.html", form=form, kind=kind, kinds=RECIPIENT_KINDS, award=award, titles=TITLE_SUGGESTIONS,
        picked=picked,
    )


def _save(form: AwardForm, award: Award | None):
    """Validate and save; the page again with the messages beside the fields when something is wrong."""
    try:
        saved = save_award(form.draft(), actor=current_user, today=clock.today(), now=clock.now_utc(), award=award)
    except HonourError as error:
        db.session.rollback()
        target = getattr(form, error.field, None) if error.field else None
        (target.errors if target is not None else form.form_errors).append(error.message)
        return None
    db.session.commit()
    return saved


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create():
    """Enter an award of a teacher, a group or a pupil (the tabs choose which)."""
    kind = request.values.get("kind", "teacher")
    kind = kind if kind in RECIPIENT_KINDS else "teacher"
    # A pupil's award is mostly a published essay (no grade); a teacher's or a group's mostly a first prize.
    start = {"awarded_on": clock.today(), "grade": UNGRADED if kind == "pupil" else "一等奖"}
    form = AwardForm() if request.method == "POST" else AwardForm(formdata=None, **start)
    form.prepare(kind, active_groups())
    if form.validate_on_submit():
        award = _save(form, None)
        if award is not None:
            flash(f"已登记：{award.recipient_label} · {award.summary}。", "success")
            if request.form.get("again"):
                return redirect_to(url_for("honours.create", kind=kind))
            return redirect_to(url_for("honours.index", kind=kind))
    return _page(form, kind)


@bp.route("/<int:award_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(award_id: int):
    """Change an award; who won it stays of the same kind (teacher, group or pupil)."""
    award = _load(award_id)
    if request.method == "POST":
        form = AwardForm()
    else:
        draft = draft_of(award)
        form = AwardForm(formdata=None, obj=None, **{
            "staff_id": draft.staff_id or "", "group_id": draft.group_id, "pupil_name": draft.pupil_name,
            "pupil_class": draft.pupil_class, "title": draft.title, "category": draft.category, "level": draft.level,
            "grade": draft.grade, "awarded_on": draft.awarded_on, "issuer": draft.issuer, "note": draft.note,
        })
    form.prepare(award.recipient_kind, active_groups())
    if form.validate_on_submit() and _save(form, award) is not None:
        flash(f"已保存：{award.recipient_label} · {award.summary}。", "success")
        return redirect_to(url_for("honours.index"))
    return _page(form, award.recipient_kind, award)


@bp.post("/<int:award_id>/delete")
@admin_required
def delete(award_id: int):
    """Remove an award from the register."""
    award = _load(award_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    label = f"{award.recipient_label} · {award.summary}"
    delete_award(award)
    db.session.commit()
    flash(f"已删除：{label}。", "success")
    return redirect_to(request.referrer if _same_site(request.referrer) else url_for("honours.index"))


def _same_site(url: str | None) -> bool:
    """Only go back to a page of this app (the list with its filters), never elsewhere."""
    return bool(url) and url.startswith(request.host_url.rstrip("/") + url_for("honours.index"))
