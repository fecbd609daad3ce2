"""Save the raw KPI inputs of an assessment (hours, counts, tonnes...); rates are computed.

Shares (KPIs whose unit is "%", e.g. recycled ÷ generated × 100) cannot exceed 100 %,
counted inputs included (system_figures): a save whose inputs would make one do so is
refused on the inputs typed in that save, as is a park's resident count typed below the
residents registered in rcapp.
Hours worked per person above the hours a year holds (scoring.hours_per_person), and a 0
that leaves a KPI without a figure (a denominator), are saved with a warning on the inputs
typed in that save.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries
from rcapp.assessments.changes import (
    Conflict,
    SaveResult,
    lock_editable,
    stored_after,
    touch,
    up_to_date,
)
from rcapp.assessments.models import Assessment, KpiBackfill, KpiValue
from rcapp.assessments.system_figures import (
    NO_FIGURES,
    SystemFigures,
    below_register,
    share_params,
    shares_over_limit,
    system_figures,
    with_system,
)
from rcapp.assessments.validation import KpiEntry, Problem, check_kpi_input
from rcapp.assessments.zero_doubts import zero_doubts
from rcapp.audit.services import record
from rcapp.rubrics.formula import parse_formula
from rcapp.rubrics.model import KpiInput, Rubric
from rcapp.scoring.answer_rules import SHARE_MAX
from rcapp.scoring.hours_per_person import HOURS_IN_A_YEAR, hours_pairs, over_a_year

SHARE_LIMIT = SHARE_MAX  # the live script's bound: the one a save refuses over
# A stored KPI input: this year's (kpi_values) or an earlier year's backfill (kpi_backfills).
Row = TypeVar("Row", KpiValue, KpiBackfill)

logger = logging.getLogger(__name__)


def save_kpi_inputs(
    assessment: Assessment, rubric: Rubric, entries: Mapping[str, KpiEntry], actor: User
) -> SaveResult:
    """Save every valid KPI input; an empty value removes the input.

    Values above the input's `plausible_max`, or ten times above or below last year's
    value, are saved with a warning: they may be right, but deserve a second look.
    """
    lock_editable(assessment, "save KPI inputs")
    inputs = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    unknown = set(entries) - set(inputs)
    if unknown:
        raise KeyError(f"no KPI inputs {sorted(unknown)} in {rubric.key}")
    existing = queries.kpi_values_by_input(assessment)
    last_year = queries.last_year_kpi_inputs(assessment)
    system = system_figures(assessment, rubric)
    checked, problems, warnings = check_kpi_inputs(rubric, existing, entries, last_year, system)
    versions = {i: entry.version for i, entry in entries.items()}
    taken = up_to_date(versions, existing)
    changed, conflicts = write_checked(
        checked, existing, versions, lambda row, i, v: _apply(assessment, row, i, v, actor)
    )
    if changed:
        touch(assessment)
    db.session().flush()
    logger.info(
        "assessment %s KPI inputs: %d changed, %d problems, %d warnings, %d conflicts",
        assessment.id,
        len(changed),
        len(problems),
        len(warnings),
        len(conflicts),
    )
    now = queries.kpi_values_by_input(assessment)  # the rows as this save left them
    stored = stored_after(taken, now, stored_kpi_values)
    return SaveResult(tuple(problems), tuple(warnings), tuple(changed), tuple(conflicts), stored)


def check_kpi_inputs(
    rubric: Rubric,
    existing: Mapping[str, KpiValue],
    entries: Mapping[str, KpiEntry],
    last_year: Mapping[str, Decimal],
    system: SystemFigures = NO_FIGURES,
) -> tuple[dict[str, dict[str, Any]], list[Problem], list[Problem]]:
    """Every rule a save of KPI inputs applies, writing nothing: (checked, problems, warnings).

    `system`: what rcapp counts itself (a park's residents), held against the typed figures.

    The one list of rules: the KPI page saves through it and the template import's check
    runs it on the rows it would write, so an import checked clean is never refused on
    apply (qa21 D3: a share over 100 % passed the check and ended in a 500).
    """
    inputs = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    problems: list[Problem] = []
    warnings: list[Problem] = []
    checked: dict[str, dict[str, Any]] = {}
    for input_id, entry in entries.items():
        values, found, doubts = check_kpi_input(inputs[input_id], entry, last_year.get(input_id))
        problems.extend(found)
        warnings.extend(doubts)
        checked[input_id] = values
    # both read the values as typed; then neither input of a refused figure is saved
    across = _shares_over_limit(rubric, existing, checked, system)
    across += _residents_below_register(rubric, existing, checked, system)
    for problem in across:
        checked[problem.subject].pop("value", None)
    problems.extend(across)
    warnings.extend(_hours_over_a_year(rubric, existing, checked))
    warnings.extend(_zero_denominators(rubric, existing, checked))
    warnings.extend(_zeros(rubric, existing, checked, last_year))
    return checked, problems, warnings


def write_checked(
    checked: Mapping[str, Mapping[str, Any]],
    existing: Mapping[str, Row],
    versions: Mapping[str, int | None],
    apply: Callable[[Row | None, str, Mapping[str, Any]], bool],
) -> tuple[list[str], list[Conflict]]:
    """Write each input's checked values unless the page was older: (changed, conflicts).

    `apply(row, input_id, values)` writes one input and says whether anything changed.
    """
    changed: list[str] = []
    conflicts: list[Conflict] = []
    for input_id, values in checked.items():
        row = existing.get(input_id)
        conflict = kpi_conflict(row, values, versions.get(input_id), input_id)
        if conflict is not None:
            conflicts.append(conflict)
        elif apply(row, input_id, values):
            changed.append(input_id)
    return changed, conflicts


def stored_kpi_values(row: Row | None) -> dict[str, Any]:
    """Return a KPI input row's value and note (a backfilled one's too); {} for no row."""
    return {} if row is None else {"value": row.value, "note": row.note}


def kpi_conflict(
    row: Row | None,
    values: Mapping[str, Any],
    based_on: int | None,
    input_id: str,
) -> Conflict | None:
    """Refuse a change typed on a page older than the stored value (same values are fine)."""
    stored = 0 if row is None else row.version
    if based_on is None or based_on == stored:
        return None
    current = stored_kpi_values(row)
    if all(current.get(name) == value for name, value in values.items()):
        return None
    return Conflict(input_id, stored, current, None if row is None else row.updated_by_id)


def _shares_over_limit(
    rubric: Rubric,
    existing: Mapping[str, KpiValue],
    checked: Mapping[str, Mapping[str, Any]],
    system: SystemFigures,
) -> list[Problem]:
    """Problems for both inputs of each share a typed value would take over 100 %.

    Neither is saved (qa50 M2: 125 compliant of 120 monitored was marked on the monitored
    points only and the 125 saved): the page marks both and keeps both typed values.
    """
    candidate, typed = _after_save(existing, checked)
    problems: list[Problem] = []
    for kpi, result in shares_over_limit(rubric, with_system(candidate, system)):
        names = parse_formula(kpi.formula).names
        if not names & typed:
            continue
        for input_id in sorted(names & checked.keys()):
            problems.append(Problem(input_id, "value", "share_over_100", share_params(kpi, result)))
    return problems


def _residents_below_register(
    rubric: Rubric,
    existing: Mapping[str, KpiValue],
    checked: Mapping[str, Mapping[str, Any]],
    system: SystemFigures,
) -> list[Problem]:
    """Problems for a resident count typed below the residents registered in rcapp (not saved)."""
    candidate, typed = _after_save(existing, checked)
    problems = []
    for input_id, value in below_register(rubric, candidate, system).items():
        if input_id in typed:
            params = {"value": value, "registered": system.registered}
            problems.append(Problem(input_id, "value", "residents_below_register", params))
    return problems


def _after_save(
    existing: Mapping[str, KpiValue], checked: Mapping[str, Mapping[str, Any]]
) -> tuple[dict[str, Decimal], set[str]]:
    """Return the inputs' values as this save would leave them, and which it changes."""
    candidate = {input_id: row.value for input_id, row in existing.items()}
    typed = {
        input_id
        for input_id, values in checked.items()
        if "value" in values and values["value"] != candidate.get(input_id)
    }
    for input_id in typed:
        if checked[input_id]["value"] is None:
            candidate.pop(input_id, None)
        else:
            candidate[input_id] = checked[input_id]["value"]
    return candidate, typed


def _hours_over_a_year(
    rubric: Rubric, existing: Mapping[str, KpiValue], checked: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    """Warnings for the typed inputs of hours per person above a year's hours (still saved)."""
    candidate, typed = _after_save(existing, checked)
    warnings: list[Problem] = []
    for pair in hours_pairs(rubric):
        per_person = over_a_year(pair, candidate)
        if per_person is None:
            continue
        params = hours_params(pair.hours, pair.headcount, Decimal(round(per_person)))
        for input_id in (name for name in pair.names if name in typed):
            warnings.append(Problem(input_id, "value", "hours_over_a_year", params))
    return warnings


def _zero_denominators(
    rubric: Rubric, existing: Mapping[str, KpiValue], checked: Mapping[str, Mapping[str, Any]]
) -> list[Problem]:
    """Warnings for a typed 0 that leaves a KPI with every input but no figure (still saved).

    A 0 in a denominator (入园企业工业总产值, 承包商工时) makes the KPI "无法计算": possible
    (no contractors), but as worth a second look as a share over 100 % (qa38 S6).
    """
    candidate, typed = _after_save(existing, checked)
    warnings: list[Problem] = []
    for kpi in rubric.kpis:
        formula = parse_formula(kpi.formula)
        if not formula.names <= candidate.keys() or formula.evaluate(candidate) is not None:
            continue
        params = {"kpi_zh": kpi.name.zh, "kpi_en": kpi.name.en}
        for input_id in sorted(formula.names & typed):
            if candidate[input_id] == 0:
                warnings.append(Problem(input_id, "value", "zero_denominator", params))
    return warnings


def _zeros(
    rubric: Rubric,
    existing: Mapping[str, KpiValue],
    checked: Mapping[str, Mapping[str, Any]],
    last_year: Mapping[str, Decimal],
) -> list[Problem]:
    """Warnings for a 0 saved in this form where last year or the output says otherwise."""
    candidate, _typed = _after_save(existing, checked)
    saved = {input_id for input_id, values in checked.items() if values.get("value") is not None}
    return zero_doubts(rubric, candidate, last_year, saved)


def hours_params(hours: KpiInput, headcount: KpiInput, value: Any) -> dict[str, Any]:
    """Return the message's parameters: both labels in both languages, the figure, the bound."""
    return {
        "hours_zh": hours.label.zh,
        "hours_en": hours.label.en,
        "headcount_zh": headcount.label.zh,
        "headcount_en": headcount.label.en,
        "value": value,
        "limit": HOURS_IN_A_YEAR,
    }


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
        author = actor.id  # read before the row joins the session (no autoflush of it)
        row = KpiValue(
            assessment=assessment,
            input_id=input_id,
            value=values["value"],
            note=values.get("note"),
            updated_by_id=author,
        )
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
    row.updated_by_id = actor.id
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
