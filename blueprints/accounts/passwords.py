"""Passwords and the login lockout: plain functions with the clock passed in."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app import db
from blueprints.accounts.models import Staff

MIN_PASSWORD_LENGTH = 8
COMMON_PASSWORDS = {
    "12345678", "123456789", "1234567890", "87654321", "11111111", "00000000", "88888888",
    "password", "password1", "qwertyui", "qwerty123", "abc12345", "abcd1234", "a1234567",
    "1qaz2wsx", "iloveyou", "woaini1314", "admin123", "admin1234", "123123123", "5201314520",
}
#: Letters and digits without look-alikes (0/O, 1/l/I), for passwords read aloud or printed.
_FRIENDLY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    return generate_password_hash(password, method=method) if method else generate_password_hash(password)


def generate_initial_password(length: int = 10) -> str:
    return "".join(secrets.choice(_FRIENDLY_ALPHABET) for _ in range(length))


def password_problem(staff_no: str, password: str) -> str | None:
    """Why a new password is not acceptable, in words for the user; None when it is fine."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"密码至少需要 {MIN_PASSWORD_LENGTH} 位。"
    if password == staff_no or password.lower() in COMMON_PASSWORDS:
        return "这个密码太容易被猜到，请换一个。"
    if len(set(password)) < 3:
        return "密码不能只由一两个字符重复组成。"
    return None


def set_password(staff: Staff, password: str, *, must_change: bool) -> None:
    staff.password_hash = hash_password(password)
    staff.must_change_password = must_change


@dataclass
class LoginResult:
    staff: Staff | None
    error: str | None = None


def authenticate(staff_no: str, password: str, now: datetime) -> LoginResult:
    """Check a login; count failures and lock the account after too many, telling the user for how long."""
    max_failures = current_app.config["LOGIN_MAX_FAILURES"]
    lock_minutes = current_app.config["LOGIN_LOCK_MINUTES"]
    generic = "工号或密码不正确。"
    staff = db.session.scalars(
        select(Staff).where(Staff.staff_no == staff_no.strip()).with_for_update()
    ).first()
    if staff is None:
        return LoginResult(None, generic)
    if staff.locked_until and staff.locked_until > now:
        minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
        return LoginResult(None, f"登录失败次数过多，账号已暂时锁定，请 {minutes} 分钟后再试。")
    if not staff.password_hash or not check_password_hash(staff.password_hash, password):
        staff.failed_logins = (staff.failed_logins or 0) + 1
        if staff.failed_logins >= max_failures:
            staff.failed_logins = 0
            staff.locked_until = now + timedelta(minutes=lock_minutes)
            return LoginResult(None, f"登录失败次数过多，账号已锁定 {lock_minutes} 分钟。")
        left = max_failures - staff.failed_logins
        return LoginResult(None, f"{generic}再错 {left} 次账号将被暂时锁定。")
    if not staff.is_active_member:
        return LoginResult(None, "该账号已停用，请联系学校管理员。")
    staff.failed_logins = 0
    staff.locked_until = None
    return LoginResult(staff)
