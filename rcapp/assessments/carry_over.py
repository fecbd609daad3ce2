"""Copy from last year: fill a draft from the organisation's previous assessment.

Only answers still empty are filled (nothing typed this year is overwritten), each copied
answer is checked against this year's rubric like typed input (an item whose levels
changed is skipped), and the assessment stays a draft: the organisation reviews and
submits it itself. Each copied answer keeps the year it came from until its page is
saved (services.save_section), so that the page marks what is still to review. KPI
inputs are not copied: they are this year's figures.

A copied answer brings last year's evidence files of its item with it (qa45 D1: without
them nearly every level was capped for missing evidence and the score collapsed). Each file
is copied byte for byte into a new stored file of this year's row: deleting it this year
leaves last year's file in place. The previous assessment is always the same organisation's.
The pages ask the organisation to check each file is still valid (a certificate expires).

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
from rcapp.assessments import queries, storage
from rcapp.assessments.changes import apply_answer, lock_editable, touch
from rcapp.assessments.evidence import MAX_FILES_PER_ITEM
from rcapp.assessments.file_columns import stored_file_values
from rcapp.assessments.kpi_targets import TargetInput, snapshot, target_violations
from rcapp.assessments.models import Answer, Assessment, AssessmentStatus, Attachment, KpiTarget
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
    files: int = 0  # evidence files copied with the answers
    missing_files: int = 0  # last year's files no longer on disk, not copied
    from_draft: bool = False  # last year's assessment was never submitted


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
    carried: list[str] = []
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
            carried.append(subject)
    files, missing = _copy_files(previous, assessment, carried, actor)
    targets = _copy_targets(previous, assessment, rubric, actor)
    if copied or targets:
        touch(assessment)
    db.session().flush()
    after = {
        "from_assessment": previous.id,
        "copied": copied,
        "skipped": skipped,
        "targets": targets,
        "files": files,
    }
    record(actor, "assessment", assessment.id, "copy_from_previous", after=after)
    logger.info(
        "assessment %s: %d answers, %d targets copied from %s",
        assessment.id,
        copied,
        targets,
        previous.id,
    )
    from_draft = previous.status is not AssessmentStatus.SUBMITTED
    return CarryOver(previous.cycle.year, copied, skipped, targets, files, missing, from_draft)


def _copy_files(
    previous: Assessment, assessment: Assessment, subjects: list[str], actor: User
) -> tuple[int, int]:
    """Copy the evidence files of `subjects` from `previous`; return (copied, missing)."""
    if previous.organisation_id != assessment.organisation_id:
        raise ValueError("evidence is never copied across organisations")
    wanted = set(subjects)
    have: dict[str, int] = {}
    for attachment in assessment.attachments:
        have[attachment.item_id] = have.get(attachment.item_id, 0) + 1
    directory = storage.upload_dir()
    written: list[storage.StoredFile] = []
    missing = 0
    session = db.session()
    try:
        for old in sorted(previous.attachments, key=lambda a: (a.item_id, a.id)):
            if old.item_id not in wanted or have.get(old.item_id, 0) >= MAX_FILES_PER_ITEM:
                continue
            stored = storage.copy_stored(
                old.stored_name, old.content_type, directory, sha256=old.sha256
            )
            if stored is None:
                missing += 1
                continue
            written.append(stored)
            session.add(
                Attachment(
                    assessment=assessment,
                    item_id=old.item_id,
                    **stored_file_values(old.original_name, stored, actor.id),
                )
            )
            have[old.item_id] = have.get(old.item_id, 0) + 1
        session.flush()
    except BaseException:
        for stored in written:
            stored.path.unlink(missing_ok=True)
        raise
    if written:
        # The copies are on disk already: remove them again if this transaction does not commit.
        paths = [stored.path for stored in written]

        def remove_copies() -> None:
            for path in paths:
                path.unlink(missing_ok=True)

        storage.on_outcome(session, abandoned=remove_copies)
    return len(written), missing


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
