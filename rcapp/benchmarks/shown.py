"""Benchmark figures as the pages, the PDF and the lists show them, by the metric's kind.

A section score shows one decimal, as the result page shows scores (75.0, 75.3); a KPI
value follows the KPI rounding rule (scoring.rounding.kpi_figure) and prints as the
result page prints it (41 t, 2.5, 0.00071). One decimal for every figure of 10 and up
turned 41 t into "41.0" and 0.00071 into "0.001" beside the result page's own figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from rcapp.benchmarks.stats import KPI_PREFIX
from rcapp.figures import figure_text, row_texts
from rcapp.scoring.rounding import kpi_figure

_SCORE_STEP = Decimal("0.1")


def metric_figure(value: Decimal | None, metric: str) -> str:
    """Show a value, quartile or pooled figure of `metric` (section:<id> or kpi:<id>)."""
    if value is None:
        return "—"
    if metric.startswith(KPI_PREFIX):
        return figure_text(kpi_figure(value))
    return f"{value.quantize(_SCORE_STEP, rounding=ROUND_HALF_UP):f}"


def metric_column(values: Sequence[Decimal | None], metric: str) -> tuple[str, ...]:
    """Show one metric's figures of several members: a KPI's with the column's decimals.

    A phone's cards list one member after another: PS-02 read 0 on one card and 0.13 on
    the next (QA52 p6); as the reports' rows (figures.row_texts), 0.00 beside 0.13.
    """
    if not metric.startswith(KPI_PREFIX):
        return tuple(metric_figure(value, metric) for value in values)
    return row_texts(None if value is None else kpi_figure(value) for value in values)
