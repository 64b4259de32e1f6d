"""Helpers the report views share: who may open the reports, and sending a PDF or a workbook."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from app import login_manager
from blueprints.core.downloads import download
from blueprints.core.pdf import PDF_MIMETYPE, html_to_pdf
from blueprints.events.access import organisable_groups

from ..data import now_label


def require_reader():
    """A logged-in admin or group leader (the people the 报表 menu is for); others get 403."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not current_user.is_admin and not organisable_groups(current_user):
        abort(403)


def pdf_response(template: str, filename: str, fallback: str, **context):
    """Render a print template (Noto Sans for reports) and send it as a PDF download."""
    html = render_template(template, printed_at=now_label(), **context)
    return download(html_to_pdf(html), filename=filename, fallback=fallback, mimetype=PDF_MIMETYPE)


def xlsx_response(content: bytes, filename: str, fallback: str):
    """Send a workbook download."""
    return download(content, filename=filename, fallback=fallback)
