"""Roster import (Excel/CSV with a preview, all or nothing) and export to Excel."""
from __future__ import annotations

from pathlib import PurePath

from flask import flash, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from app import db
from blueprints.accounts.forms import RosterConfirmForm, RosterUploadForm
from blueprints.accounts.models import GRADE_BANDS, POLITICAL_STATUSES, SUBJECTS, TITLES
from blueprints.accounts.passwords import hash_password
from blueprints.accounts.roster import (
    MAX_ROWS,
    Preview,
    RosterFileError,
    apply_import,
    build_preview,
    discard_upload,
    initial_password_problem,
    load_upload,
    read_table,
    roster_people,
    roster_workbook,
    save_upload,
)
from blueprints.accounts.roster.reading import MAX_FILE_BYTES
from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.core.downloads import download
from blueprints.core.htmx import redirect_to

from . import bp



def _upload_page(form: RosterUploadForm):
    return render_template(
        "accounts/roster_import.html",
        form=form,
        max_rows=MAX_ROWS,
        max_megabytes=MAX_FILE_BYTES // 1024 // 1024,
        choices={"任教学科": SUBJECTS, "年级段": GRADE_BANDS, "职称": TITLES, "政治面貌": POLITICAL_STATUSES},
    )


def _preview_page(preview: Preview, form: RosterConfirmForm, filename: str, problem: str | None = None):
    return render_template(
        "accounts/roster_preview.html", preview=preview, form=form, filename=filename, problem=problem
    )


@bp.route("/roster/import", methods=["GET", "POST"])
@admin_required
def roster_import():
    """The upload form; an uploaded file comes back as a preview, and nothing is written yet."""
    form = RosterUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = PurePath((upload.filename or "").replace("\\", "/")).name[:120]
        try:
            table = read_table(filename, upload.read(MAX_FILE_BYTES + 1))
        except RosterFileError as error:
            form.file.errors.append(str(error))
        else:
            token = save_upload(table, filename=filename, admin_id=current_user.id, now=clock.now_utc())
            preview = build_preview(table, acting_admin_id=current_user.id)
            return _preview_page(preview, RosterConfirmForm(formdata=None, token=token), filename)
    return _upload_page(form)


@bp.post("/roster/confirm")
@admin_required
def roster_confirm():
    """Check the stored upload again and write all of it in one transaction, or nothing."""
    form = RosterConfirmForm()
    stored = load_upload(form.token.data, admin_id=current_user.id, now=clock.now_utc()) if form.validate_on_submit() else None
    if stored is None:
        flash("这次导入的预览已失效（只保留 1 小时）或不存在，请重新上传文件。", "warning")
        return redirect_to(url_for("accounts.roster_import"))
    preview = build_preview(stored.table, acting_admin_id=current_user.id)
    if preview.has_errors:
        return _preview_page(preview, form, stored.filename, "名册中有错误行（可能是预览后有人修改了数据），没有导入任何数据。")
    if not preview.has_changes:
        discard_upload(stored.token)
        flash("名册没有需要导入的变化。", "info")
        return redirect_to(url_for("accounts.staff_index"))
    problem = initial_password_problem(preview, form.initial_password.data)
    if problem:
        form.initial_password.errors.append(problem)
        return _preview_page(preview, form, stored.filename)
    password_hash = hash_password(form.initial_password.data) if preview.having("create") else None
    try:
        created, updated = apply_import(preview, password_hash=password_hash)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _preview_page(
            build_preview(stored.table, acting_admin_id=current_user.id),
            form,
            stored.filename,
            "保存时与他人的修改冲突（例如同一工号刚被添加），没有导入任何数据。请检查后再确认。",
        )
    discard_upload(stored.token)
    message = f"名册已导入：新增 {created} 人，更新 {updated} 人。"
    if created:
        message += "新账号首次登录时须修改初始密码。"
    flash(message, "success")
    return redirect_to(url_for("accounts.staff_index"))


@bp.get("/roster/export")
@admin_required
def roster_export():
    """The whole roster as an .xlsx that can be edited and imported again as it is."""
    today = clock.today().isoformat()
    return download(roster_workbook(roster_people()), filename=f"教职工名册-{today}.xlsx", fallback=f"roster-{today}.xlsx")
