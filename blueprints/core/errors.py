"""Friendly error pages in Chinese; htmx requests get a short message the page can show."""
from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

#: How a database says another writer held the lock longer than we wait (SQLite; PostgreSQL lock_timeout).
_BUSY_SIGNS = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock")


def is_busy(error: OperationalError) -> bool:
    """True when the database was only busy (worth retrying), not broken."""
    text = str(getattr(error, "orig", error)).lower()
    return any(sign in text for sign in _BUSY_SIGNS)

MESSAGES = {
    400: ("请求有误", "提交的内容无法处理，请返回重试。"),
    403: ("没有权限", "您没有权限访问这个页面。如需开通，请联系学校管理员。"),
    404: ("页面不存在", "您要找的页面不存在或已被移除。"),
    405: ("操作方式不正确", "这个地址不支持这种操作。"),
    413: ("文件太大", "上传的文件超过了 10 MB 的限制。"),
    503: ("系统繁忙", "系统繁忙，请稍后再试。您刚才的操作没有保存，请过一会儿重新提交。"),
    500: ("系统出错了", "服务器处理时出了问题，已记录下来。请稍后再试，或联系学校管理员。"),
}


def _render(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    template = "errors/_message.html" if request.headers.get("HX-Request") == "true" else "errors/error.html"
    # The 500 page leaves out the navigation: it must render even when the database is what failed.
    return render_template(template, code=code, title=title, message=detail or message, minimal=code >= 500), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return _render(400, "页面已过期或缺少安全令牌，请刷新页面后重新提交。")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return _render(error.code)

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        from app import db

        db.session.rollback()
        if not is_busy(error):
            app.logger.exception("Database error on %s %s", request.method, request.path)
            return _render(500)
        app.logger.warning("Database busy on %s %s: %s", request.method, request.path, error.orig)
        response, code = _render(503)
        return response, code, {"Retry-After": "5"}

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        from app import db

        db.session.rollback()
        return _render(500)
