"""The rules across rows of a template import: the KPI page's own, run on what apply would write.

A share (e.g. OHS-07: 检测合格点数 ÷ 检测点数 × 100) is checked over two inputs, so no row
alone can check it: the import's check ran each row's rules only and passed 130 of 120 points,
which the apply (save_kpi_inputs) then refused with a 500 (qa21 D3). Both now call
kpi_inputs.check_kpi_inputs, the one list of rules, on the same entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from rcapp.assessments.kpi_inputs import check_kpi_inputs
from rcapp.assessments.models import KpiValue
from rcapp.assessments.system_figures import NO_FIGURES, SystemFigures
from rcapp.assessments.validation import KpiEntry, Problem
from rcapp.assessments.zero_doubts import ZERO_CODES
from rcapp.reports.import_merge import kpi_with
from rcapp.rubrics.model import Rubric


def kpi_problems_across_rows(
    rubric: Rubric,
    entries: Mapping[str, KpiEntry],
    clashes: Mapping[str, Mapping[str, object]],
    stored: Mapping[str, KpiValue],
    last_year: Mapping[str, Decimal],
    system: SystemFigures = NO_FIGURES,
) -> tuple[list[tuple[str, Problem]], list[tuple[str, Problem]]]:
    """Return (refusals, warnings) as (row key, problem) for the planned KPI rows.

    Refusals: the rows the save of the planned entries would refuse; warnings: each 0 the
    file types that zero_doubts questions.

    `entries` are the plan's KPI rows by key ("kpi:<input id>"); a cell both the file and the
    web changed is checked with the file's value (the value the preview offers to take).
    Rows refused by their own rules are not in `entries`: these are the rules across rows.
    `system`: what rcapp counts itself, as the save holds it against the rows (a park's).
    """
    by_input = {
        key.split(":", 1)[1]: kpi_with(entry, clashes.get(key, {}), clashes.get(key, {}))
        for key, entry in entries.items()
    }
    keys = {key.split(":", 1)[1]: key for key in entries}
    checked, problems, warnings = check_kpi_inputs(rubric, stored, by_input, last_year, system)
    # a 0 the file leaves as it is stored is not the file's doing (as importer's doubts)
    changed = {
        input_id
        for input_id, values in checked.items()
        if input_id not in stored or values.get("value") != stored[input_id].value
    }
    refused = [(keys[p.subject], p) for p in problems if p.subject in keys]
    doubted = [
        (keys[w.subject], w) for w in warnings if w.code in ZERO_CODES and w.subject in changed
    ]
    return refused, doubted
