"""Say on the result page and in its PDF which earlier years' KPI data are backfilled.

Which years (qa63), and which years a KPI's series lacks may still be backfilled
(backfillcap #4).
"""

from __future__ import annotations

from dataclasses import replace

from rcapp.assessments.kpi_backfill import open_backfill_years
from rcapp.assessments.kpi_backfill_rows import backfilled_years
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.views.kpi_ladder_words import KpiLadderRow
from rcapp.assessments.views.result_page import ResultPage
from rcapp.rubrics.model import Rubric
from rcapp.scoring.history_cap import HistoryCap, history_cap, reported_years


def backfill_note(years: tuple[int, ...]) -> str | None:
    """Word the self-declared earlier years the KPI series counts; None when there are none."""
    if not years:
        return None
    return _(
        "往年数据（补录）：%(years)s 年度的核心指标数据由本单位自报补录（该年度没有自评，"
        "数据未经当年自评和评审），KPI 阶梯的多年数据和趋势按其计算。",
        years=_("、").join(str(year) for year in years),
    )


def backfill_cap(assessment: Assessment, rubric: Rubric) -> HistoryCap | None:
    """Return the cap a short KPI-reporting run puts on this year, while the draft may change.

    One rule for the overview's cap and the result page's to-do line: its `to_fill` names
    the earlier years backfill may still fill in to raise the cap (backfillcap #1, capwords 2).
    """
    if not (assessment.is_editable and assessment.cycle.is_open):
        return None
    reported = reported_years(rubric, scoring_inputs(assessment, rubric)[0].kpi_history)
    return history_cap(rubric, assessment.cycle.year, reported, open_backfill_years(assessment))


def with_backfill_note(
    page: ResultPage, assessment: Assessment, years: tuple[int, ...] | None = None
) -> ResultPage:
    """Return the result page with the note, for the years this assessment's result reads.

    `years` when the caller read them already (queries.kpi_inputs_compared).
    """
    if years is None:
        years = backfilled_years(assessment.organisation_id, assessment.cycle.year)
    ladder = fillable_rungs(page, frozenset(open_backfill_years(assessment)))
    return replace(page, backfill_note=backfill_note(years), kpi_ladder=ladder)


def fillable_rungs(page: ResultPage, open_years: frozenset[int]) -> tuple[KpiLadderRow, ...]:
    """Word a first rung whose missing years may still be backfilled as this year's way up.

    The rung's words come from the scorecard, which knows the gaps of the series but not
    that the organisation may still fill them in (补录): without this the row says "no
    figures for 2023 … 2026 at the earliest" beside a note that 2023 was backfilled in
    part. The result page and the PDF both word their rows here, so they agree.
    """
    if not open_years:
        return page.kpi_ladder
    facts = {level.kpi_id: level.facts for level in page.card.kpi_performance.levels}
    rows = []
    for row in page.kpi_ladder:
        found = facts.get(row.kpi_id)
        gaps = found.missing_years if found is not None and row.rung == 1 else ()
        fill = tuple(year for year in gaps if year in open_years)
        if found is None or not fill:
            rows.append(row)
            continue
        years = _("、").join(str(year) for year in fill)
        why = _("%(why)s（%(years)s 年度仍可补录）", why=row.why, years=years)
        to_raise = row.to_raise
        if len(fill) == len(gaps) and not found.incomparable_years:
            to_raise = _(
                "在“KPI 数据”页补录 %(years)s 年度计算该指标所需的数据后，本年度即可升至第 2 级。",
                years=years,
            )
        rows.append(replace(row, why=why, to_raise=to_raise))
    return tuple(rows)
