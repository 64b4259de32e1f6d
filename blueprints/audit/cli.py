"""`flask audit prune`: delete entries older than the retention setting, nothing newer."""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app import db
from blueprints.audit.services import prune
from blueprints.core.security import security_now

audit_cli = AppGroup("audit", help="审计日志。")


@audit_cli.command("prune")
@click.option("--days", type=int, default=None, help="保留天数（默认取 AUDIT_RETENTION_DAYS）。")
def prune_command(days: int | None) -> None:
    """Delete audit entries older than the retention period."""
    keep = days if days is not None else current_app.config["AUDIT_RETENTION_DAYS"]
    if keep < 1:
        raise click.BadParameter("保留天数至少为 1 天。", param_hint="--days")
    removed = prune(security_now(), keep)  # retention is real time, like the stamps
    db.session.commit()
    click.echo(f"已删除 {removed} 条早于 {keep} 天的审计记录。")
