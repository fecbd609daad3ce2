"""A KPI's status and shown value, computed once per KPI and set of inputs.

The KPI ladder, the star gates and the peer-group statistics read only a KPI's status
and its value in the primary basis; the per-basis figures and the list of missing
inputs are for the scorecard page (kpis.kpi_value builds them on top of this). Rating a
cycle or computing a cycle's benchmarks evaluates each KPI for thousands of input sets:
`figures_of_many` does that KPI by KPI, with the formula looked up and the arithmetic
context entered once per KPI rather than once per value. The figures are the very ones
kpi_value gives (tested, property-based).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import TypeVar

from rcapp.rubrics.formula import Formula, parse_formula
from rcapp.rubrics.model import BASIS_MULTIPLIERS, Kpi
from rcapp.scoring.model import KpiInputs
from rcapp.scoring.rounding import ARITHMETIC, kpi_figure
from rcapp.scoring.scorecard import KpiStatus

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True, slots=True)
class KpiFigure:
    """One KPI for one set of inputs: status, value shown (primary basis) and unrounded value."""

    status: KpiStatus
    value: Decimal | None  # kpi_figure of the primary-basis value
    raw: Decimal | None  # the formula's value, unrounded, before any basis


NOT_REPORTED = KpiFigure(KpiStatus.NOT_REPORTED, None, None)
NOT_COMPUTABLE = KpiFigure(KpiStatus.NOT_COMPUTABLE, None, None)


@lru_cache(maxsize=512)
def formula_of(text: str) -> Formula:
    return parse_formula(text)


def multiplier_of(kpi: Kpi) -> Decimal | None:
    return BASIS_MULTIPLIERS[kpi.bases[0]] if kpi.bases else None


def kpi_figure_of(kpi: Kpi, values: KpiInputs) -> KpiFigure:
    """Evaluate one KPI for one set of inputs."""
    with localcontext(ARITHMETIC):
        return _figure(formula_of(kpi.formula), multiplier_of(kpi), values)


def figures_of_many(
    kpis: Iterable[Kpi], inputs: Mapping[Key, KpiInputs]
) -> dict[Key, dict[str, KpiFigure]]:
    """Evaluate every KPI for every set of inputs: key → KPI id → figure."""
    found: dict[Key, dict[str, KpiFigure]] = {key: {} for key in inputs}
    with localcontext(ARITHMETIC):
        for kpi in kpis:
            formula, multiplier = formula_of(kpi.formula), multiplier_of(kpi)
            for key, values in inputs.items():
                found[key][kpi.id] = _figure(formula, multiplier, values)
    return found


def _figure(formula: Formula, multiplier: Decimal | None, values: KpiInputs) -> KpiFigure:
    # The caller has entered ARITHMETIC: the same operations as kpis.raw_kpi and primary.
    if not formula.names <= values.keys():
        return NOT_REPORTED
    raw = formula.evaluate(values)
    if raw is None:
        return NOT_COMPUTABLE
    return KpiFigure(
        KpiStatus.REPORTED, kpi_figure(raw if multiplier is None else raw * multiplier), raw
    )
