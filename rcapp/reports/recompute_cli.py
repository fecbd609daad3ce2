"""`rcapp results recompute --year YEAR`: recompute an open year's stored results (operators).

After an upgrade that changes how results are computed, the operator recomputes the open
year's stored results here, in this process (the worker need not run); the secretariat does
the same from the year's page as a job. A closed year is refused: its results are frozen.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from rcapp import db
from rcapp.errors import InvalidState
from rcapp.organisations.models import Organisation
from rcapp.reports.cli import cycle_or_fail
from rcapp.reviews.recompute import YearRecomputed, recompute_year


@click.group("results")
def results_cli() -> None:
    """Recompute the stored results of an open year with today's code."""


@results_cli.command("recompute")
@click.option("--year", type=int, required=True, help="the open year whose results to recompute")
@with_appcontext
def recompute_command(year: int) -> None:
    """Recompute the year's stored self and final results and its peer-group statistics."""
    cycle = cycle_or_fail(year)
    if not cycle.is_open:
        raise click.ClickException(_closed(year))
    try:
        found = recompute_year(cycle, None, checkpoint=lambda _found: db.session().commit())
    except InvalidState as exc:  # closed while it ran: the chunks done are kept
        db.session().rollback()
        raise click.ClickException(_closed(year)) from exc
    db.session().commit()
    _report(found)


def _closed(year: int) -> str:
    return (
        f"{year} 年度已关闭：已关闭年度的结果已冻结，不重新计算。"
        f" (The year {year} is closed: its results are frozen and never recomputed.)"
    )


def _report(found: YearRecomputed) -> None:
    results, rewritten = found.results, len(found.rewritten)
    click.echo(
        f"{found.year}: 重新计算 {results} 份已存结果，{rewritten} 份有变化并已更新"
        f" ({results} stored results recomputed, {rewritten} changed and rewritten)."
    )
    if found.statistics:
        click.echo("已重新计算同行组统计数据 (peer-group statistics recomputed).")
    kinds = {"self": "自评结果 self result", "final": "最终结果 final result"}
    for change in found.rating_changes:
        organisation = db.session().get(Organisation, change.organisation_id)
        name = organisation.name_zh if organisation is not None else change.organisation_id
        click.echo(
            f"  {name} (assessment {change.assessment_id}),"
            f" {kinds.get(change.kind, change.kind)}:"
            f" {_stars(change.stars_before, change.rated_before)}"
            f" → {_stars(change.stars_after, change.rated_after)}"
        )
    if not found.rating_changes:
        click.echo("星级没有变化 (no star rating changed).")


def _stars(stars: int, rated: bool) -> str:
    if not rated:
        return "未评星 (not rated)"
    # a rated 0 falls short of the lowest band: no rating of "0★" (rating_words.star_count_text)
    return f"{stars}★" if stars else "未达 1 星 (below 1 star)"
