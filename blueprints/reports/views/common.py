"""Helpers the report views share: who may open the reports, and sending a PDF or a workbook."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, current_app, flash, render_template, request
from flask_login import current_user

from app import login_manager
from blueprints.core.downloads import download
from blueprints.core.htmx import redirect_to
from blueprints.core.pdf import PDF_MIMETYPE, html_to_pdf

from ..access import reads_others
from ..data import now_label

#: The longest reason quoted from the PDF engine (its messages can carry whole stack details).
REASON_CHARS = 200


def require_reader():
    """A logged-in admin or group leader (the people the 报表 menu is for); others get 403."""
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    if not reads_others(current_user):
        abort(403)


@dataclass(frozen=True)
class Printing:
    """What is being printed, in the user's words, for the message when it cannot be: 签到表 of which event."""

    report: str  #: 签到表
    item: str  #: 活动“教师成长沙龙”（2026年9月9日）
    back: str  #: the page to return to when no same-site page sent the user


def failure_message(printing: Printing, error: Exception) -> str:
    """The Chinese message naming the report, the item and the reason."""
    reason = (str(error).strip().rstrip("。.") or type(error).__name__)[:REASON_CHARS]
    return (f"{printing.report}（{printing.item}）的 PDF 生成失败：{reason}。"
            "请稍后再试；如果一再失败，请把这条提示告诉管理员。")


def _return_to(default: str) -> str:
    """The page the download link was on, if it is on this site; else the report's own page."""
    referrer = request.referrer
    if referrer and urlsplit(referrer).netloc == request.host and urlsplit(referrer).scheme in ("http", "https"):
        return referrer
    return default


def pdf_response(template: str, filename: str, fallback: str, *, printing: Printing, **context):
    """Render a print template (Noto Sans for reports) and send it as a PDF; if the PDF cannot be made, go
    back to the page the user came from with a message saying which report, which item and why."""
    html = render_template(template, printed_at=now_label(), **context)
    try:
        content = html_to_pdf(html)
    except Exception as error:  # noqa: BLE001  (any engine failure becomes a message, the log keeps the trace)
        current_app.logger.exception("report PDF failed: %s %s", printing.report, printing.item)
        flash(failure_message(printing, error), "error")
        return redirect_to(_return_to(printing.back))
    return download(content, filename=filename, fallback=fallback, mimetype=PDF_MIMETYPE)


def xlsx_response(content: bytes, filename: str, fallback: str):
    """Send a workbook download."""
    return download(content, filename=filename, fallback=fallback)
