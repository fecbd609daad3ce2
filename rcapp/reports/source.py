"""Where reports get an assessment's scorecard: one function, so the source can change once.

Until the scorecard snapshots of issue 7 land, every report scores the stored answers with
the pinned rubric (the same call the result page makes). Submitted and closed assessments
will then read their snapshot here and never recompute.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.assessments.models import Assessment
from rcapp.assessments.results import PEER_REVIEWERS, compute_scorecard
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard


@dataclass(frozen=True)
class SourcedScorecard:
    """A scorecard and where it came from (shown on every document)."""

    card: Scorecard
    kind: str  # "live" (computed now), later "self" | "final" | "frozen" (a snapshot)
    peer_reviewers: int

    @property
    def final(self) -> bool:
        return self.kind == "final"


def scorecard_for(assessment: Assessment, rubric: Rubric) -> SourcedScorecard:
    """Return the scorecard reports show for `assessment` (see the module docstring)."""
    return SourcedScorecard(compute_scorecard(assessment, rubric), "live", PEER_REVIEWERS)
