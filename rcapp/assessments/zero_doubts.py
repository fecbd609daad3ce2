"""KPI inputs at 0 that deserve a second look: warnings, never refusals (a real 0 exists).

The ten-times rule (validation.implausible_jump) leaves 0 alone, so a core figure could be
typed down to 0 without a word and rank a company in the top quartile (qa49 M2, M9):

- dropped_to_zero: an input of a core KPI is 0 where last year's was not, and the KPI still
  has a figure (a 0 divisor is zero_denominator's case): Tier-1 PSE 3 → 0, LTI 2 → 0 with
  3.4 M hours worked.
- zero_with_output: a core resources or environment KPI (energy, water, emissions per
  tonne or per 10,000 CNY) is 0 although another of its inputs (production, output) is
  not: no plant makes 950,000 t with no energy.

Each names the first core KPI (in rubric order) the input feeds, by number and name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from typing import Any

from rcapp.assessments.validation import Problem
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Kpi, Rubric

ZERO_CODES = frozenset({"dropped_to_zero", "zero_with_output"})

# Categories whose core KPIs measure what any producing site uses or emits.
OUTPUT_BOUND_CATEGORIES = frozenset({"resources", "environment"})


def zero_doubts(
    rubric: Rubric,
    values: Mapping[str, Decimal],
    last_year: Mapping[str, Decimal],
    subjects: Collection[str] | None = None,
) -> list[Problem]:
    """Return the warnings for the 0 inputs among `subjects` (all inputs if None).

    `values` are this year's inputs as they stand (or as a save would leave them).
    """
    labels = {kpi_input.id: kpi_input.label for kpi_input in rubric.kpi_inputs}
    found: dict[str, Problem] = {}
    for kpi in (kpi for kpi in rubric.kpis if kpi.core):
        formula = parse_formula(kpi.formula)
        result = formula.evaluate(values)
        if result is None:
            continue
        for name in sorted(formula.names):
            if name in found or values[name] != 0:
                continue
            if subjects is not None and name not in subjects:
                continue
            last = last_year.get(name)
            if last is not None and last > 0:
                params = {**_kpi_params(kpi), "last": last}
                found[name] = Problem(name, "value", "dropped_to_zero", params)
            elif result == 0 and kpi.category in OUTPUT_BOUND_CATEGORIES:
                others = [labels[other] for other in sorted(formula.names) if values[other] != 0]
                if others:
                    params = {
                        **_kpi_params(kpi),
                        "others_zh": "、".join(f"“{label.zh}”" for label in others),
                        "others_en": ", ".join(f"“{label.en}”" for label in others),
                    }
                    found[name] = Problem(name, "value", "zero_with_output", params)
    order = {kpi_input.id: index for index, kpi_input in enumerate(rubric.kpi_inputs)}
    return sorted(found.values(), key=lambda problem: order[problem.subject])


def _kpi_params(kpi: Kpi) -> dict[str, Any]:
    return {"kpi_id": kpi.id, "kpi_zh": kpi.name.zh, "kpi_en": kpi.name.en}
