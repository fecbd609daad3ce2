"""KPI data against the events register as the import would leave them: a warning.

The rule is the KPI and events pages' own (scoring.consistency.register_checks, the
rubric's `consistency` rules), run on the stored data with the file's KPI values and new
events laid over it as "确认导入" writes them with nothing ticked. A disagreement the file
has a part in (it changes one of the rule's KPI inputs, or adds an event of its types) is
a warning in the preview naming the KPI rows by number and name and both figures; it never
stops the import (the scorecard lists it as a data problem, as for data typed on the pages).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from decimal import Decimal

from rcapp.assessments.event_checks import check_event
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Assessment
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.validation import check_kpi_input
from rcapp.figures import figure_text
from rcapp.reports.importer import KPI_FIELD_COLUMN, ImportPlan, LocatedProblem
from rcapp.reports.template_read import FileProblem, FileRow, ParsedTemplate
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.model import ConsistencyRule, Rubric, Text
from rcapp.scoring.consistency import register_checks
from rcapp.scoring.model import Event


def warn_register(
    assessment: Assessment, rubric: Rubric, parsed: ParsedTemplate, plan: ImportPlan
) -> None:
    """Add a warning to `plan` for each consistency rule the imported data would break."""
    rules = rubric.rating.consistency
    if not rules or not plan.ok or not (plan.kpis or plan.events):
        return
    inputs, context = scoring_inputs(assessment, rubric)
    kpis = _kpis_after(rubric, inputs.kpi_inputs, plan)
    added = _events_added(rubric, plan)
    after = dataclasses.replace(inputs, kpi_inputs=kpis)
    found, _stand_ins = register_checks(
        rubric, after, inputs.events + added, context.assessment_date
    )
    changed = {key.split(":", 1)[1] for key in plan.kpis}
    by_id = {rule.id: rule for rule in rules}
    rows = {row.subject: row for row in parsed.rows if row.sheet_key == "KPI"}
    for problem in found:
        rule = by_id.get(problem.subject)
        if rule is None or not _touched(rule, changed, added):
            continue
        totals = (problem.kpi_total, problem.register_total)
        plan.warnings.append(_warning(rubric, rule, totals, rows))


def _kpis_after(
    rubric: Rubric, stored: Mapping[str, Decimal], plan: ImportPlan
) -> dict[str, Decimal]:
    specs = {spec.id: spec for spec in rubric.kpi_inputs}
    kpis = dict(stored)
    for key, entry in plan.kpis.items():
        spec = specs.get(key.split(":", 1)[1])
        if spec is None:
            continue
        value = check_kpi_input(spec, entry, None)[0].get("value")
        if isinstance(value, Decimal):
            kpis[spec.id] = value
        else:
            kpis.pop(spec.id, None)
    return kpis


def _events_added(rubric: Rubric, plan: ImportPlan) -> tuple[Event, ...]:
    added = []
    for typed in plan.events.values():
        values, problems = check_event(rubric, typed, local_today())
        if problems:
            continue
        added.append(
            Event(
                type_id=str(values["event_type"]),
                date=values["occurred_on"],
                fatalities=int(values.get("fatalities") or 0),
                serious_injuries=int(values.get("injuries") or 0),
            )
        )
    return tuple(added)


def _touched(rule: ConsistencyRule, changed: set[str], added: tuple[Event, ...]) -> bool:
    return bool(changed & set(rule.kpi_inputs)) or any(e.type_id in rule.event_types for e in added)


def _warning(
    rubric: Rubric,
    rule: ConsistencyRule,
    totals: tuple[Decimal | None, Decimal | None],
    rows: dict[str, FileRow],
) -> LocatedProblem:
    kpi_total, register_total = totals
    codes = input_codes(rubric)
    labels = {spec.id: spec.label for spec in rubric.kpi_inputs}
    named = [(codes.get(i, i), labels[i]) for i in rule.kpi_inputs if i in labels]
    kpis = Text(
        zh="、".join(f"{code} {label.zh}" for code, label in named) or rule.id,
        en=", ".join(f"{code} {label.en}" for code, label in named) or rule.id,
    )
    first = next((rows[i] for i in rule.kpi_inputs if i in rows), None)
    sheet, row = (first.sheet, first.row) if first is not None else ("", None)
    column = KPI_FIELD_COLUMN["value"] if first is not None else ""
    params = {
        "kpis": kpis,
        "kpi": figure_text(kpi_total or Decimal(0)),
        "register": figure_text(register_total or Decimal(0)),
        "label": rule.label,
    }
    return LocatedProblem(
        sheet, row, column, FileProblem("kpi_register_mismatch", sheet, row, column, params)
    )
