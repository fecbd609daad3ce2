"""Which prerequisites are met: the organisation's "yes", checked against its data.

A prerequisite is self-declared, but where rcapp holds the data the prerequisite is
about, a "yes" the data contradict does not count (docs/scoring.md §5). The one such
check: a prerequisite about the core KPI data is met only while every raw input of the
core KPIs is reported. New rubric versions say so with `check: core_kpi_inputs`; the
versions published before that field existed are pinned by hash and never edited, so
their KPI-data prerequisite is named here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rcapp.rubrics.model import Prerequisite, PrerequisiteCheck, Rubric
from rcapp.scoring.kpis import formula_names

# (rubric id, version, prerequisite id) of pinned versions whose prerequisite states the
# check in its guidance ("有缺项的视为未满足": any missing figure means not met).
PINNED_CHECKS: dict[tuple[str, int, str], PrerequisiteCheck] = {
    ("rc-company", 1, "P6"): PrerequisiteCheck.CORE_KPI_INPUTS,
    ("rc-company", 2, "P6"): PrerequisiteCheck.CORE_KPI_INPUTS,
}


@dataclass(frozen=True)
class PrerequisiteFindings:
    """`unmet`: declared not met, or declared met against the data (sorted ids).

    `contradicted`: the ids of `unmet` declared met whose check failed; `missing_inputs`:
    the core KPI inputs not reported, in rubric order (empty when no check asked);
    `unanswered`: the ids of `unmet` not answered at all yet (neither met nor not met).
    """

    unmet: tuple[str, ...]
    contradicted: tuple[str, ...] = ()
    missing_inputs: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()


def check_of(rubric: Rubric, prerequisite: Prerequisite) -> PrerequisiteCheck | None:
    """Return the check the rubric asks for this prerequisite, or the pinned one."""
    if prerequisite.check is not None:
        return prerequisite.check
    return PINNED_CHECKS.get((rubric.id, rubric.version, prerequisite.id))


def core_kpi_input_ids(rubric: Rubric) -> tuple[str, ...]:
    """Return the raw inputs the core KPIs' formulas read, in rubric order."""
    needed = {name for kpi in rubric.kpis if kpi.core for name in formula_names(kpi)}
    return tuple(kpi_input.id for kpi_input in rubric.kpi_inputs if kpi_input.id in needed)


def judge_prerequisites(
    rubric: Rubric,
    declared_met: Collection[str],
    kpi_inputs: Iterable[str],
    answered: Collection[str] | None = None,
) -> PrerequisiteFindings:
    """Judge every prerequisite from the declarations and the reported KPI inputs' ids.

    `answered` (those answered met or not met; None: all) only sorts the unmet ones into
    declined and not answered yet; it changes no judgement.
    """
    reported = set(kpi_inputs)
    missing: tuple[str, ...] | None = None
    unmet: list[str] = []
    contradicted: list[str] = []
    for prerequisite in rubric.prerequisites:
        if prerequisite.id not in declared_met:
            unmet.append(prerequisite.id)
            continue
        if check_of(rubric, prerequisite) is PrerequisiteCheck.CORE_KPI_INPUTS:
            if missing is None:
                missing = tuple(i for i in core_kpi_input_ids(rubric) if i not in reported)
            if missing:
                unmet.append(prerequisite.id)
                contradicted.append(prerequisite.id)
    return PrerequisiteFindings(
        unmet=tuple(sorted(unmet)),
        contradicted=tuple(sorted(contradicted)),
        missing_inputs=missing if contradicted and missing else (),
        unanswered=()
        if answered is None
        else tuple(p for p in sorted(unmet) if p not in answered and p not in declared_met),
    )
