"""Copy from last year: fill a draft from the organisation's previous assessment.

Only answers still empty are filled (nothing typed this year is overwritten), each copied
answer is checked against this year's rubric like typed input (an item whose levels
changed is skipped), and the assessment stays a draft: the organisation reviews and
submits it itself. Each copied answer keeps the year it came from until its page is
saved (services.save_section), so that the page marks what is still to review. KPI
inputs are not copied: they are this year's figures.

The organisation's own KPI targets run over several years, so last year's targets that are
not yet due (target year this year or later) are copied too, checked by this year's target
rules (a KPI the new rubric version dropped is skipped). A target counts as already there
when this year has one for the same KPI and target year: the organisation may have revised it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments import queries
from rcapp.assessments.changes import apply_answer, lock_editable, touch
from rcapp.assessments.kpi_targets import TargetInput, snapshot, target_violations
from rcapp.assessments.models import Answer, Assessment, KpiTarget
from rcapp.assessments.validation import ItemInput, check_item, check_prerequisite
from rcapp.audit.services import record
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import NotFound
from rcapp.rubrics.model import Rubric

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CarryOver:
    year: int
    copied: int
    skipped: int
    targets: int = 0  # own KPI targets copied


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """Return the organisation's assessment of the latest earlier cycle, if any."""
    return (
        db.session()
        .scalars(
            select(Assessment)
            .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
            .where(
                Assessment.organisation_id == assessment.organisation_id,
                ReportingCycle.year < assessment.cycle.year,
            )
            .order_by(ReportingCycle.year.desc())
            .limit(1)
        )
        .first()
    )


def _typed(answer: Answer) -> ItemInput:
    return ItemInput(
        level=None if answer.level is None else str(answer.level),
        value=None if answer.value is None else str(answer.value),
        is_na=answer.is_na,
        na_reason=answer.kept_na_reason,
        evidence_note=answer.evidence_note or "",
        comment=answer.comment or "",
    )


def copy_from_previous(assessment: Assessment, rubric: Rubric, actor: User) -> CarryOver:
    """Fill the empty answers of a draft from last cycle's; raise NotFound without one."""
    lock_editable(assessment, "copy from last year")
    previous = previous_assessment(assessment)
    if previous is None:
        raise NotFound(f"no earlier assessment for organisation {assessment.organisation_id}")
    old = {answer.item_id: answer for answer in previous.answers}
    existing = queries.answers_by_item(assessment)
    items = rubric.item_index()
    prerequisites = {p.id for p in rubric.prerequisites}
    copied = skipped = 0
    for subject, answer in old.items():
        if subject in existing:
            continue  # typed this year: never overwritten
        if subject in items:
            values, problems = check_item(items[subject], _typed(answer))
        elif subject in prerequisites:
            values, problems = check_prerequisite(subject, _typed(answer))
        else:
            continue  # sections' N/A and items no longer in the rubric are not carried
        if problems:
            skipped += 1
            continue
        if apply_answer(assessment, existing, subject, values, actor) is True:
            # Marked on its page until saved there: copied, not yet reviewed.
            existing[subject].copied_from_year = previous.cycle.year
            copied += 1
    targets = _copy_targets(previous, assessment, rubric, actor)
    if copied or targets:
        touch(assessment)
    db.session().flush()
    after = {
        "from_assessment": previous.id,
        "copied": copied,
        "skipped": skipped,
        "targets": targets,
    }
    record(actor, "assessment", assessment.id, "copy_from_previous", after=after)
    logger.info(
        "assessment %s: %d answers, %d targets copied from %s",
        assessment.id,
        copied,
        targets,
        previous.id,
    )
    return CarryOver(previous.cycle.year, copied, skipped, targets)


def _copy_targets(previous: Assessment, assessment: Assessment, rubric: Rubric, actor: User) -> int:
    """Copy last year's targets not yet due and not already set this year; return how many."""
    year = assessment.cycle.year
    have = {(t.kpi_id, t.deadline) for t in assessment.kpi_targets}
    copied = 0
    for old in sorted(previous.kpi_targets, key=lambda t: (t.kpi_id, t.deadline, t.id)):
        if old.deadline < year or (old.kpi_id, old.deadline) in have:
            continue
        entry = TargetInput(
            old.kpi_id, old.base_year, old.deadline, old.value, old.change_pct, old.note or ""
        )
        if target_violations(assessment, rubric, entry):
            continue  # e.g. a KPI this year's rubric no longer has
        target = KpiTarget(
            assessment=assessment,
            kpi_id=old.kpi_id,
            base_year=old.base_year,
            deadline=old.deadline,
            value=old.value,
            change_pct=old.change_pct,
            note=old.note,
        )
        db.session().add(target)
        db.session().flush()
        record(
            actor,
            "assessment",
            assessment.id,
            "target.copy",
            field=f"target:{target.id}",
            after=snapshot(target),
        )
        have.add((old.kpi_id, old.deadline))
        copied += 1
    return copied
