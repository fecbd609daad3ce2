"""Where reports get an assessment's scorecard: a snapshot whenever one stands for it.

Reports never recompute a result that has been kept (issue 7): a closed year shows its
frozen snapshot, a settled peer review its final snapshot, a submitted self-assessment the
snapshot taken at submit. Only an assessment still being filled in is scored live, from
its current answers (and it is labelled so on every document), and a submitted park's
self snapshot whose count of three-star residents has changed since (computed_kpis).

The scorecard of one assessment (PDF, results workbook) follows the result page in one more
case: while the review is open again after an upheld appeal (read_review, the reviews
package's one rule) it shows the earlier final rating, kept apart, as the result page does.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.computed_kpis import snapshot_current
from rcapp.assessments.models import Assessment, AssessmentStatus, ScorecardSnapshot, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.review_state import ReviewState, review_state_of
from rcapp.assessments.snapshots import (
    ShownScorecard,
    appealed_scorecard,
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
)
from rcapp.rubrics.model import Rubric

CHUNK = 900  # ids per IN (...) list: under SQLite's bound-parameter limit


def _kinds_for(assessment: Assessment) -> tuple[SnapshotKind, ...]:
    """Snapshot kinds that may stand for the assessment, the most authoritative first."""
    kinds: list[SnapshotKind] = []
    if assessment.cycle.is_closed:
        kinds.append(SnapshotKind.FROZEN)
    kinds.append(SnapshotKind.FINAL)
    # reopened by an upheld appeal: the earlier final rating stays of record (review_state)
    kinds.append(SnapshotKind.APPEALED)
    if assessment.status is AssessmentStatus.SUBMITTED:
        kinds.append(SnapshotKind.SELF)
    return tuple(kinds)


def _shown(snapshot: ScorecardSnapshot) -> ShownScorecard:
    return ShownScorecard(
        card=snapshot_scorecard(snapshot),
        review=snapshot_review_context(snapshot),
        kind=snapshot.kind,
        computed_at=snapshot.computed_at,
    )


def _live(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
    review = review_context_of(assessment)
    return ShownScorecard(compute_scorecard(assessment, rubric, review=review), review)


def scorecard_for(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
    """Return the scorecard reports show for `assessment` (see the module docstring)."""
    for kind in _kinds_for(assessment):
        snapshot = find_snapshot(assessment, kind)
        if snapshot is not None:
            shown = _shown(snapshot)
            if _current(assessment, shown, rubric):
                return shown
            break
    return _live(assessment, rubric)


def assessment_scorecard(
    assessment: Assessment, rubric: Rubric
) -> tuple[ShownScorecard, ReviewState]:
    """Return what one assessment's scorecard shows, and where its peer review stands.

    As the result page (review_state, the one rule): during a re-review after an upheld
    appeal, the earlier final rating (with its reviewers); otherwise what every report
    shows (scorecard_for), with a first peer review in progress if one runs.
    """
    state = review_state_of(assessment)
    appealed = appealed_scorecard(assessment) if state.rereview is not None else None
    return appealed or scorecard_for(assessment, rubric), state


def _current(assessment: Assessment, shown: ShownScorecard, rubric: Rubric | None = None) -> bool:
    """Whether a self snapshot still stands: a park's computed count is taken live (D2)."""
    if shown.kind is not SnapshotKind.SELF:
        return True
    pinned = rubric if rubric is not None else rubric_of(assessment)
    return snapshot_current(assessment, pinned, shown.card)


def kept_scorecards(assessments: Sequence[Assessment]) -> dict[int, ShownScorecard]:
    """Read the snapshots that stand for many assessments in one query (whole-cycle work).

    Assessments without one are left out; the caller scores those live (scorecard_for).
    """
    ids = [a.id for a in assessments]
    found: dict[tuple[int, SnapshotKind], ScorecardSnapshot] = {}
    for start in range(0, len(ids), CHUNK):
        statement = select(ScorecardSnapshot).where(
            ScorecardSnapshot.assessment_id.in_(ids[start : start + CHUNK])
        )
        for snapshot in db.session().scalars(statement):
            found[(snapshot.assessment_id, snapshot.kind)] = snapshot
    kept: dict[int, ShownScorecard] = {}
    for assessment in assessments:
        kind = next((k for k in _kinds_for(assessment) if (assessment.id, k) in found), None)
        if kind is not None:
            shown = _shown(found[(assessment.id, kind)])
            if _current(assessment, shown):  # else scored live by the caller
                kept[assessment.id] = shown
    return kept
