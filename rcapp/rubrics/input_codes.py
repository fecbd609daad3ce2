"""Codes for KPI inputs that users know from reports and scorecards (pure: rubric in, text out).

An input that is a KPI on its own (formula "risk_score") takes that KPI's code
("PK-SR-01"). An input that is one term of KPIs takes the code of the first KPI that uses
it and its place in that formula ("OHS-03-2": the second input of OHS-03). An input no
KPI uses is numbered by its row ("IN-07").
"""

from __future__ import annotations

import re

from rcapp.rubrics.model import Rubric

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _terms(formula: str) -> list[str]:
    """Return the input names of a formula in the order they are written, each once."""
    seen: list[str] = []
    for name in _NAME.findall(formula):
        if name not in seen:
            seen.append(name)
    return seen


def input_codes(rubric: Rubric) -> dict[str, str]:
    """Map each KPI input id of `rubric` to a code unique within the rubric."""
    inputs = [kpi_input.id for kpi_input in rubric.kpi_inputs]
    known = set(inputs)
    codes: dict[str, str] = {}
    for kpi in rubric.kpis:  # first: inputs that are a KPI on their own
        terms = [t for t in _terms(kpi.formula) if t in known]
        if len(terms) == 1 and kpi.formula.strip() == terms[0] and terms[0] not in codes:
            codes[terms[0]] = kpi.id
    for kpi in rubric.kpis:  # then: terms of a KPI, by their place in its formula
        terms = [t for t in _terms(kpi.formula) if t in known]
        for place, term in enumerate(terms, start=1):
            codes.setdefault(term, f"{kpi.id}-{place}")
    taken = set(codes.values())
    for row, input_id in enumerate(inputs, start=1):
        if input_id not in codes:
            code = f"IN-{row:02d}"
            codes[input_id] = code if code not in taken else f"{code}-{input_id}"
    return codes
