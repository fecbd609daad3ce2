"""Where reports get an assessment's scorecard: a snapshot whenever one stands for it.

Reports never recompute a result that has been kept (issue 7): a closed year shows its
frozen snapshot, a settled peer review its final snapshot, a submitted self-assessment the
snapshot taken at submit. Only an assessment still being filled in is scored live, from
its current answers (and it is labelled so on every document).
"""

from __future__ import annotations

from rcapp.assessments.models import Assessment, AssessmentStatus, SnapshotKind
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import (
    ShownScorecard,
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
)
from rcapp.rubrics.model import Rubric


def _kinds_for(assessment: Assessment) -> tuple[SnapshotKind, ...]:
    """Snapshot kinds that may stand for the assessment, the most authoritative first."""
    kinds: list[SnapshotKind] = []
    if not assessment.cycle.is_open:
        kinds.append(SnapshotKind.FROZEN)
    kinds.append(SnapshotKind.FINAL)
    if assessment.status is AssessmentStatus.SUBMITTED:
        kinds.append(SnapshotKind.SELF)
    return tuple(kinds)


def scorecard_for(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
    """Return the scorecard reports show for `assessment` (see the module docstring)."""
    for kind in _kinds_for(assessment):
        snapshot = find_snapshot(assessment, kind)
        if snapshot is not None:
            return ShownScorecard(
                card=snapshot_scorecard(snapshot),
                review=snapshot_review_context(snapshot),
                kind=kind,
                computed_at=snapshot.computed_at,
            )
    review = review_context_of(assessment)
    return ShownScorecard(compute_scorecard(assessment, rubric, review=review), review)
