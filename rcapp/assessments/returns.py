"""Returning an assessment with notes on individual items, and reading those notes back.

Each return is a round (Assessment.return_round, counted by return_assessment, notes or
not); the organisation sees the notes of the latest round beside the items while the
assessment is back with it for revision. A plain return after one with notes shows none.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.facts import AssessmentFacts
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.services import return_assessment
from rcapp.audit.services import record
from rcapp.cycles.models import ItemComment

logger = logging.getLogger(__name__)

MAX_COMMENT = 2000


def return_with_item_comments(
    assessment: Assessment, comment: str, item_comments: Mapping[str, str], actor: User
) -> int:
    """Return the assessment (general comment required) and store the item notes; their count.

    Blank notes are dropped; `item_comments` keys must be item ids the caller checked.
    """
    return_assessment(assessment, comment, actor)
    notes = {item: text.strip() for item, text in item_comments.items() if text.strip()}
    if not notes:
        return 0
    round_ = assessment.return_round  # this return's, counted by return_assessment
    for item_id, text in sorted(notes.items()):
        db.session().add(
            ItemComment(
                assessment_id=assessment.id,
                round=round_,
                item_id=item_id,
                comment=text[:MAX_COMMENT],
                created_by_id=actor.id,
            )
        )
    db.session().flush()
    record(actor, "assessment", assessment.id, "return.items", after=notes)
    logger.info("assessment %s returned with %d item notes", assessment.id, len(notes))
    return len(notes)


def latest_item_comments(assessment: Assessment | AssessmentFacts) -> dict[str, ItemComment]:
    """Map item ids to the latest return's notes; empty unless back for revision."""
    if assessment.status is not AssessmentStatus.RETURNED:
        return {}
    rows = db.session().scalars(
        select(ItemComment).where(
            ItemComment.assessment_id == assessment.id,
            ItemComment.round == assessment.return_round,
        )
    )
    return {row.item_id: row for row in rows}
