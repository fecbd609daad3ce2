"""An organisation's own KPI targets: add, change and delete them, checked by the answer rules.

The rules are scoring.answer_rules.target_rules, the same ones `rcapp score` applies to an
answers file's `targets:`. Services flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rcapp import db
from rcapp.assessments.models import Assessment, KpiTarget
from rcapp.rubrics.model import Rubric
from rcapp.scoring.answer_rules import Violation, target_rules


@dataclass(frozen=True)
class TargetInput:
    kpi_id: str
    base_year: int | None
    deadline: int | None
    value: Decimal | None
    change_pct: Decimal | None
    note: str = ""


def target_violations(
    assessment: Assessment, rubric: Rubric, entry: TargetInput
) -> list[Violation]:
    return target_rules(
        frozenset(kpi.id for kpi in rubric.kpis),
        assessment.cycle.year,
        entry.kpi_id,
        entry.base_year,
        entry.deadline,
        entry.value,
        entry.change_pct,
    )


def save_target(
    assessment: Assessment,
    rubric: Rubric,
    entry: TargetInput,
    target: KpiTarget | None = None,
) -> tuple[KpiTarget | None, list[Violation]]:
    """Add a target (or change `target`); nothing is written when a rule is broken."""
    violations = target_violations(assessment, rubric, entry)
    if violations or entry.base_year is None or entry.deadline is None:
        return None, violations  # the rules report a missing year, so never silent
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
    return target, []


def delete_target(assessment: Assessment, target: KpiTarget) -> None:
    assessment.kpi_targets.remove(target)
    db.session().flush()
