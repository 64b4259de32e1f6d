"""Honours import from Excel/CSV: upload, preview, confirm all or nothing — the roster import's way."""
from __future__ import annotations

from pathlib import PurePath

from flask import flash, render_template, url_for
from flask_login import current_user

from app import db
from blueprints.accounts.roster import discard_upload, load_upload, save_upload
from blueprints.core import clock
from blueprints.core.access import admin_required
from blueprints.core.downloads import download
from blueprints.core.htmx import redirect_to
from blueprints.honours.forms import ImportConfirmForm, ImportUploadForm
from blueprints.honours.services import lock_register
from blueprints.honours.importing import (
    MAX_FILE_BYTES, MAX_ROWS, Preview, RosterFileError, apply_import, build_preview, is_honours_table, read_honours,
    template_workbook,
)

from . import bp


def _upload_page(form: ImportUploadForm):
    return render_template(
        "honours/import.html", form=form, max_rows=MAX_ROWS, max_megabytes=MAX_FILE_BYTES // 1024 // 1024
    )


def _preview_page(preview: Preview, form: ImportConfirmForm, filename: str, problem: str | None = None):
    return render_template("honours/import_preview.html", preview=preview, form=form, filename=filename, problem=problem)


@bp.route("/import", methods=["GET", "POST"])
@admin_required
def import_upload():
    """The upload form; an uploaded file comes back as a preview, and nothing is written yet."""
    form = ImportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        filename = PurePath((upload.filename or "").replace("\\", "/")).name[:120]
        try:
            table = read_honours(filename, upload.read(MAX_FILE_BYTES + 1))
        except RosterFileError as error:
            form.file.errors.append(str(error))
        else:
            token = save_upload(table, filename=filename, admin_id=current_user.id, now=clock.now_utc(), kind="honours")
            preview = build_preview(table, today=clock.today())
            return _preview_page(preview, ImportConfirmForm(formdata=None, token=token), filename)
    return _upload_page(form)


@bp.post("/import/confirm")
@admin_required
def import_confirm():
    """Check the stored upload again and write all of it in one transaction, or nothing."""
    form = ImportConfirmForm()
    stored = load_upload(form.token.data, admin_id=current_user.id, now=clock.now_utc(), kind="honours") if form.validate_on_submit() else None
    if stored is None or not is_honours_table(stored.table):
        flash("这次导入的预览已失效（只保留 1 小时）或不存在，请重新上传文件。", "warning")
        return redirect_to(url_for("honours.import_upload"))
    lock_register()  # a second click waits here, then finds every row already registered
    preview = build_preview(stored.table, today=clock.today())
    if preview.has_errors:
        return _preview_page(preview, form, stored.filename, "文件中有错误行（可能是预览后有人修改了名册或荣誉册），没有导入任何数据。")
    if not preview.has_changes:
        discard_upload(stored.token)
        flash("文件中的获奖都已在荣誉册中，没有需要导入的内容。", "info")
        return redirect_to(url_for("honours.index"))
    created = apply_import(preview, actor=current_user, now=clock.now_utc())
    db.session.commit()
    discard_upload(stored.token)
    flash(f"荣誉册已导入：新增 {created} 条获奖记录。", "success")
    return redirect_to(url_for("honours.index"))


@bp.get("/import/template.xlsx")
@admin_required
def import_template():
    """An empty register sheet with the import's columns and a sheet of instructions."""
    return download(template_workbook(), filename="荣誉册导入模板.xlsx", fallback="honours-template.xlsx")
