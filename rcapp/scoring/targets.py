"""Progress on an organisation's own targets (cleaner production, voluntary commitments).

A target names a KPI, a base year, a deadline and either the KPI value to reach or a
change in % on the base year's value (-8 means 8 % lower). Progress this year:

    achieved = (current - base) / (target - base) × 100   (share of the way covered)
    expected = (year - base year) / (deadline - base year) × 100, within 0..100

A target is on track when this year's value already meets it (as good as the target,
in the KPI's `better` direction) or when achieved ≥ expected. Negative progress (moving
away from the target) is never on track: a goal on the worse side of the base-year value
is "met" by any improvement, yet the KPI moves away from it, so it is not met either.
A target whose base-year or current value is not known is not on track. An achieved share
that rounds to zero is 0, never "-0". A target whose base year's rubric version defined the
KPI otherwise (saved before such bases were refused) gets no progress at all: not even a
value target is met or on track, since its base does not compare.

Over the years (the year-over-year page) a target is judged once it is due: as of its
deadline it is met (on track with all the time gone) or missed; before its deadline it is on
track or behind as of the latest year, or not yet measurable. Both use the same progress.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
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
        _progress(kpis[target.kpi_id], target, inputs.year, years, inputs.kpi_incomparable)
        for target in inputs.targets
        if target.kpi_id in kpis
    )


class TargetState(enum.StrEnum):
    MET = "met"  # due; the deadline year's value meets the target
    MISSED = "missed"  # due; the deadline year's value falls short
    UNKNOWN = "unknown"  # due; no deadline-year value (or base-year one, for a change in %)
    ON_TRACK = "on_track"  # not yet due; progress at least as expected by now
    BEHIND = "behind"  # not yet due; progress short of what is expected by now
    NOT_YET_DUE = "not_yet_due"  # not yet due; no value yet to measure progress with
    INCOMPARABLE = "incomparable"  # the base year defined the KPI otherwise: never judged


@dataclass(frozen=True)
class TargetTrack:
    """One own target over the years: its progress when judged, and the KPI year by year."""

    target: Target
    progress: TargetProgress  # as of the deadline, or the latest year when not yet due
    state: TargetState
    values: tuple[tuple[int, Decimal | None], ...]  # (year, KPI value) for the years asked
    reached: bool  # the value judged already meets the target (met, or met early)
    # The base year's rubric version defined the KPI otherwise: no base value, no progress.
    base_incomparable: bool = False


def target_tracks(
    rubric: Rubric,
    targets: Iterable[Target],
    years: Mapping[int, KpiInputs],
    latest: int,
    shown: Sequence[int],
    incomparable: Mapping[int, frozenset[str]] | None = None,
) -> tuple[TargetTrack, ...]:
    """Judge each target with the KPI inputs of every year known up to `latest`.

    `years` maps a year to its raw KPI inputs; `shown` are the years whose KPI values
    to list. Targets on KPIs the rubric does not have cannot be measured and are left out.
    `incomparable` maps a year to the KPIs its rubric version defined otherwise: their
    values that year are neither listed nor used (AssessmentInputs.kpi_incomparable).
    """
    kpis = {kpi.id: kpi for kpi in rubric.kpis}
    other = incomparable or {}
    found = []
    for target in targets:
        kpi = kpis.get(target.kpi_id)
        if kpi is None:
            continue
        known = _comparable_years(kpi, years, other)
        progress = _progress(kpi, target, min(latest, target.deadline), years, other)
        state = _state(progress, latest >= target.deadline)
        values = tuple((year, kpi_value(kpi, known.get(year, {})).value) for year in shown)
        reached = not progress.base_incomparable and _met(
            kpi, progress.current, progress.target, progress.achieved_pct
        )
        found.append(
            TargetTrack(target, progress, state, values, reached, progress.base_incomparable)
        )
    return tuple(found)


def _comparable_years(
    kpi: Kpi, years: Mapping[int, KpiInputs], incomparable: Mapping[int, frozenset[str]]
) -> Mapping[int, KpiInputs]:
    """Leave out the years whose rubric version defined the KPI otherwise."""
    return {
        year: inputs
        for year, inputs in years.items()
        if kpi.id not in incomparable.get(year, frozenset())
    }


def _state(progress: TargetProgress, due: bool) -> TargetState:
    """Judge a target; a value target can be met without a base-year value, a change in % not."""
    if progress.base_incomparable:
        return TargetState.INCOMPARABLE
    if due:
        if progress.current is None or progress.target is None:
            return TargetState.UNKNOWN
        return TargetState.MET if progress.on_track else TargetState.MISSED
    if progress.on_track:
        return TargetState.ON_TRACK  # includes a target already reached early
    if progress.achieved_pct is None:
        return TargetState.NOT_YET_DUE
    return TargetState.BEHIND


def _progress(
    kpi: Kpi,
    target: Target,
    year: int,
    years: Mapping[int, KpiInputs],
    incomparable: Mapping[int, frozenset[str]] | None = None,
) -> TargetProgress:
    other = incomparable or {}
    if kpi.id in other.get(target.base_year, frozenset()):
        return _incomparable(kpi, target, year, years, other)
    years = _comparable_years(kpi, years, other)
    base = kpi_value(kpi, years.get(target.base_year, {})).value
    current = kpi_value(kpi, years.get(year, {})).value
    expected = _expected(target, year)
    with localcontext(ARITHMETIC):
        goal = _goal(target, base)
        achieved = None
        if base is not None and current is not None and goal is not None and goal != base:
            # abs() of a zero drops its sign: -0.001 % rounds to 0.0, not "-0.0".
            achieved = score((current - base) / (goal - base) * HUNDRED)
            achieved = abs(achieved) if achieved == 0 else achieved
    met = _met(kpi, current, goal, achieved)
    on_track = met or (achieved is not None and achieved >= expected)
    if base is None or current is None:
        missing = f"base year {target.base_year}" if base is None else f"this year {year}"
        reason = f"{kpi.id}: no value for {missing}: progress unknown"
    elif achieved is not None and achieved < 0:
        reason = (
            f"{kpi.id} {current}: moving away from the target {goal} "
            f"(base {base} in {target.base_year}): behind"
        )
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


def _expected(target: Target, year: int) -> Decimal:
    """Return the share of the time from base year to deadline gone by `year`, 0-100."""
    with localcontext(ARITHMETIC):
        span = Decimal(target.deadline - target.base_year)
        elapsed = min(max(Decimal(year - target.base_year) / span, Decimal(0)), Decimal(1))
        return score(elapsed * HUNDRED)


def _incomparable(
    kpi: Kpi,
    target: Target,
    year: int,
    years: Mapping[int, KpiInputs],
    incomparable: Mapping[int, frozenset[str]],
) -> TargetProgress:
    """Progress of a target on a base year that defined the KPI otherwise: none at all."""
    current = kpi_value(kpi, _comparable_years(kpi, years, incomparable).get(year, {})).value
    expected = _expected(target, year)
    return TargetProgress(
        kpi_id=kpi.id,
        base_year=target.base_year,
        deadline=target.deadline,
        target=None if target.value is None else kpi_figure(target.value),
        base=None,
        current=current,
        achieved_pct=None,
        expected_pct=expected,
        on_track=False,
        reason=(
            f"{kpi.id}: the base year {target.base_year} defined the KPI otherwise: "
            "no progress is computed"
        ),
        base_incomparable=True,
    )


def meets(kpi: Kpi, value: Decimal | None, goal: Decimal | None) -> bool:
    """Tell whether a KPI value is as good as the goal, in the KPI's `better` direction."""
    return (
        value is not None and goal is not None and is_better(kpi.better, value, goal, strict=False)
    )


def _met(kpi: Kpi, current: Decimal | None, goal: Decimal | None, achieved: Decimal | None) -> bool:
    """Tell whether a target is met: the value meets the goal and has not moved away from it."""
    return meets(kpi, current, goal) and (achieved is None or achieved >= 0)


def _goal(target: Target, base: Decimal | None) -> Decimal | None:
    if target.value is not None:
        return kpi_figure(target.value)
    if base is None or target.change_pct is None:
        return None
    return kpi_figure(base * (HUNDRED + target.change_pct) / HUNDRED)
