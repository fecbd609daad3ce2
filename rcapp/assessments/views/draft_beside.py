"""A returned assessment's draft beside its final rating (qa49 B1).

A returned assessment keeps its final (peer-reviewed) rating, which its result page shows.
The organisation edits a draft meanwhile: the page also scores the draft live and says
what a resubmission would do to the final rating (only lower it: scoring.record).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.rating_words import rating_read
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import ShownScorecard
from rcapp.assessments.views.gate_words import lowered_text
from rcapp.rubrics.model import Rubric
from rcapp.scoring.record import rating_of_record


@dataclass(frozen=True)
class DraftBeside:
    overall: Decimal | None
    stars: str  # the draft's own (self-assessed) rating, read out
    after: str  # the final rating a resubmission of the draft would leave, read out
    lowers: str  # why it would be lowered ("" when it stays)


def draft_beside(
    assessment: Assessment, rubric: Rubric, shown: ShownScorecard, lang: str
) -> DraftBeside | None:
    """Score the editable draft of an assessment whose page shows its final rating."""
    # The final rating, or during a re-review the earlier one kept (`appealed`): of record.
    if shown.kind not in (SnapshotKind.FINAL, SnapshotKind.APPEALED) or not assessment.is_editable:
        return None
    live = compute_scorecard(assessment, rubric, review=review_context_of(assessment))
    final = shown.card.rating
    after = rating_of_record(final, live.rating)
    would = dataclasses.replace(shown.card, rating=after)
    return DraftBeside(
        overall=live.overall,
        stars=rating_read(live.rating),
        after=rating_read(after),
        lowers="" if after is final else lowered_text(rubric, would, lang),
    )
