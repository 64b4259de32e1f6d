"""Log in, log out, change the password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app import db
from blueprints.accounts.forms import ChangePasswordForm, LoginForm
from blueprints.accounts.passwords import authenticate, password_problem, set_password
from blueprints.audit.services import client_address, failures_from_address, record
from blueprints.core.access import login_required, public
from blueprints.core.htmx import redirect_to
from blueprints.core.security import security_now
from werkzeug.security import check_password_hash

from . import bp


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    if any(ch in target for ch in "\\\r\n\t"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log in with staff number and password; too many failures lock the account for a while."""
    if current_user.is_authenticated:
        return redirect_to(url_for("core.index"))
    form = LoginForm(next=request.args.get("next", ""))
    error = None
    if form.validate_on_submit():
        address = client_address()
        # Lockouts run on the security clock (real time), never the business clock a demo may pin.
        now = security_now()
        if failures_from_address(address, now) >= current_app.config["LOGIN_ADDRESS_MAX_FAILURES"]:
            # Many accounts guessed from one address: stop answering it for a while, whatever the account.
            minutes = current_app.config["LOGIN_LOCK_MINUTES"]
            record(None, "login.failed", summary=f"{form.staff_no.data.strip()[:40]}：该地址已被暂时禁止登录")
            db.session.commit()
            error = f"这台电脑登录失败次数过多，请 {minutes} 分钟后再试。"
            return render_template("accounts/login.html", form=form, error=error)
        result = authenticate(form.staff_no.data, form.password.data, now)
        if result.staff is not None:
            record(result.staff, "login.success", result.staff, summary=f"{result.staff.name}（{result.staff.staff_no}）")
        else:
            record(None, "login.failed", summary=f"{form.staff_no.data.strip()[:40]}：{result.error}")
        db.session.commit()  # failures and locks are kept even though the login fails
        if result.staff is not None:
            login_user(result.staff)
            session["last_seen"] = now.isoformat(timespec="seconds")  # the idle clock starts now
            return redirect_to(safe_next(form.next.data) or url_for("core.index"))
        error = result.error
    return render_template("accounts/login.html", form=form, error=error)


@bp.post("/logout")
@login_required
def logout():
    """Log out and return to the login page."""
    logout_user()
    flash("您已退出登录。", "info")
    return redirect_to(url_for("accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password; required at first login for accounts an admin created."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not check_password_hash(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("当前密码不正确。")
        elif form.new_password.data == form.current_password.data:
            form.new_password.errors.append("新密码不能与当前密码相同。")
        elif problem := password_problem(current_user.staff_no, form.new_password.data):
            form.new_password.errors.append(problem)
        else:
            set_password(current_user, form.new_password.data, must_change=False)
            db.session.commit()
            flash("密码已修改。", "success")
            return redirect_to(url_for("core.index"))
    return render_template("accounts/change_password.html", form=form)
