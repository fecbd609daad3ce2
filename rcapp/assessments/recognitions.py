"""Read the secretariat's standing verifications and good-practice cases (read-only).

Whether each stands is kept on the assessment (`is_verified`, `has_good_practice_case`), so
a rating reads it with the assessment: a single assessment's through `recognised_context`
(review_hook, the final review's scorer), the whole cycle's from its assessments' rows
(cycle_rating); both pass it through inputs.with_recognition.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.inputs import Recognised, ReviewContext, with_recognition
from rcapp.assessments.models import Assessment
from rcapp.assessments.recognition_models import Recognition, RecognitionKind


def recognised_of(assessment: Assessment) -> Recognised:
    """Return what stands recorded for the assessment (its flags, kept by the services)."""
    return Recognised(
        verified=assessment.is_verified, good_practice_case=assessment.has_good_practice_case
    )


def recognised_context(assessment: Assessment, review: ReviewContext) -> ReviewContext:
    """Return `review` with what the secretariat recorded for the assessment."""
    return with_recognition(review, recognised_of(assessment))


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
