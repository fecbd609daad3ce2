"""The link from an assessment's result page to its final review's outcome page."""

from __future__ import annotations

from rcapp.assessments.models import Assessment
from rcapp.reviews import queries
from rcapp.reviews.models import Review
from rcapp.reviews.permissions import ReviewAction, can_review


def final_review_for(assessment: Assessment, user: object) -> int | None:
    """Return the final review's id when `user` may open its outcome page, else None."""
    return final_review_from(queries.find_review(assessment), user)


def final_review_from(review: Review | None, user: object) -> int | None:
    """Return `review`'s id when it is final and `user` may open its outcome page."""
    if review is None or not can_review(user, ReviewAction.SEE_FINAL, review):
        return None
    return review.id
