"""`flask certificates prune-jobs`: delete batch PDFs older than the keeping period, and leftover files."""
from __future__ import annotations

import click
from flask.cli import AppGroup

from app import db
from blueprints.core.clock import now_utc

from . import jobs

certificates_cli = AppGroup("certificates", help="证书。")


@certificates_cli.command("prune-jobs")
@click.option("--days", type=int, default=None, help="保留天数（默认取 CERTIFICATE_JOB_KEEP_DAYS）。")
def prune_jobs_command(days: int | None) -> None:
    """Delete batch PDFs older than the keeping period; their pages then say the file has expired."""
    keep = days if days is not None else jobs.keep_days()
    if keep < 1:
        raise click.BadParameter("保留天数至少为 1 天。", param_hint="--days")
    expired = jobs.prune(now_utc(), keep)
    db.session.commit()
    click.echo(f"已清理 {expired} 个超过 {keep} 天的批量打印文件。")
