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

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import Kpi, Rubric


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
