"""The appeal of an assessment's final rating still waiting for the secretariat, if any.

While it waits the final rating stands; the final page's stars and the scorecard say an
appeal is pending (申诉处理中), with the day it was filed.
"""

from __future__ import annotations

from rcapp.assessments.models import Assessment
from rcapp.reviews.models import Appeal
from rcapp.reviews.permissions import review_of
from rcapp.reviews.settling import open_appeal


def pending_appeal_of(assessment: Assessment) -> Appeal | None:
    """Return the assessment's review's open appeal (None: no review, or none open)."""
    review = review_of(assessment)
    return None if review is None else open_appeal(review)
