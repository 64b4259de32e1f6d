"""Command-line tasks for accounts: creating the first administrator on a real installation."""
from __future__ import annotations

import click
from flask import Flask

from app import db


def register_cli(app: Flask) -> None:
    @app.cli.command("create-admin")
    @click.option("--staff-no", prompt="工号")
    @click.option("--name", prompt="姓名")
    @click.option("--gender", type=click.Choice(["F", "M"]), prompt="性别 (F/M)")
    @click.password_option(prompt="初始密码")
    def create_admin(staff_no: str, name: str, gender: str, password: str) -> None:
        """Create an administrator account (for a fresh installation without demo data)."""
        from blueprints.accounts.models import Staff
        from blueprints.accounts.passwords import password_problem, set_password
        from blueprints.accounts.services import staff_number_taken

        if staff_number_taken(staff_no):
            raise click.ClickException("这个工号已存在。")
        if problem := password_problem(staff_no, password):
            raise click.ClickException(problem)
        staff = Staff(staff_no=staff_no, name=name, gender=gender, role="admin")
        set_password(staff, password, must_change=False)
        db.session.add(staff)
        db.session.commit()
        click.echo(f"已创建管理员 {name}（{staff_no}）。")
