"""Where a submitted result stands in its peer review: the one rule every result reads.

The result page, the home to-do card and the PDF scorecard ask here whether a peer review
is in progress and which result is of record meanwhile:

- a first peer review running (`underway`): the answers are locked, the self result is
  provisional, and the stars that need a peer review wait for its end (nothing the
  organisation does moves the score until then);
- reviewed again after an upheld appeal (`rereview`): the earlier final rating, kept as
  the snapshot kind `appealed`, stays the rating of record, marked as under re-review;
- a first review not finished when its year closed (`frozen`): the year published the
  self result, and the pages say the review was stopped by the close (qa45 S11), as the
  secretariat's pages do (评审未完成（年度关闭时冻结）), not that there was no review.

The reviews package answers through review_hook (assessments sit below reviews).
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.review_hook import Rereview, ReviewReading, ReviewUnderway, read_review
from rcapp.assessments.snapshots import ShownScorecard, appealed_scorecard, shown_scorecard
from rcapp.rubrics.model import Rubric


@dataclass(frozen=True)
class ReviewState:
    """A submitted result's peer review, as every page of that result tells it."""

    underway: ReviewUnderway | None = None  # a first peer review in progress
    rereview: Rereview | None = None  # reviewed again after an upheld appeal
    frozen: ReviewUnderway | None = None  # a first review the year's close left unfinished

    @property
    def awaiting_review(self) -> bool:
        """A first review runs: stars that need a peer review wait for its end."""
        return self.underway is not None


NO_REVIEW = ReviewState()


def review_state_of(assessment: Assessment, reading: ReviewReading | None = None) -> ReviewState:
    """Say where the assessment's peer review stands (see the module docstring).

    A first review counts only while the answers are locked for it: the assessment is
    submitted in a year still open (a closed year publishes its frozen result as it is).
    `reading`: the review as the page has read it already (review_hook.read_review).
    """
    found = reading if reading is not None else read_review(assessment)
    if found.rereview is not None:
        return ReviewState(rereview=found.rereview)
    if assessment.status is not AssessmentStatus.SUBMITTED:
        return NO_REVIEW
    underway = found.underway
    if underway is None:
        return NO_REVIEW
    if assessment.cycle.is_closed:
        return ReviewState(frozen=underway)
    return ReviewState(underway=underway)


def shown_of_record(
    assessment: Assessment, rubric: Rubric, state: ReviewState | None = None
) -> ShownScorecard:
    """Return the result of record: during a re-review the earlier final rating, as kept.

    Otherwise what the result page shows (snapshots.shown_scorecard). A review reopened
    before the earlier rating was kept has none: the page says so (result.html).
    """
    found = state if state is not None else review_state_of(assessment)
    appealed = appealed_scorecard(assessment) if found.rereview is not None else None
    return appealed or shown_scorecard(assessment, rubric)
