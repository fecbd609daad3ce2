"""Say on the result page and in its PDF which earlier years' KPI data are backfilled.

Which years (qa63), and which years a KPI's series lacks may still be backfilled
(backfillcap #4).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from rcapp.assessments.kpi_backfill import (
    expected_backfill_years,
    open_backfill_years,
    optional_backfill_years,
    signed_year,
)
from rcapp.assessments.kpi_backfill_rows import backfill_inputs, backfill_values, filled_counts
from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.views.kpi_ladder_words import KpiLadderRow
from rcapp.assessments.views.result_page import ResultPage
from rcapp.rubrics.model import Rubric
from rcapp.scoring.history_cap import (
    HistoryCap,
    history_cap,
    missing_core_count,
    reported_years,
)


def backfill_note(
    years: tuple[int, ...], filled: Mapping[int, int] | None = None, needed: int = 0
) -> str | None:
    """Word the self-declared earlier years the KPI series counts; None when there are none.

    `filled`: year → inputs filled of the `needed`: a year only partly filled is said so, as
    the KPI page says it (capwords 3), for it does not count in the run of reported years.
    """
    if not years:
        return None
    note = _(
        "往年数据（补录）：%(years)s 年度的核心指标数据由本单位自报补录（该年度没有自评，"
        "数据未经当年自评和评审），KPI 阶梯的多年数据和趋势按其计算。",
        years=_("、").join(str(year) for year in years),
    )
    partly = [
        _("%(year)s 年度：%(state)s", year=year, state=fill_state(count, needed))
        for year, count in sorted((filled or {}).items())
        if year in years and count < needed
    ]
    return note if not partly else note + _("；").join(partly) + _("。")


def fill_state(filled: int, needed: int) -> str:
    """Word how much of a backfilled year is filled: the KPI page's rows and the note's years."""
    if filled >= needed:
        return _("已填全 %(filled)d / %(needed)d 项", filled=filled, needed=needed)
    return _(
        "已填 %(filled)d / %(needed)d 项，未填全的年度不计入连续报送",
        filled=filled,
        needed=needed,
    )


def backfill_cap(assessment: Assessment, rubric: Rubric) -> HistoryCap | None:
    """Return the cap a short KPI-reporting run puts on this year, while the draft may change.

    One rule for the overview's cap and the result page's to-do line: its `to_fill` names
    the earlier years backfill may still fill in to raise the cap (backfillcap #1, capwords 2).
    """
    if not (assessment.is_editable and assessment.cycle.is_open):
        return None
    inputs = scoring_inputs(assessment, rubric)[0]
    reported = reported_years(rubric, inputs.kpi_history)
    missing = missing_core_count(rubric, inputs.kpi_inputs)
    year = assessment.cycle.year
    return history_cap(rubric, year, reported, expected_backfill_years(assessment), missing)


@dataclass(frozen=True)
class OptionalBackfill:
    """Years before signing the commitment that backfill may still add, of its own will.

    Never asked for, yet said plainly with what they would give (newcomer #1).

    `stars_after`: the cap once they are filled too (None: no cap left).
    """

    signed: int
    years: tuple[int, ...]
    stars_after: int | None


def optional_backfill(assessment: Assessment, rubric: Rubric) -> OptionalBackfill | None:
    """Return the optional years that would raise the cap further; None when none would."""
    signed, optional = signed_year(assessment), optional_backfill_years(assessment)
    cap = backfill_cap(assessment, rubric)
    if signed is None or not optional or cap is None:
        return None
    inputs = scoring_inputs(assessment, rubric)[0]
    reported = reported_years(rubric, inputs.kpi_history)
    every = history_cap(rubric, assessment.cycle.year, reported, open_backfill_years(assessment))
    if every is None or set(every.to_fill) <= set(cap.to_fill):
        return None
    years = tuple(y for y in every.to_fill if y in optional)
    return OptionalBackfill(signed, years, every.stars_after)


def with_backfill_note(
    page: ResultPage,
    assessment: Assessment,
    rubric: Rubric,
    backfilled: Mapping[int, Collection[str]] | None = None,
) -> ResultPage:
    """Return the result page with the note, for the years this assessment's result reads.

    `backfilled` (year → input ids) when the caller read them already
    (queries.kpi_inputs_compared).
    """
    if backfilled is None:
        backfilled = backfill_values(assessment.organisation_id, assessment.cycle.year)
    filled = filled_counts(rubric, backfilled)
    note = backfill_note(tuple(sorted(backfilled)), filled, len(backfill_inputs(rubric)))
    ladder = fillable_rungs(page, frozenset(open_backfill_years(assessment)))
    return replace(page, backfill_note=note, kpi_ladder=ladder)


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
