"""An organisation's own KPI targets: add, change and delete them, checked by the answer rules.

The rules are scoring.answer_rules.target_rules, the same ones `rcapp score` applies to an
answers file's `targets:`. Every add, change and delete is written to the audit log (field
`target:<id>`), like answers and KPI inputs. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.changes import diff, touch
from rcapp.assessments.kpi_years import incomparable_kpis
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.assessments.results import scoring_inputs
from rcapp.audit.services import record
from rcapp.rubrics.model import Kpi, Rubric
from rcapp.scoring.answer_rules import Violation, target_goal_rules, target_rules
from rcapp.scoring.kpis import kpi_value


@dataclass(frozen=True)
class TargetInput:
    kpi_id: str
    base_year: int | None
    deadline: int | None
    value: Decimal | None
    change_pct: Decimal | None
    note: str = ""


def target_violations(
    assessment: Assessment, rubric: Rubric, entry: TargetInput, editing: KpiTarget | None = None
) -> list[Violation]:
    """Check the target's fields, then what it asks of its KPI (range, better direction).

    `editing` is the target being changed (it does not clash with itself).
    """
    found = target_rules(
        frozenset(kpi.id for kpi in rubric.kpis),
        assessment.cycle.year,
        entry.kpi_id,
        entry.base_year,
        entry.deadline,
        entry.value,
        entry.change_pct,
    )
    kpi = next((k for k in rubric.kpis if k.id == entry.kpi_id), None)
    if kpi is None:
        return found
    taken = {violation.field for violation in found}  # one message per field
    twin = _same_target(assessment, entry, editing)
    if twin is not None and "kpi_id" not in taken:
        # One target per KPI and target year: a second (a double tap, or entered again on a
        # phone where the form came back empty) listed the KPI twice (qa48 D2). Milestones
        # (2027 and 2030) stay possible.
        params = {"kpi": kpi.id, "deadline": twin.deadline}
        return [*found, Violation("target_duplicate", "kpi_id", params)]
    # A base year whose rubric version defined the KPI otherwise does not compare.
    other = incomparable_kpis(assessment, rubric) if entry.base_year is not None else {}
    if "base_year" not in taken and kpi.id in other.get(entry.base_year or 0, frozenset()):
        params = {"base": entry.base_year, "kpi": kpi.id, "year": assessment.cycle.year}
        return [*found, Violation("target_base_year_incomparable", "base_year", params)]
    base = base_value(assessment, rubric, kpi, entry)
    goal = target_goal_rules(kpi, base, entry.value, entry.change_pct)
    return found + [violation for violation in goal if violation.field not in taken]


def _same_target(
    assessment: Assessment, entry: TargetInput, editing: KpiTarget | None
) -> KpiTarget | None:
    if entry.deadline is None:
        return None
    return next(
        (
            t
            for t in assessment.kpi_targets
            if t is not editing
            and (editing is None or t.id != editing.id)
            and (t.kpi_id, t.deadline) == (entry.kpi_id, entry.deadline)
        ),
        None,
    )


def incomparable_targets(assessment: Assessment, rubric: Rubric) -> frozenset[int]:
    """Return the ids of the stored targets whose base year defined their KPI otherwise.

    Such bases are refused since (target_violations); targets saved before stay listed,
    marked, with no progress computed, until they are changed or deleted.
    """
    if not assessment.kpi_targets:
        return frozenset()
    other = incomparable_kpis(assessment, rubric)
    return frozenset(
        target.id
        for target in assessment.kpi_targets
        if target.kpi_id in other.get(target.base_year, frozenset())
    )


def stored_violations(assessment: Assessment, rubric: Rubric, target: KpiTarget) -> list[Violation]:
    """Say what keeps a stored target from being saved again as it is (its base year)."""
    if target.id not in incomparable_targets(assessment, rubric):
        return []
    params = {"base": target.base_year, "kpi": target.kpi_id, "year": assessment.cycle.year}
    return [Violation("target_base_year_incomparable", "base_year", params)]


def base_value(
    assessment: Assessment, rubric: Rubric, kpi: Kpi, entry: TargetInput
) -> Decimal | None:
    """Return the KPI's base-year value as the result page computes it, None when unknown."""
    if entry.base_year is None or entry.base_year > assessment.cycle.year:
        return None
    inputs, _context = scoring_inputs(assessment, rubric)
    years = {**inputs.kpi_history, inputs.year: inputs.kpi_inputs}
    return kpi_value(kpi, years.get(entry.base_year, {})).value


def base_year_without_data(assessment: Assessment, rubric: Rubric, entry: TargetInput) -> bool:
    """Whether an earlier base year has no value of the KPI: no progress can ever be shown.

    This year's figures may still be typed: only an earlier year is named (qa34 S17).
    """
    kpi = next((k for k in rubric.kpis if k.id == entry.kpi_id), None)
    if kpi is None or entry.base_year is None or entry.base_year >= assessment.cycle.year:
        return False
    return base_value(assessment, rubric, kpi, entry) is None


def snapshot(target: KpiTarget) -> dict[str, Any]:
    """Describe the target for the audit log (`target_year`: there `deadline` means a date)."""
    return {
        "kpi_id": target.kpi_id,
        "base_year": target.base_year,
        "target_year": target.deadline,
        "value": target.value,
        "change_pct": target.change_pct,
        "note": target.note,
    }


def save_target(
    assessment: Assessment,
    rubric: Rubric,
    entry: TargetInput,
    actor: User,
    target: KpiTarget | None = None,
) -> tuple[KpiTarget | None, list[Violation]]:
    """Add a target (or change `target`); nothing is written when a rule is broken."""
    violations = target_violations(assessment, rubric, entry, target)
    if violations or entry.base_year is None or entry.deadline is None:
        return None, violations  # the rules report a missing year, so never silent
    before = None if target is None else snapshot(target)
    if target is None:
        target = KpiTarget(assessment=assessment)
        db.session().add(target)
    target.kpi_id = entry.kpi_id
    target.base_year = entry.base_year
    target.deadline = entry.deadline
    target.value = entry.value
    target.change_pct = entry.change_pct
    target.note = entry.note.strip() or None
    db.session().flush()
    after = snapshot(target)
    if before is None:
        record(
            actor,
            "assessment",
            assessment.id,
            "target.add",
            field=f"target:{target.id}",
            after=after,
        )
    elif before != after:
        old, new = diff(before, after)
        record(
            actor,
            "assessment",
            assessment.id,
            "target.update",
            field=f"target:{target.id}",
            before=old,
            after=new,
        )
    else:
        return target, []  # saved unchanged: nothing to log
    touch(assessment)
    return target, []


def delete_target(assessment: Assessment, target: KpiTarget, actor: User) -> None:
    before = snapshot(target)
    record(
        actor,
        "assessment",
        assessment.id,
        "target.delete",
        field=f"target:{target.id}",
        before=before,
    )
    assessment.kpi_targets.remove(target)
    touch(assessment)
    db.session().flush()
