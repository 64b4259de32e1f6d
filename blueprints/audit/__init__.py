"""The audit trail: who changed what and when, every sign-in; browsed by the admin, never edited."""
import os

from flask_sqlalchemy.session import Session

from blueprints.core.features import Feature, NavItem

from .capture import install_capture
from .cli import audit_cli
from .views import bp

install_capture(Session)


@bp.record_once
def _configure(state) -> None:
    # Environment first (like the other settings), explicit config (tests) wins.
    state.app.config.setdefault("AUDIT_RETENTION_DAYS", int(os.environ.get("AUDIT_RETENTION_DAYS", "183")))
    state.app.config.setdefault("LOGIN_ADDRESS_MAX_FAILURES", int(os.environ.get("LOGIN_ADDRESS_MAX_FAILURES", "20")))
    state.app.cli.add_command(audit_cli)


def _is_admin(user) -> bool:
    return user.is_admin


FEATURE = Feature(
    blueprint=bp,
    nav=[NavItem("审计日志", "audit.index", order=97, visible=_is_admin, active_prefix="audit.", tool=True, description="谁在何时改了什么；登录成功与失败。")],
)

__all__ = ["bp", "FEATURE"]
