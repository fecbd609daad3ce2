"""`rcapp demo [--if-empty]`: fill an empty database with the demo world and list its accounts."""

from __future__ import annotations

from collections import Counter

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.demo import world
from rcapp.demo.build import Built, DemoDataError, build_world
from rcapp.demo.table import accounts_table
from rcapp.scorecards.source import AnswersFileError


@click.command("demo")
@click.option(
    "--if-empty",
    is_flag=True,
    help="Do nothing if the database has any user (so `make run` can call it every time).",
)
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Create the demo world: parks, companies, working groups, users, cycles, assessments."""
    if _has_users():
        if if_empty:
            click.echo("数据库中已有用户，未创建演示数据。(Users exist: no demo data created.)")
            return
        raise click.ClickException(
            "数据库中已有用户；演示数据只能写入空数据库。(The database is not empty.)"
        )
    try:
        built = build_world(current_app.config["RUBRICS_DIR"])
    except (DemoDataError, AnswersFileError) as exc:
        raise click.ClickException(str(exc)) from exc
    db.session().commit()
    click.echo(f"演示账号（密码均为 {world.DEMO_PASSWORD}）/ demo accounts:\n")
    click.echo(accounts_table())
    click.echo("\n" + _summary(built))


def _has_users() -> bool:
    return db.session().scalar(select(User.id).limit(1)) is not None


def _summary(built: Built) -> str:
    current = [a for a in built.assessments if a.cycle.year == world.CURRENT_YEAR]
    statuses = Counter(str(a.status) for a in current)
    not_started = len(built.organisations) - len(current)
    return (
        f"{world.CURRENT_YEAR} 年度（开放，截止 {current[0].cycle.deadline.isoformat()}）："
        f"已提交 {statuses['submitted']}，已退回 {statuses['returned']}，"
        f"草稿 {statuses['draft']}，未开始 {not_started}；"
        f"{world.PREVIOUS_YEAR} 年度已关闭。"
    )
