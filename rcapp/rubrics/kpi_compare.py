"""Which KPIs two rubric versions define alike, so that their values compare (pure).

A KPI compares across versions when both define it alike: the same formula over the
same inputs (each input in the same unit) and the same hour bases. Those make the value;
the KPI's unit and group aggregation are words and group rules around it. rc-company@2
made EN-01 SO2 per tonne of product (so2_t * 1000 / production_t, kg/t) where version 1
had tonnes (so2_t): not comparable. RS-04 keeps its formula ((ghg_scope1_t +
ghg_scope2_t) / production_t) and inputs; version 1 only called the groups' figure an
index (base year = 100), and an organisation's own value was the formula's value in
both: comparable. RS-08 is new in version 2: not comparable with version 1.

The one rule for year over year, the KPI ladder's series and change on last year
(scoring.kpis via AssessmentInputs.kpi_incomparable), the annual report's pooling, the
workbook and the own KPI targets.
"""

from __future__ import annotations

from collections.abc import Iterable

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Aggregation, Kpi, Rubric, Text


def _formula(kpi: Kpi) -> str:
    return "".join(kpi.formula.split())


def _input_units(rubric: Rubric) -> dict[str, object]:
    return {entry.id: entry.unit for entry in rubric.kpi_inputs}


def comparable_kpis(old: Rubric, new: Rubric) -> frozenset[str]:
    """Return the ids of the KPIs both versions define alike (see the module docstring)."""
    before = {kpi.id: kpi for kpi in old.kpis}
    old_units, new_units = _input_units(old), _input_units(new)
    return frozenset(
        kpi.id
        for kpi in new.kpis
        if (was := before.get(kpi.id)) is not None
        and _formula(was) == _formula(kpi)
        and was.bases == kpi.bases
        and all(
            name in old_units and old_units[name] == new_units.get(name) for name in _names(kpi)
        )
    )


def _names(kpi: Kpi) -> frozenset[str]:
    return parse_formula(kpi.formula).names


def own_unit(rubric: Rubric, kpi: Kpi, others: Iterable[Rubric]) -> Text | None:
    """Return the unit of an organisation's own value of `kpi` (None: not known).

    An index KPI's unit names the groups' figure (rc-company@1 RS-04: index, base year =
    100); an organisation's own value is its formula's, in the unit of another version that
    defines the KPI alike and is no index (@2: t CO2e/t product). The one rule for the
    scorecard, the KPI page and the annual workbook (qa46 D3).
    """
    if kpi.aggregation is not Aggregation.INDEX:
        return kpi.unit
    for other in others:
        same = next((k for k in other.kpis if k.id == kpi.id), None)
        if (
            other.id == rubric.id
            and other.version != rubric.version
            and same is not None
            and same.aggregation is not Aggregation.INDEX
            and kpi.id in comparable_kpis(rubric, other)
        ):
            return same.unit
    return None
