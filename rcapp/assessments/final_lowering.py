"""Lower a final (peer-reviewed) rating at once when resubmitted data cap it (scoring.record).

A returned assessment keeps its final rating; what the organisation resubmits is a
self-assessment. A veto or cap its data trigger (an event, deaths in the KPI data, KPI data
that disagree with the events register) lowers the final rating of record when it is
submitted: the snapshot of record (snapshots.final_of_record: the final one, or during a
re-review after an upheld appeal the earlier final rating kept as `appealed`, which the
close freezes) is rewritten with the lowered rating, which every page, list and document
reads, and the change is audited with the lowering gates as data, so the log words them in
the reader's language. Never raised: that needs a re-review. Functions flush and never
commit.
"""

from __future__ import annotations

import dataclasses

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.assessments.rating_words import logged_stars
from rcapp.assessments.snapshots import (
    final_of_record,
    snapshot_review_context,
    snapshot_scorecard,
    write_snapshot,
)
from rcapp.audit.services import record
from rcapp.scoring import Scorecard, codec
from rcapp.scoring.record import rating_of_record
from rcapp.scoring.scorecard import LoweredRating, VetoHit

LOWERED_ACTION = "final.lowered"  # the audit log's action for a final rating lowered


def lower_final_rating(assessment: Assessment, current: Scorecard, actor: User) -> Scorecard | None:
    """Apply the caps of `current` (the resubmitted self result) to the rating of record.

    Return the final scorecard as lowered, or None when there is no final rating or the
    data leave it as it is.
    """
    stored = final_of_record(assessment)
    if stored is None:
        return None
    final = snapshot_scorecard(stored)
    rating = rating_of_record(final.rating, current.rating)
    if rating is final.rating or rating.lowered is None:
        return None
    lowered = dataclasses.replace(final, rating=rating)
    write_snapshot(assessment, stored.kind, lowered, snapshot_review_context(stored))
    record(
        actor,
        "assessment",
        assessment.id,
        LOWERED_ACTION,
        field=stored.kind.value,
        before=logged_stars(final.rating),
        after={
            **lowered_entry(rating.stars, rating.lowered, rating.vetoes),
            **logged_stars(rating),
        },
    )
    return lowered


def lowered_entry(
    stars: int, lowered: LoweredRating, hits: tuple[VetoHit, ...]
) -> dict[str, object]:
    """Return what the audit entry keeps: the stars, the gates as data (kind, figures).

    The log words each gate as the result page does, in the reader's language
    (audit_labels.lowered_words); the vetoed events go with them, since a veto's words
    name its event. Entries written before kept the engine's English reasons as text.
    """
    rules = {g.subject for g in lowered.gates}
    return {
        "stars": stars,
        "peer_stars": lowered.peer_stars,
        "reasons": codec.plain(lowered.gates),
        "vetoes": codec.plain(tuple(h for h in hits if h.rule_id in rules)),
    }
