"""Recompute a stored result (self or final snapshot) with today's code; rewrite it only if changed.

A stored result keeps what the code computed when it was written. After a fix the
secretariat recomputes an open year's results (reviews.recompute runs the year); the close
refreshes each final result with the year's statistics before freezing it
(`refresh_final_before_freeze`). A result whose stored document comes out the same is left
as it was (no new `computed_at`); a rewritten one is written to the audit log with its
stars and score before and after. Functions flush and never commit.

Final results are scored by the reviews package (the review's stored conclusions, its
reviewers' levels), which registers its scorer with `set_final_rescorer`: assessments sit
below reviews.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from flask import Flask, current_app

from rcapp.assessments.inputs import ReviewContext
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.recognitions import recognised_context
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.snapshots import (
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.audit.services import record
from rcapp.scoring import Scorecard, codec
from rcapp.scoring.record import keep_lowering

if TYPE_CHECKING:
    from rcapp.accounts.models import User

RECOMPUTE_ACTION = "result.recompute"  # the audit log's action for a rewritten result

FinalRescorer = Callable[[Assessment], "tuple[Scorecard, ReviewContext] | None"]
_KEY = "rcapp.final_rescorer"


def set_final_rescorer(app: Flask, rescorer: FinalRescorer) -> None:
    app.extensions[_KEY] = rescorer


@dataclass(frozen=True)
class ResultChange:
    """A stored result rewritten: its rating and score before and after."""

    assessment_id: int
    organisation_id: int
    kind: str  # "self" or "final"
    stars_before: int
    rated_before: bool
    score_before: Decimal | None
    stars_after: int
    rated_after: bool
    score_after: Decimal | None

    @property
    def rating_changed(self) -> bool:
        """Whether the star rating moved (stars, or rated at all), not only a figure."""
        return (self.stars_before, self.rated_before) != (self.stars_after, self.rated_after)


def recompute_self(
    assessment: Assessment, actor: User | None, *, recognised: bool = False
) -> ResultChange | None:
    """Recompute the self result stored at submit, in the review context it was stored with.

    `recognised`: with the verification and case the secretariat records now instead of
    those stored (she has just recorded or withdrawn one).
    """
    stored = find_snapshot(assessment, SnapshotKind.SELF, document=False)
    if stored is None:
        return None
    review = snapshot_review_context(stored)
    if recognised:
        review = recognised_context(assessment, review)
    card = compute_scorecard(assessment, review=review)
    change = rewrite_if_changed(assessment, SnapshotKind.SELF, card, review, actor)
    if change is not None:  # stored at submit for listing: always the self result's
        assessment.overall_score = card.overall
        assessment.stars = card.rating.stars
    return change


def recompute_final(assessment: Assessment, actor: User | None) -> ResultChange | None:
    """Recompute the final result from the review's stored conclusions (None: none stored)."""
    rescorer: FinalRescorer | None = current_app.extensions.get(_KEY)
    if rescorer is None or find_snapshot(assessment, SnapshotKind.FINAL, document=False) is None:
        return None
    rescored = rescorer(assessment)
    if rescored is None:  # no final review behind it any more: left as stored
        return None
    card, review = rescored
    stored = find_snapshot(assessment, SnapshotKind.FINAL, document=False)
    if stored is not None:  # a final rating lowered by data resubmitted since stays lowered
        kept = snapshot_scorecard(stored).rating
        card = dataclasses.replace(card, rating=keep_lowering(card.rating, kept))
    return rewrite_if_changed(assessment, SnapshotKind.FINAL, card, review, actor)


def refresh_final_before_freeze(assessment: Assessment, actor: User | None) -> None:
    """At the close, before freezing: the final result compared with the year's statistics.

    The close computes the statistics first; a final result stored before them said the
    working group's median was awaited, and the frozen result copied it.
    """
    recompute_final(assessment, actor)


def rewrite_if_changed(
    assessment: Assessment,
    kind: SnapshotKind,
    card: Scorecard,
    review: ReviewContext,
    actor: User | None,
) -> ResultChange | None:
    """Write `card` as the snapshot of `kind` unless it is stored so already; audit the rewrite."""
    stored = find_snapshot(assessment, kind)
    if stored is not None and _same(stored.scorecard, stored.review_context, card, review):
        return None
    change = ResultChange(
        assessment_id=assessment.id,
        organisation_id=assessment.organisation_id,
        kind=kind.value,
        stars_before=stored.stars if stored is not None else 0,
        rated_before=stored.rated if stored is not None else False,
        score_before=stored.overall_score if stored is not None else None,
        stars_after=card.rating.stars,
        rated_after=card.rating.rated,
        score_after=card.overall,
    )
    write_snapshot(assessment, kind, card, review)
    record(
        actor,
        "assessment",
        assessment.id,
        RECOMPUTE_ACTION,
        field=kind.value,
        before=_logged(change.stars_before, change.rated_before, change.score_before),
        after=_logged(change.stars_after, change.rated_after, change.score_after),
    )
    return change


def _same(document: str, context: str, card: Scorecard, review: ReviewContext) -> bool:
    encoded = json.dumps(codec.encode(card), ensure_ascii=False)
    kept = json.dumps(dataclasses.asdict(review), sort_keys=True)
    return document == encoded and context == kept


def _logged(stars: int, rated: bool, score: Decimal | None) -> dict[str, object]:
    return {"stars": stars, "rated": rated, "overall_score": score}
