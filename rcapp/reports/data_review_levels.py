"""What the peer review changed, item by item, for the results workbook (qa14 D2).

A final result counts the review's levels; the organisation's own answers stay in its
answers. The workbook shows both: the self-assessed level from the answers, the level
after the review and, where the review changed it, the reason given (the lead's
settlement reason first, then each reviewer's once), each on its line with who gave it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.assessments.models import Assessment
from rcapp.reviews import queries
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.outcome_rows import changed_items
from rcapp.reviews.reason_authors import attributed
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard


@dataclass(frozen=True)
class ReviewedItems:
    """The organisation's own scorecard and the review's reason per changed item."""

    self_card: Scorecard
    reasons: dict[str, str]


def reviewed_items(assessment: Assessment, rubric: Rubric) -> ReviewedItems | None:
    """Return the self levels and the reasons of a finalised review (None: not reviewed)."""
    review = queries.find_review(assessment)
    if review is None or not review.is_final:
        return None
    self_card = self_scorecard(assessment, rubric)
    changes = changed_items(review, rubric, self_card)
    reasons = {
        item_id: "\n".join(attributed(reason) for reason in found)
        for item_id, found in changes.reasons.items()
    }
    return ReviewedItems(self_card, reasons)
