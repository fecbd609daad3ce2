"""Which KPIs two rubric versions define alike, so that their values compare (pure).

A KPI compares across versions when both define it alike (formula, unit, hour bases):
rc-company@2 made EN-01 SO2 per tonne of product (kg/t) where version 1 had tonnes, and
RS-04 a carbon intensity in t CO2e/t where version 1 had an index (base year = 100).
Read by year over year, the annual report's pooling and the own KPI targets.
"""

from __future__ import annotations

from rcapp.rubrics.model import Rubric


def comparable_kpis(old: Rubric, new: Rubric) -> frozenset[str]:
    """Return the ids of the KPIs both versions define alike (see the module docstring)."""
    before = {kpi.id: kpi for kpi in old.kpis}
    return frozenset(
        kpi.id
        for kpi in new.kpis
        if (was := before.get(kpi.id)) is not None
        and "".join(was.formula.split()) == "".join(kpi.formula.split())
        and was.unit == kpi.unit
        and was.bases == kpi.bases
    )
