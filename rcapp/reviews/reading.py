"""An assessment's review read once for its result pages (review_hook.read_review).

The result page asked three readers in turn (re-review, review underway, the outcome
page's link), each selecting the same review row: one select now serves all three.
"""

from __future__ import annotations

from rcapp.assessments.models import Assessment
from rcapp.assessments.review_hook import NO_READING, ReviewReading
from rcapp.reviews.queries import find_review
from rcapp.reviews.rereview import rereview_from
from rcapp.reviews.result_link import final_review_from
from rcapp.reviews.underway import underway_from


def review_reading(assessment: Assessment, user: object = None) -> ReviewReading:
    """Return the review's re-review, work underway and, for `user`, its outcome link."""
    review = find_review(assessment)
    if review is None:
        return NO_READING
    rereview = rereview_from(assessment, review)
    return ReviewReading(
        rereview=rereview,
        # under re-review the pages tell the re-review, not a review underway
        underway=None if rereview is not None else underway_from(review),
        final_review_id=None if user is None else final_review_from(review, user),
    )
