"""Lower a final (peer-reviewed) rating at once when resubmitted data cap it (scoring.record).

A returned assessment keeps its final rating; what the organisation resubmits is a
self-assessment. A veto or cap its data trigger (an event, deaths in the KPI data, KPI data
that disagree with the events register) lowers the final rating of record when it is
submitted: the final snapshot is rewritten with the lowered rating, which every page, list
and document reads, and the change is audited. Never raised: that needs a re-review.
Functions flush and never commit.
"""

from __future__ import annotations

import dataclasses

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.rating_words import logged_stars
from rcapp.assessments.snapshots import (
    find_snapshot,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.audit.services import record
from rcapp.scoring import Scorecard
from rcapp.scoring.record import rating_of_record

LOWERED_ACTION = "final.lowered"  # the audit log's action for a final rating lowered


def lower_final_rating(assessment: Assessment, current: Scorecard, actor: User) -> Scorecard | None:
    """Apply the caps of `current` (the resubmitted self result) to the final rating.

    Return the final scorecard as lowered, or None when there is no final rating or the
    data leave it as it is.
    """
    stored = find_snapshot(assessment, SnapshotKind.FINAL)
    if stored is None:
        return None
    final = snapshot_scorecard(stored)
    rating = rating_of_record(final.rating, current.rating)
    if rating is final.rating:
        return None
    lowered = dataclasses.replace(final, rating=rating)
    write_snapshot(assessment, SnapshotKind.FINAL, lowered, snapshot_review_context(stored))
    record(
        actor,
        "assessment",
        assessment.id,
        LOWERED_ACTION,
        field="final",
        before=logged_stars(final.rating),
        after={
            **logged_stars(rating),
            "peer_stars": rating.lowered.peer_stars if rating.lowered else final.rating.stars,
            "reasons": [g.reason for g in rating.lowered.gates] if rating.lowered else [],
        },
    )
    return lowered
