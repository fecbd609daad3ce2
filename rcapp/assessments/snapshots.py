"""Scorecard snapshots: keep a computed scorecard per assessment and kind, read it back.

Self snapshots are written at submit, frozen ones when the cycle closes, final ones by the
review work when a review is settled. Readers (closed-cycle result pages, reports) decode
the stored codec document and never recompute. Functions flush and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from rcapp import db
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import (
    Assessment,
    ScorecardSnapshot,
    SnapshotKind,
    SnapshotSectionScore,
)
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.db import utcnow
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard, codec


def write_snapshot(
    assessment: Assessment, kind: SnapshotKind, card: Scorecard, review: ReviewContext
) -> ScorecardSnapshot:
    """Store `card` as the assessment's snapshot of `kind`, replacing an earlier one."""
    snapshot = find_snapshot(assessment, kind)
    if snapshot is None:
        snapshot = ScorecardSnapshot(assessment=assessment, kind=kind)
        db.session().add(snapshot)
    snapshot.rubric_id = assessment.rubric_id
    snapshot.rubric_version = assessment.rubric_version
    snapshot.rubric_sha256 = assessment.rubric_sha256
    snapshot.codec_version = codec.CODEC_VERSION
    snapshot.computed_at = utcnow()
    snapshot.scorecard = json.dumps(codec.encode(card), ensure_ascii=False)
    snapshot.review_context = json.dumps(dataclasses.asdict(review), sort_keys=True)
    snapshot.overall_score = card.overall
    snapshot.stars = card.rating.stars
    snapshot.rated = card.rating.rated
    db.session().flush()
    _write_section_scores(snapshot, card)
    return snapshot


def _write_section_scores(snapshot: ScorecardSnapshot, card: Scorecard) -> None:
    session = db.session()
    session.execute(
        delete(SnapshotSectionScore).where(SnapshotSectionScore.snapshot_id == snapshot.id)
    )
    rows = [
        {"snapshot_id": snapshot.id, "section_id": s.section_id, "score": s.score}
        for s in card.sections
    ]
    if rows:
        session.execute(insert(SnapshotSectionScore), rows)


def find_snapshot(assessment: Assessment, kind: SnapshotKind) -> ScorecardSnapshot | None:
    if assessment.id is None:
        return None
    return db.session().scalar(
        select(ScorecardSnapshot).where(
            ScorecardSnapshot.assessment_id == assessment.id, ScorecardSnapshot.kind == kind
        )
    )


def delete_snapshot(assessment: Assessment, kind: SnapshotKind) -> None:
    found = find_snapshot(assessment, kind)
    if found is not None:
        db.session().delete(found)
        db.session().flush()


def snapshot_scorecard(snapshot: ScorecardSnapshot) -> Scorecard:
    """Decode the stored scorecard; CodecError if it was written by another codec version."""
    return codec.decode(json.loads(snapshot.scorecard))


def snapshot_review_context(snapshot: ScorecardSnapshot) -> ReviewContext:
    return ReviewContext(**json.loads(snapshot.review_context))


@dataclass(frozen=True)
class ShownScorecard:
    """The scorecard a page shows and where it comes from.

    `kind` is the snapshot's kind, or None for a live computation from the current answers
    (`computed_at` is then None too).
    """

    card: Scorecard
    review: ReviewContext
    kind: SnapshotKind | None = None
    computed_at: dt.datetime | None = None


def shown_scorecard(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
    """Choose what the result page shows: a kept snapshot, else a live score.

    A closed year shows its frozen snapshot; a peer-reviewed assessment its final one
    (written by the review work when the rating became final). A closed year is never
    recomputed. Its assessments not submitted at the close have no frozen snapshot and
    show their current answers, labelled as such.
    """
    kinds: tuple[SnapshotKind, ...] = (SnapshotKind.FINAL,)
    if not assessment.cycle.is_open:
        kinds = (SnapshotKind.FROZEN, SnapshotKind.FINAL)
    for kind in kinds:
        kept = find_snapshot(assessment, kind)
        if kept is not None:
            return ShownScorecard(
                card=snapshot_scorecard(kept),
                review=snapshot_review_context(kept),
                kind=kind,
                computed_at=kept.computed_at,
            )
    review = review_context_of(assessment)
    return ShownScorecard(compute_scorecard(assessment, rubric, review=review), review)
