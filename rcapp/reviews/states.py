"""The review state of each reviewed assessment of a year (assessments.review_filters).

Read in one statement whatever the size of the year. "Under re-review" is the rule of
rereview.upheld_appeal: not final, and an appeal upheld.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.review_filters import ReviewState
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewStatus


def review_states(cycle_id: int) -> dict[int, ReviewState]:
    """Return the state of the cycle's assessments that have a peer review, by assessment id."""
    upheld = (
        exists()
        .where(Appeal.review_id == Review.id, Appeal.status == AppealStatus.UPHELD)
        .correlate(Review)
    )
    pending = (
        exists()
        .where(Appeal.review_id == Review.id, Appeal.status == AppealStatus.OPEN)
        .correlate(Review)
    )
    rows = db.session().execute(
        select(Review.assessment_id, Review.status, upheld, pending)
        .join(Assessment, Assessment.id == Review.assessment_id)
        .where(Assessment.cycle_id == cycle_id)
    )
    return {assessment_id: _state(status, bool(u), bool(p)) for assessment_id, status, u, p in rows}


def _state(status: ReviewStatus, upheld: bool, pending: bool) -> ReviewState:
    if status is ReviewStatus.FINAL:
        return ReviewState.APPEALED if pending else ReviewState.FINAL
    return ReviewState.REREVIEW if upheld else ReviewState.IN_REVIEW
