"""What the year's close page says about peer review: reviews not finalised, appeals not decided.

Closing freezes the year's results and every review with them (year_lock.py): a review
still open keeps the organisation's self-assessed (provisional) result in the published
one, an appeal waiting can only be dismissed. The secretariat sees each of them, with a
link, before confirming.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.reviews.models import Appeal, AppealStatus, Review, ReviewStatus

LISTED = 100  # rows named on the page; the rest are counted


@dataclass(frozen=True)
class OpenReview:
    """A review of the year not finalised, as the close page names it."""

    review: Review
    submitted: int
    assigned: int
    reopened: bool  # an upheld appeal reopened it
    returned: bool  # the answers were returned for revision: nothing of it is frozen


def close_notice(cycle: ReportingCycle) -> Mapping[str, Any] | None:
    """Return the close page's peer-review notice, or None when the year has no review."""
    session = db.session()
    in_year = select(Review.id).join(Assessment).where(Assessment.cycle_id == cycle.id)
    total = session.scalar(select(func.count()).select_from(in_year.subquery())) or 0
    if not total:
        return None
    reviews = session.scalars(
        select(Review)
        .join(Assessment)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(Assessment.cycle_id == cycle.id, Review.status == ReviewStatus.IN_REVIEW)
        .order_by(Organisation.name_zh, Review.id)
        .options(selectinload(Review.assignments), selectinload(Review.appeals))
    ).all()
    appeals = session.scalars(
        select(Appeal)
        .join(Review)
        .join(Assessment)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .where(Assessment.cycle_id == cycle.id, Appeal.status == AppealStatus.OPEN)
        .order_by(Organisation.name_zh, Appeal.id)
    ).all()
    return {
        "reviews": [_open_review(r) for r in reviews[:LISTED]],
        "review_count": len(reviews),
        "appeals": appeals[:LISTED],
        "appeal_count": len(appeals),
    }


def _open_review(review: Review) -> OpenReview:
    return OpenReview(
        review=review,
        submitted=len(review.submitted_assignments),
        assigned=len(review.assignments),
        reopened=any(a.status is AppealStatus.UPHELD for a in review.appeals),
        returned=review.assessment.status is not AssessmentStatus.SUBMITTED,
    )
