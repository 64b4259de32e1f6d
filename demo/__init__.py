"""Demo data: `flask --app wsgi demo seed` fills an empty database with the demo school.

This package is the only place demo data lives; the app itself never imports it except to
register the command.
"""
from __future__ import annotations

import unicodedata

import click
from flask import Flask
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="演示数据。")


def register_cli(app: Flask) -> None:
    app.cli.add_command(demo_cli)


@demo_cli.command("seed")
def seed_command() -> None:
    """Fill an empty database with the demo school; leaves a database that has staff alone."""
    from sqlalchemy import func, inspect, select

    from app import db
    from blueprints.accounts.models import Staff
    from demo.features import seed_features
    from demo.school import SCHOOL_NAME, build_school, demo_logins

    if not inspect(db.engine).has_table(Staff.__tablename__):
        raise click.ClickException("数据库还没有建表，请先运行 flask --app wsgi db upgrade。")
    if db.session.scalar(select(func.count()).select_from(Staff)):
        click.echo("数据库已有数据，跳过演示数据。")
        return
    try:
        summary = build_school(db.session)
        feature_lines = seed_features(db.session)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise

    click.echo(f"已创建演示学校：{SCHOOL_NAME}")
    click.echo(f"  教职工 {summary.staff} 人（女 {summary.women} 人），党员 {summary.party_members} 名，"
               f"本学期新教师 {summary.newcomers} 人")
    click.echo(f"  组织与团队 {summary.groups} 个（成员 {summary.memberships} 人次），"
               f"学期 {summary.semesters} 个，当前学期：{summary.current_semester}")
    for line in feature_lines:
        click.echo(f"  {line}")
    click.echo("")
    click.echo("演示账号：")
    logins = demo_logins(db.session)
    label_width = max(_width(login.label) for login in logins)
    name_width = max(_width(login.name) for login in logins)
    for login in logins:
        click.echo(f"  {_pad(login.label, label_width)}  {login.staff_no}  "
                   f"{_pad(login.name, name_width)}  密码 {login.password}")


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
