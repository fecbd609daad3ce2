"""Say on the result page and in its PDF which earlier years' KPI data are backfilled (qa63)."""

from __future__ import annotations

from dataclasses import replace

from rcapp.assessments.kpi_backfill_rows import backfilled_years
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.views.result_page import ResultPage


def backfill_note(years: tuple[int, ...]) -> str | None:
    """Word the self-declared earlier years the KPI series counts; None when there are none."""
    if not years:
        return None
    return _(
        "往年数据（补录）：%(years)s 年度的核心指标数据由本单位自报补录（该年度没有自评，"
        "数据未经当年自评和评审），KPI 阶梯的多年数据和趋势按其计算。",
        years=_("、").join(str(year) for year in years),
    )


def with_backfill_note(
    page: ResultPage, assessment: Assessment, years: tuple[int, ...] | None = None
) -> ResultPage:
    """Return the result page with the note, for the years this assessment's result reads.

    `years` when the caller read them already (queries.kpi_inputs_compared).
    """
    if years is None:
        years = backfilled_years(assessment.organisation_id, assessment.cycle.year)
    return replace(page, backfill_note=backfill_note(years))
