"""Which KPI inputs belong to which code of practice: what a section's N/A is checked against.

A rubric does not link sections to KPIs, but both follow HG/T 4184: the codes of practice
C1-C6 are the same sections in every company rubric, and each KPI's category names the
code it measures. A code declared not applicable while the organisation reports figures of
its own for it (C6 产品安全监管 N/A with 35 hazardous products sold, qa49 M5) deserves a
second look. Only the inputs no other category uses count: hours worked or production
belong to every code.
"""

from __future__ import annotations

from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import KpiInput, Rubric

# HG/T 4184 code of practice → the KPI categories that measure it.
CODE_KPI_CATEGORIES: dict[str, frozenset[str]] = {
    "C1": frozenset({"community"}),
    "C2": frozenset({"distribution"}),
    "C3": frozenset({"environment", "waste", "transfer"}),
    "C4": frozenset({"process_safety"}),
    "C5": frozenset({"safety"}),
    "C6": frozenset({"product"}),
}


def section_kpi_inputs(rubric: Rubric, section_id: str) -> tuple[KpiInput, ...]:
    """Return the inputs only the KPIs of `section_id`'s code use, in rubric order."""
    categories = CODE_KPI_CATEGORIES.get(section_id)
    if categories is None:
        return ()
    own: set[str] = set()
    shared: set[str] = set()
    for kpi in rubric.kpis:
        names = parse_formula(kpi.formula).names
        (own if kpi.category in categories else shared).update(names)
    return tuple(i for i in rubric.kpi_inputs if i.id in own - shared)
