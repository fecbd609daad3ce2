"""Score an assessment with chosen levels (self, or the settled final ones) and the review context.

TODO(h11): issue 7's scoring-inputs builder (levels source + review context) replaces the
answer substitution below once it is on main; the final scorecard is then stored as the
`final` scorecard snapshot.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rcapp.assessments import queries as assessment_queries
from rcapp.assessments.models import Assessment
from rcapp.assessments.results import scoring_inputs
from rcapp.reviews.rules import NA, Verdict
from rcapp.rubrics.model import Item, ItemKind, Rubric
from rcapp.scoring import Answer, GroupStats, Scorecard, score_assessment
from rcapp.scoring.items import number_for_level


@dataclasses.dataclass(frozen=True)
class ReviewContext:
    peer_reviewers: int
    onsite: bool


def self_scorecard(assessment: Assessment, rubric: Rubric | None = None) -> Scorecard:
    pinned = rubric or assessment_queries.rubric_of(assessment)
    inputs, context = scoring_inputs(assessment, pinned)
    return score_assessment(pinned, inputs, context)


def scorecard_with_levels(
    assessment: Assessment,
    rubric: Rubric,
    verdicts: Mapping[str, Verdict],
    review: ReviewContext,
    group_stats: Mapping[str, GroupStats] | None = None,
) -> Scorecard:
    """Score the assessment with `verdicts` in place of the self levels, in the review's context.

    Pass only the items whose level changed: the others keep the organisation's answer.

    Evidence, comments and KPI data stay the organisation's own. A number item whose level
    changed is scored with the least demanding figure that reaches the level.
    """
    inputs, context = scoring_inputs(assessment, rubric)
    items = rubric.item_index()
    answers = dict(inputs.answers)
    for item_id, verdict in verdicts.items():
        own = answers.get(item_id, Answer())
        answers[item_id] = _answer_for(items[item_id], own, verdict)
    inputs = dataclasses.replace(inputs, answers=answers)
    context = dataclasses.replace(
        context,
        peer_reviewers=review.peer_reviewers,
        onsite_review=review.onsite,
        group_stats=dict(group_stats or context.group_stats),
    )
    return score_assessment(rubric, inputs, context)


def _answer_for(item: Item, own: Answer, verdict: Verdict) -> Answer:
    if verdict == NA:
        return dataclasses.replace(own, na_reason=own.na_reason or "—", level=None, number=None)
    assert isinstance(verdict, int)  # noqa: S101 - narrowed above
    if item.kind is ItemKind.NUMBER:
        number = number_for_level(item, verdict)
        if number is None:
            return own
        return dataclasses.replace(own, na_reason=None, level=None, number=number)
    return dataclasses.replace(own, na_reason=None, level=verdict, number=None)
