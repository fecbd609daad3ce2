"""Read the secretariat's standing verifications and good-practice cases (read-only).

`recognised_by_assessment` is the one reader both ratings use: a single assessment's
(`recognised_context`, through review_hook and the final review's scorer) and the whole
cycle's set-based one (cycle_rating), so what counts as recorded is decided once.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.inputs import NOT_RECOGNISED, Recognised, ReviewContext, with_recognition
from rcapp.assessments.models import Assessment
from rcapp.assessments.recognition_models import Recognition, RecognitionKind

_CHUNK = 500


def recognised_by_assessment(
    executor: Connection | Session,
    *,
    assessment_ids: Collection[int] | None = None,
    cycle_id: int | None = None,
) -> dict[int, Recognised]:
    """Return assessment id → what stands recorded, for the given assessments or a cycle's.

    Assessments with nothing recorded (or all of it withdrawn) are left out.
    """
    statement = select(Recognition.assessment_id, Recognition.kind).where(
        Recognition.withdrawn_at.is_(None)
    )
    if cycle_id is not None:
        statement = statement.join(Assessment, Assessment.id == Recognition.assessment_id).where(
            Assessment.cycle_id == cycle_id
        )
    if assessment_ids is None:
        statements = [statement]
    else:
        ids = list(assessment_ids)
        statements = [
            statement.where(Recognition.assessment_id.in_(ids[start : start + _CHUNK]))
            for start in range(0, len(ids), _CHUNK)
        ]
    kinds: dict[int, set[str]] = {}
    for chunk in statements:
        for assessment_id, kind in executor.execute(chunk).all():
            kinds.setdefault(assessment_id, set()).add(str(kind))
    return {
        assessment_id: Recognised(
            verified=RecognitionKind.VERIFICATION in found,
            good_practice_case=RecognitionKind.GOOD_PRACTICE_CASE in found,
        )
        for assessment_id, found in kinds.items()
    }


def recognised_context(assessment_id: int | None, review: ReviewContext) -> ReviewContext:
    """Return `review` with what the secretariat recorded for the assessment."""
    if assessment_id is None:  # not stored yet: nothing can be recorded for it
        return with_recognition(review, NOT_RECOGNISED)
    found = recognised_by_assessment(db.session(), assessment_ids=[assessment_id])
    return with_recognition(review, found.get(assessment_id, NOT_RECOGNISED))


def standing_recognitions(assessment_id: int) -> dict[RecognitionKind, Recognition]:
    """Return the assessment's standing verification and case, by kind."""
    rows = db.session().scalars(
        select(Recognition).where(
            Recognition.assessment_id == assessment_id, Recognition.withdrawn_at.is_(None)
        )
    )
    return {row.kind: row for row in rows}


def withdrawn_recognitions(assessment_id: int) -> list[Recognition]:
    """Return the assessment's withdrawn records, newest first (the page lists them)."""
    return list(
        db.session().scalars(
            select(Recognition)
            .where(
                Recognition.assessment_id == assessment_id, Recognition.withdrawn_at.is_not(None)
            )
            .order_by(Recognition.withdrawn_at.desc(), Recognition.id.desc())
        )
    )
