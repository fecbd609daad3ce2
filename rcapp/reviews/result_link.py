"""The link from an assessment's result page to its final review's outcome page."""

from __future__ import annotations

import datetime as dt

from rcapp.assessments.models import Assessment
from rcapp.assessments.rating_words import vetoed
from rcapp.assessments.review_hook import FinalOutcome
from rcapp.reviews import queries
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Review
from rcapp.reviews.permissions import ReviewAction, can_review
from rcapp.reviews.settling import appeal_of_rating


def final_review_for(assessment: Assessment, user: object) -> int | None:
    """Return the final review's id when `user` may open its outcome page, else None."""
    return final_review_from(queries.find_review(assessment), user)


def final_review_from(review: Review | None, user: object) -> int | None:
    """Return `review`'s id when it is final and `user` may open its outcome page."""
    if review is None or not can_review(user, ReviewAction.SEE_FINAL, review):
        return None
    return review.id


def final_outcome_for(assessment: Assessment, user: object, today: dt.date) -> FinalOutcome | None:
    """Return the final review's outcome for the home card, as its outcome page tells it.

    The self-assessed stars are the outcome page's (self_scorecard); the appeal deadline is
    given while an appeal may be filed: the day not past, and this rating not appealed yet.
    """
    review = queries.find_review(assessment)
    review_id = final_review_from(review, user)
    if review is None or review_id is None or not review.is_final:
        return None
    rating = self_scorecard(assessment).rating
    self_stars = rating.stars if rating.rated and not vetoed(rating) else None
    until = review.appeal_until
    open_ = until is not None and today <= until and appeal_of_rating(review) is None
    return FinalOutcome(review_id, self_stars, until if open_ else None)
