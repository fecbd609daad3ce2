"""Finalising writes the final snapshot; the result page and the year's close read it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from rcapp.assessments.inputs import NOT_REVIEWED, ReviewContext
from rcapp.assessments.models import SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import (
    find_snapshot,
    shown_scorecard,
    snapshot_review_context,
    snapshot_scorecard,
)
from rcapp.cycles.services import close_cycle
from rcapp.reviews import reviewing, settling
from rcapp.reviews.models import Decision
from tests.factories_reviews import assign_all, make_review_world


def test_the_final_snapshot_is_shown_and_frozen_at_close(db_session: Session) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    assessment = review.assessment
    assert review_context_of(assessment) == NOT_REVIEWED
    item = rubric_of(assessment).item_index()["C6.E1.1"]
    for assignment in review.assignments:
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 3, "部分产品", assignment.reviewer
        )
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    card = settling.finalise_review(review, 30, world.lead)

    snapshot = find_snapshot(assessment, SnapshotKind.FINAL)
    assert snapshot is not None
    assert snapshot_scorecard(snapshot) == card
    assert snapshot_review_context(snapshot) == ReviewContext(2, onsite_review=True)
    assert review_context_of(assessment) == ReviewContext(2, onsite_review=True)
    shown = shown_scorecard(assessment, rubric_of(assessment))
    assert (shown.kind, shown.card.rating.stars) == (SnapshotKind.FINAL, 2)  # C6 = 75 now
    # The self snapshot of the submit is kept beside it, unchanged.
    self_snapshot = find_snapshot(assessment, SnapshotKind.SELF)
    assert self_snapshot is not None
    assert self_snapshot.stars == 2

    close_cycle(world.cycle, world.secretariat)
    frozen = find_snapshot(assessment, SnapshotKind.FROZEN)
    assert frozen is not None
    assert snapshot_scorecard(frozen) == card  # the published result is the final rating
    other = find_snapshot(world.assessments[1], SnapshotKind.FROZEN)
    assert other is not None
    assert snapshot_review_context(other) == NOT_REVIEWED
