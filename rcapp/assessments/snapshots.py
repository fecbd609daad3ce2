"""Scorecard snapshots: keep a computed scorecard per assessment and kind, read it back.

Self snapshots are written at submit, frozen ones when the cycle closes, final ones by the
review work when a review is settled. Readers (closed-cycle result pages, reports) decode
the stored codec document and never recompute. Functions flush and never commit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.orm import defer

from rcapp import db
from rcapp.assessments.computed_kpis import snapshot_current
from rcapp.assessments.group_stats_hook import group_stats_of
from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
    SnapshotSectionScore,
)
from rcapp.assessments.rating_changes import note_rating_changed
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
    note_rating_changed(assessment, kind)
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


def find_snapshot(
    assessment: Assessment, kind: SnapshotKind, *, document: bool = True
) -> ScorecardSnapshot | None:
    """Return the assessment's snapshot of `kind`.

    With `document=False` the stored scorecard (some tens of kB of JSON) is read only when
    first used: `snapshot_scorecard` needs it only when it has not decoded it already.
    """
    if assessment.id is None:
        return None
    statement = _SNAPSHOT if document else _SNAPSHOT_WITHOUT_DOCUMENT
    return db.session().scalar(statement, {"assessment_id": assessment.id, "kind": kind})


_SNAPSHOT = select(ScorecardSnapshot).where(
    ScorecardSnapshot.assessment_id == bindparam("assessment_id"),
    ScorecardSnapshot.kind == bindparam("kind"),
)
_SNAPSHOT_WITHOUT_DOCUMENT = _SNAPSHOT.options(defer(ScorecardSnapshot.scorecard))


def delete_snapshot(assessment: Assessment, kind: SnapshotKind) -> None:
    found = find_snapshot(assessment, kind)
    if found is not None:
        db.session().delete(found)
        db.session().flush()
        note_rating_changed(assessment, kind)


def keep_as(assessment: Assessment, kind: SnapshotKind, kept: SnapshotKind) -> None:
    """Move the assessment's snapshot of `kind` to `kept`, replacing an earlier one there."""
    found = find_snapshot(assessment, kind, document=False)
    if found is None:
        return
    delete_snapshot(assessment, kept)
    found.kind = kept
    db.session().flush()
    note_rating_changed(assessment, kind)


def snapshot_scorecard(snapshot: ScorecardSnapshot) -> Scorecard:
    """Decode the stored scorecard; CodecError if it was written by another codec version.

    Decoding takes longer than scoring afresh (about 10 ms against 6), so each process
    keeps the latest decoded scorecards. A snapshot is only ever replaced whole, with a
    new `computed_at`, so (id, computed_at, codec version) names one content for good;
    the scorecard is frozen, so sharing it between requests is safe.
    """
    key = (snapshot.id, snapshot.computed_at, snapshot.codec_version)
    with _DECODED_LOCK:
        found = _DECODED.get(key)
        if found is not None:
            _DECODED.move_to_end(key)
            return found
    card = codec.decode(json.loads(snapshot.scorecard))
    if snapshot.id is not None:
        with _DECODED_LOCK:
            _DECODED[key] = card
            while len(_DECODED) > _DECODED_MAX:
                _DECODED.popitem(last=False)
    return card


_DECODED_MAX = 256  # a few MB: one scorecard decodes to some tens of kB of objects
_DECODED: OrderedDict[tuple[int, dt.datetime, int], Scorecard] = OrderedDict()
_DECODED_LOCK = threading.Lock()  # gunicorn's threaded workers share the process


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


def final_of_record(assessment: Assessment) -> ScorecardSnapshot | None:
    """Return the kept peer-reviewed rating of record, None: the self result is of record.

    A finished peer review's final rating; else, while an upheld appeal has the review open
    again, the earlier final rating it reopened (kind `appealed`), which every page and list
    shows meanwhile (marked as contested) and the close freezes.
    """
    for kind in (SnapshotKind.FINAL, SnapshotKind.APPEALED):
        kept = find_snapshot(assessment, kind)
        if kept is not None:
            return kept
    return None


def appealed_scorecard(assessment: Assessment) -> ShownScorecard | None:
    """Return the final rating an upheld appeal reopened, as kept (None: none kept)."""
    kept = find_snapshot(assessment, SnapshotKind.APPEALED, document=False)
    if kept is None:
        return None
    return ShownScorecard(
        card=snapshot_scorecard(kept),
        review=snapshot_review_context(kept),
        kind=SnapshotKind.APPEALED,
        computed_at=kept.computed_at,
    )


def _stats_newer(assessment: Assessment, snapshot: ScorecardSnapshot) -> bool:
    """Whether the group's KPI statistics were computed after the snapshot was written."""
    known = group_stats_of(assessment)
    return known.computed_at is not None and known.computed_at > snapshot.computed_at


def shown_scorecard(assessment: Assessment, rubric: Rubric) -> ShownScorecard:
    """Choose what the result page shows: a kept snapshot, else a live score.

    A closed year shows its frozen snapshot; a peer-reviewed assessment its final one
    (written by the review work when the rating became final). A closed year is never
    recomputed. Its assessments not submitted at the close have no frozen snapshot and
    show their current answers, labelled as such. A submitted assessment cannot change its
    answers, so it shows the self snapshot written at submit (the fast path: no rows to
    load, nothing to score), unless its review context has changed since, in which case
    it is scored afresh, or when the KPI inputs rcapp computes (a park's three-star
    residents) now give its KPIs other figures.
    """
    kinds: tuple[SnapshotKind, ...] = (SnapshotKind.FINAL,)
    if assessment.cycle.is_closed:  # not while closing: old frozen ones may be stale
        kinds = (SnapshotKind.FROZEN, SnapshotKind.FINAL)
    for kind in kinds:
        kept = find_snapshot(assessment, kind, document=False)
        if kept is not None:
            return ShownScorecard(
                card=snapshot_scorecard(kept),
                review=snapshot_review_context(kept),
                kind=kind,
                computed_at=kept.computed_at,
            )
    review = review_context_of(assessment)
    if assessment.status is AssessmentStatus.SUBMITTED:
        own = find_snapshot(assessment, SnapshotKind.SELF, document=False)
        if (
            own is not None
            and snapshot_review_context(own) == review
            and not _stats_newer(assessment, own)
        ):
            try:
                card = snapshot_scorecard(own)
            except codec.CodecError:  # written by another codec version: score afresh
                pass
            else:
                # A park's count of three-star residents is taken live (computed_kpis).
                if snapshot_current(assessment, rubric, card):
                    return ShownScorecard(card, review, SnapshotKind.SELF, own.computed_at)
    return ShownScorecard(compute_scorecard(assessment, rubric, review=review), review)
