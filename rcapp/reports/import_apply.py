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
from rcapp.assessments.kpi_backfill import save_backfill
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.models import Assessment
from rcapp.assessments.validation import ItemInput, KpiEntry, Problem
from rcapp.audit.services import record
from rcapp.reports.import_backfill import BACKFILL_FIELD_COLUMN, planned_backfills
from rcapp.reports.import_merge import answer_with, kpi_with
from rcapp.reports.importer import (
    ANSWER_FIELD_COLUMN,
    EVENT_FIELD_COLUMN,
    KPI_FIELD_COLUMN,
    Change,
    ImportPlan,
    LocatedProblem,
)
from rcapp.reports.template_model import BACKFILL_SHEET_KEY, column_named
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)


class ImportRefused(ValueError):
    """A service refused a row the check passed: nothing is to be committed (roll back).

    The check runs the services' own rules (import_rules), so this should not happen; if it
    does, the page says which row and why and keeps the preview, never a 500 (qa21 D3).
    """

    def __init__(self, located: LocatedProblem) -> None:
        super().__init__(f"import refused on apply: {located.problem}")
        self.located = located


def apply_plan(
    assessment: Assessment,
    rubric: Rubric,
    plan: ImportPlan,
    take_file: Collection[str],
    actor: User,
) -> int:
    """Write the planned changes; flush only.

    A conflicting cell takes the file's value only where `take_file` names it ("key|field"),
    or names its whole row ("key"); elsewhere the web's value stays. Raises ValueError when
    the plan still has problems, ImportRefused when a service refuses a row (the caller rolls
    back). Returns how many rows were written.
    """
    if not plan.ok:
        raise ValueError("an import with problems cannot be applied")
    taken, chosen = _chosen(plan, take_file)
    by_section: dict[str, dict[str, ItemInput]] = {}
    section_na: dict[str, ItemInput] = {}
    prerequisites: dict[str, ItemInput] = {}
    for key, (kind, sheet_key, planned) in plan.answers.items():
        subject = key.split(":", 1)[1]
        if key not in chosen:
            continue
        typed = answer_with(planned, plan.clashes.get(key, {}), taken[key])
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
            from_page=False,
        )
        _require_ok(result.problems, plan)
        written += len(by_section.get(section_id, {})) + (section_id in section_na)
    if prerequisites:
        _require_ok(
            services.save_prerequisites(
                assessment, rubric, prerequisites, actor, from_page=False
            ).problems,
            plan,
        )
        written += len(prerequisites)
    kpis = planned_kpis(plan, take_file)
    if kpis:
        _require_ok(save_kpi_inputs(assessment, rubric, kpis, actor).problems, plan)
        written += len(kpis)
    backfilled = 0
    for year, entries in sorted(planned_backfills(plan, chosen, taken).items()):
        # the web page's own service: the same checks, and audited as a backfill
        result = save_backfill(assessment, rubric, year, entries, actor)
        _require_ok(result.problems, plan, f"{BACKFILL_SHEET_KEY}:{year}:")
        backfilled += len(entries)
    written += backfilled
    for key, event_input in plan.events.items():
        if key in chosen:
            _event, problems = event_services.add_event(assessment, rubric, event_input, actor)
            _require_ok(tuple(problems), plan, key)
            written += 1
    skipped = len(plan.changes) - len(chosen)
    record(
        actor,
        "assessment",
        assessment.id,
        "import",
        after={"rows": written, "conflicts_kept_web": skipped, "backfill_rows": backfilled},
    )
    logger.info("assessment %s import: %d rows written, %d kept", assessment.id, written, skipped)
    return written


def planned_kpis(plan: ImportPlan, take_file: Collection[str]) -> dict[str, KpiEntry]:
    """Return the KPI inputs applying writes, by input id, as they will be written."""
    taken, chosen = _chosen(plan, take_file)
    return {
        k.split(":", 1)[1]: kpi_with(e, plan.clashes.get(k, {}), taken[k])
        for k, e in plan.kpis.items()
        if k in chosen
    }


def _chosen(
    plan: ImportPlan, take_file: Collection[str]
) -> tuple[dict[str, tuple[str, ...]], set[str]]:
    """Return each row's clashing cells taken from the file, and the keys of rows to write."""
    taken = {c.key: _taken(c, take_file) for c in plan.changes}
    # a conflict row of clashing cells only, none taken from the file: nothing to write
    chosen = {c.key for c in plan.changes if taken[c.key] or len(c.clashes) < len(c.fields)}
    return taken, chosen


def untaken_conflicts(plan: ImportPlan, take_file: Collection[str]) -> int:
    """Count the conflict rows with a cell left at the system's value (not taken)."""
    return sum(1 for c in plan.conflicts if len(_taken(c, take_file)) < len(c.clashes))


def _taken(change: Change, take_file: Collection[str]) -> tuple[str, ...]:
    if change.key in take_file:
        return change.clashes
    return tuple(name for name in change.clashes if f"{change.key}|{name}" in take_file)


def _require_ok(problems: tuple[Problem, ...], plan: ImportPlan, key: str | None = None) -> None:
    """Raise ImportRefused for the first problem, at the row of the file it came from."""
    if not problems:
        return
    problem = problems[0]
    if key is not None and key.endswith(":"):  # a backfill year's rows: "BACKFILL:2024:"
        key += problem.subject
    change = next(
        (c for c in plan.changes if c.key == key or c.key.split(":", 1)[-1] == problem.subject),
        None,
    )
    if change is None:
        raise ImportRefused(LocatedProblem("", None, "", problem))
    sheet_key = change.key.split(":", 1)[0]
    columns = {
        "KPI": KPI_FIELD_COLUMN,
        "EVENTS": EVENT_FIELD_COLUMN,
        BACKFILL_SHEET_KEY: BACKFILL_FIELD_COLUMN,
    }.get(sheet_key, ANSWER_FIELD_COLUMN)
    column = columns.get(problem.field, "")
    name = column_named(sheet_key, column) if column else ""
    raise ImportRefused(LocatedProblem(change.sheet, change.row, column, problem, None, name))
