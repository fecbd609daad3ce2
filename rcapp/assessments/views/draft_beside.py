"""A returned assessment's draft beside its final rating (qa49 B1).

A returned assessment keeps its final (peer-reviewed) rating, which its result page shows.
The organisation edits a draft meanwhile: the page also scores the draft live and says
what a resubmission would do to the final rating (only lower it: scoring.record). The
overview's submit confirmation says the same, in the same words (resubmit_outcome).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal

from rcapp.assessments.messages import _
from rcapp.assessments.models import Assessment, SnapshotKind
from rcapp.assessments.rating_words import rating_read
from rcapp.assessments.results import compute_scorecard
from rcapp.assessments.review_hook import review_context_of
from rcapp.assessments.snapshots import ShownScorecard, final_of_record, snapshot_scorecard
from rcapp.assessments.views.gate_words import lowered_text
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.scoring.record import rating_of_record


@dataclass(frozen=True)
class ResubmitOutcome:
    """What resubmitting the draft as it is would do to the final rating of record."""

    after: str  # the final rating it would leave, read out
    lowers: str  # why it would be lowered ("" when it stays)

    @property
    def text(self) -> str:
        if self.lowers:
            return _("如按当前内容重新提交，最终星级将下调：%(text)s", text=self.lowers)
        return _(
            "如按当前内容重新提交，最终星级不变：%(stars)s"
            "（重新提交的自评不经同行评审，不会上调最终星级）。",
            stars=self.after,
        )


@dataclass(frozen=True)
class DraftBeside:
    overall: Decimal | None
    stars: str  # the draft's own (self-assessed) rating, read out
    outcome: ResubmitOutcome


def live_with_review(assessment: Assessment, rubric: Rubric) -> Scorecard:
    """Score the draft as a submit would record it: with how the assessment was reviewed."""
    return compute_scorecard(assessment, rubric, review=review_context_of(assessment))


def resubmit_outcome(
    rubric: Rubric, final: Scorecard, live: Scorecard, lang: str
) -> ResubmitOutcome:
    """Apply the draft's caps to the final rating of record, as a submit would, in words."""
    after = rating_of_record(final.rating, live.rating)
    would = dataclasses.replace(final, rating=after)
    return ResubmitOutcome(
        after=rating_read(after),
        lowers="" if after is final.rating else lowered_text(rubric, would, lang),
    )


def submit_outcome(assessment: Assessment, rubric: Rubric, lang: str) -> ResubmitOutcome | None:
    """Say what submitting the draft now does to its final rating of record (None: none)."""
    kept = final_of_record(assessment)
    if kept is None:
        return None
    return resubmit_outcome(
        rubric, snapshot_scorecard(kept), live_with_review(assessment, rubric), lang
    )


def draft_beside(
    assessment: Assessment, rubric: Rubric, shown: ShownScorecard, lang: str
) -> DraftBeside | None:
    """Score the editable draft of an assessment whose page shows its final rating."""
    # The final rating, or during a re-review the earlier one kept (`appealed`): of record.
    if shown.kind not in (SnapshotKind.FINAL, SnapshotKind.APPEALED) or not assessment.is_editable:
        return None
    live = live_with_review(assessment, rubric)
    return DraftBeside(
        overall=live.overall,
        stars=rating_read(live.rating),
        outcome=resubmit_outcome(rubric, shown.card, live, lang),
    )
