"""Progress on an organisation's own targets (cleaner production, voluntary commitments).

A target names a KPI, a base year, a deadline and either the KPI value to reach or a
change in % on the base year's value (-8 means 8 % lower). Progress this year:

    achieved = (current - base) / (target - base) × 100   (share of the way covered)
    expected = (year - base year) / (deadline - base year) × 100, within 0..100

A target is on track when this year's value already meets it (as good as the target,
in the KPI's `better` direction) or when achieved ≥ expected. A target whose base-year
or current value is not known is not on track.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.kpis import is_better, kpi_value
from rcapp.scoring.model import AssessmentInputs, KpiInputs, Target
from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, kpi_figure, score
from rcapp.scoring.scorecard import TargetProgress


def target_progress(rubric: Rubric, inputs: AssessmentInputs) -> tuple[TargetProgress, ...]:
    kpis = {kpi.id: kpi for kpi in rubric.kpis}
    years: Mapping[int, KpiInputs] = {**inputs.kpi_history, inputs.year: inputs.kpi_inputs}
    return tuple(
        _progress(kpis[target.kpi_id], target, inputs.year, years)
        for target in inputs.targets
        if target.kpi_id in kpis
    )


def _progress(
    kpi: Kpi, target: Target, year: int, years: Mapping[int, KpiInputs]
) -> TargetProgress:
    base = kpi_value(kpi, years.get(target.base_year, {})).value
    current = kpi_value(kpi, years.get(year, {})).value
    with localcontext(ARITHMETIC):
        span = Decimal(target.deadline - target.base_year)
        elapsed = min(max(Decimal(year - target.base_year) / span, Decimal(0)), Decimal(1))
        expected = score(elapsed * HUNDRED)
        goal = _goal(target, base)
        achieved = None
        if base is not None and current is not None and goal is not None and goal != base:
            achieved = score((current - base) / (goal - base) * HUNDRED)
    met = (
        current is not None
        and goal is not None
        and is_better(kpi.better, current, goal, strict=False)
    )
    on_track = met or (achieved is not None and achieved >= expected)
    if base is None or current is None:
        missing = f"base year {target.base_year}" if base is None else f"this year {year}"
        reason = f"{kpi.id}: no value for {missing}: progress unknown"
    elif met:
        reason = f"{kpi.id} {current} meets the target {goal} (base {base} in {target.base_year})"
    else:
        verdict = "on track" if on_track else "behind"
        reason = (
            f"{kpi.id} {current}: {achieved}% of the way from {base} ({target.base_year}) to "
            f"{goal} by {target.deadline}, {expected}% of the time gone: {verdict}"
        )
    return TargetProgress(
        kpi_id=kpi.id,
        base_year=target.base_year,
        deadline=target.deadline,
        target=goal,
        base=base,
        current=current,
        achieved_pct=achieved,
        expected_pct=expected,
        on_track=on_track,
        reason=reason,
    )


def _goal(target: Target, base: Decimal | None) -> Decimal | None:
    if target.value is not None:
        return kpi_figure(target.value)
    if base is None or target.change_pct is None:
        return None
    return kpi_figure(base * (HUNDRED + target.change_pct) / HUNDRED)
