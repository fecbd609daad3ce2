"""`rcapp benchmarks compute YEAR`: compute and freeze a cycle's peer-group benchmarks."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from rcapp import db
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.benchmarks.stats import MIN_GROUP_SIZE
from rcapp.cycles.models import ReportingCycle


@click.group("benchmarks")
def benchmarks_cli() -> None:
    """Peer-group benchmarks (对标)."""


@benchmarks_cli.command("compute")
@click.argument("year", type=int)
@click.option("--min-size", type=int, default=MIN_GROUP_SIZE, show_default=True)
@with_appcontext
def compute_command(year: int, min_size: int) -> None:
    """Compute the cycle's statistics from its submitted assessments and store them."""
    cycle = db.session().scalar(select(ReportingCycle).where(ReportingCycle.year == year))
    if cycle is None:
        raise click.ClickException(f"没有 {year} 年度的评价周期。(No cycle for {year}.)")
    if min_size < 2:
        raise click.ClickException("--min-size 至少为 2。(--min-size must be at least 2.)")
    groups = compute_benchmarks(cycle, None, min_size)
    db.session().commit()
    click.echo(f"{year}: {groups} 个同行组有统计数据 ({groups} peer groups with statistics).")
