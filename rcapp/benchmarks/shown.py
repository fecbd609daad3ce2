"""Benchmark figures as the pages, the PDF and the workbooks show them, by the metric's kind.

A section score shows one decimal, as the result page shows scores (75.0, 75.3); a KPI
value, quartile, median or pooled figure is written as every page writes the KPI
(scoring.kpi_text): with the KPI's own decimals, so LTIF reads 1.00 on the benchmark pages
as on the result page, never 1 beside it (qa71).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from rcapp.figures import NONE_TEXT
from rcapp.scoring.kpi_text import kpi_text

_SCORE_STEP = Decimal("0.1")


def metric_figure(value: Decimal | None, places: int | None) -> str:
    """Show a figure of a metric: a KPI's with its decimals (`Metric.places`), else a score."""
    if places is not None:
        return kpi_text(value, places)
    if value is None:
        return NONE_TEXT
    return f"{value.quantize(_SCORE_STEP, rounding=ROUND_HALF_UP):f}"


def percentile_text(rank: Decimal | None) -> str:
    """Show a percentile rank (0-100, stats.percentile_rank) as a whole number: 90, 50, 93.

    With n members a rank moves in steps of 50 / n (7.14 in a group of 7): a decimal
    claims a precision the group does not have, and the help text's examples read 90, 80,
    50. The organisation's benchmark page and the scorecard PDF's peer section write it here.
    """
    number = percentile_number(rank)
    return NONE_TEXT if number is None else str(number)


def percentile_number(rank: Decimal | None) -> int | None:
    """Round a percentile rank once to the whole number every output shows (a workbook cell)."""
    if rank is None:
        return None
    return int(rank.quantize(Decimal(1), rounding=ROUND_HALF_UP))
