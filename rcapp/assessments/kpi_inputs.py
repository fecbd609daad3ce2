"""Save the raw KPI inputs of an assessment (hours, counts, tonnes...); rates are computed."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries
from rcapp.assessments.changes import SaveResult, touch
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.assessments.validation import KpiEntry, Problem, check_kpi_input
from rcapp.audit.services import record
from rcapp.errors import InvalidState
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import KpiInput, Rubric

logger = logging.getLogger(__name__)


def save_kpi_inputs(
    assessment: Assessment, rubric: Rubric, entries: Mapping[str, KpiEntry], actor: User
) -> SaveResult:
    """Save every valid KPI input; an empty value removes the input.

    Values above the input's `plausible_max`, or ten times above or below last year's
    value, are saved with a warning: they may be right, but deserve a second look.
    """
    if not assessment.is_editable:
        raise InvalidState("assessment", str(assessment.status), "save KPI inputs")
    inputs = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    unknown = set(entries) - set(inputs)
    if unknown:
        raise KeyError(f"no KPI inputs {sorted(unknown)} in {rubric.key}")
    existing = queries.kpi_values_by_input(assessment)
    last_year = queries.last_year_kpi_inputs(assessment)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    changed: list[str] = []
    for input_id, entry in entries.items():
        values, found, doubts = check_kpi_input(inputs[input_id], entry, last_year.get(input_id))
        problems.extend(found)
        warnings.extend(doubts)
        if _apply(assessment, existing.get(input_id), input_id, values, actor):
            changed.append(input_id)
    if changed:
        touch(assessment)
    db.session().flush()
    logger.info(
        "assessment %s KPI inputs: %d changed, %d problems, %d warnings",
        assessment.id,
        len(changed),
        len(problems),
        len(warnings),
    )
    return SaveResult(tuple(problems), tuple(warnings), tuple(changed))


def _apply(
    assessment: Assessment,
    row: KpiValue | None,
    input_id: str,
    values: Mapping[str, Any],
    actor: User,
) -> bool:
    if "value" in values and values["value"] is None:
        return _remove(assessment, row, actor)
    if row is None:
        if "value" not in values:
            return False  # the value is wrong: nothing to keep a note on yet
        row = KpiValue(assessment=assessment, input_id=input_id, value=values["value"])
        row.note = values.get("note")
        db.session().add(row)
        after = {"value": row.value, "note": row.note}
        record(actor, "assessment", assessment.id, "kpi.set", field=input_id, after=after)
        return True
    changes = {name: v for name, v in values.items() if getattr(row, name) != v}
    if not changes:
        return False
    before = {name: getattr(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    record(
        actor, "assessment", assessment.id, "kpi.set", field=input_id, before=before, after=changes
    )
    return True


def _remove(assessment: Assessment, row: KpiValue | None, actor: User) -> bool:
    if row is None:
        return False
    before = {"value": row.value, "note": row.note}
    record(actor, "assessment", assessment.id, "kpi.remove", field=row.input_id, before=before)
    assessment.kpi_values.remove(row)
    return True


def input_groups(rubric: Rubric) -> list[tuple[str, list[KpiInput]]]:
    """Group the inputs by the category of the first KPI that uses them, in rubric order."""
    category_of: dict[str, str] = {}
    for kpi in rubric.kpis:
        for name in sorted(parse_formula(kpi.formula).names):
            category_of.setdefault(name, kpi.category)
    groups: dict[str, list[KpiInput]] = {}
    for kpi_input in rubric.kpi_inputs:
        groups.setdefault(category_of.get(kpi_input.id, ""), []).append(kpi_input)
    return list(groups.items())
