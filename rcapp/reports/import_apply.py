"""Write an import plan through the assessment services: audited, flushed once, not committed.

Conflicting rows are written only where the user decided for the file; everything else the
plan lists is written. The caller (a view or the CLI) commits once, so it is one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from rcapp.accounts.models import User
from rcapp.assessments import events as event_services
from rcapp.assessments import services
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import ItemInput, Problem
from rcapp.audit.services import record
from rcapp.reports.importer import ImportPlan
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)


def apply_plan(
    assessment: Assessment,
    rubric: Rubric,
    plan: ImportPlan,
    take_file: Collection[str],
    actor: User,
) -> int:
    """Write the planned changes (conflicts only where `take_file` names them); flush only.

    Raises ValueError when the plan still has problems. Returns how many rows were written.
    """
    if not plan.ok:
        raise ValueError("an import with problems cannot be applied")
    chosen = {c.key for c in plan.changes if not c.conflict or c.key in take_file}
    by_section: dict[str, dict[str, ItemInput]] = {}
    section_na: dict[str, ItemInput] = {}
    prerequisites: dict[str, ItemInput] = {}
    for key, (kind, sheet_key, typed) in plan.answers.items():
        subject = key.split(":", 1)[1]
        if key not in chosen:
            continue
        if kind == "prerequisite":
            prerequisites[subject] = typed
        elif kind == "section_na":
            section_na[subject] = typed
        else:
            by_section.setdefault(sheet_key, {})[subject] = typed
    written = 0
    for section_id in sorted(set(by_section) | set(section_na)):
        result = services.save_section(
            assessment,
            rubric,
            section_id,
            by_section.get(section_id, {}),
            actor,
            section_na=section_na.get(section_id),
        )
        _require_ok(result.problems)
        written += len(by_section.get(section_id, {})) + (section_id in section_na)
    if prerequisites:
        _require_ok(services.save_prerequisites(assessment, rubric, prerequisites, actor).problems)
        written += len(prerequisites)
    kpis = {k.split(":", 1)[1]: e for k, e in plan.kpis.items() if k in chosen}
    if kpis:
        _require_ok(save_kpi_inputs(assessment, rubric, kpis, actor).problems)
        written += len(kpis)
    for key, event_input in plan.events.items():
        if key in chosen:
            _event, problems = event_services.add_event(assessment, rubric, event_input, actor)
            _require_ok(tuple(problems))
            written += 1
    skipped = len(plan.changes) - len(chosen)
    record(
        actor,
        "assessment",
        assessment.id,
        "import",
        after={"rows": written, "conflicts_kept_web": skipped},
    )
    logger.info("assessment %s import: %d rows written, %d kept", assessment.id, written, skipped)
    return written


def _require_ok(problems: tuple[Problem, ...]) -> None:
    if problems:
        raise ValueError(f"import refused on apply: {problems[0]}")
