"""Score an assessment with chosen levels through the shared builder (issue 7).

The organisation's answers, evidence and KPI data are read once by
`assessments.results`; the final levels replace the self levels item by item
(`LevelsSource.final`), in the review's context, with the working group's KPI statistics
for the ladder and the gates.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from rcapp.assessments import queries as assessment_queries
from rcapp.assessments.inputs import NOT_REVIEWED, SELF_LEVELS, LevelsSource, Rating, ReviewContext
from rcapp.assessments.models import Assessment
from rcapp.assessments.results import compute_scorecard, scoring_inputs
from rcapp.reviews.rules import NA, Verdict
from rcapp.rubrics.model import Item, ItemKind, Rubric
from rcapp.scoring import GroupStats, Scorecard, score_assessment
from rcapp.scoring.items import number_for_level


def self_scorecard(assessment: Assessment, rubric: Rubric | None = None) -> Scorecard:
    """Score the organisation's own levels, as not reviewed (what the reviewers check)."""
    pinned = rubric or assessment_queries.rubric_of(assessment)
    return compute_scorecard(assessment, pinned, SELF_LEVELS, NOT_REVIEWED)


def final_levels(
    rubric: Rubric, verdicts: Mapping[str, Verdict], na_reasons: Mapping[str, str]
) -> LevelsSource:
    """Turn changed verdicts into the builder's final levels source.

    Pass only the items whose level changed: the others keep the organisation's answer.
    A number item whose level changed is scored with the least demanding figure that
    reaches the level (its own figure when no band reaches it).
    """
    items = rubric.item_index()
    ratings = {}
    for item_id, verdict in verdicts.items():
        rating = _rating(items[item_id], verdict, na_reasons.get(item_id) or "—")
        if rating is not None:
            ratings[item_id] = rating
    return LevelsSource.final(ratings)


def _rating(item: Item, verdict: Verdict, na_reason: str) -> Rating | None:
    if verdict == NA:
        return Rating(na_reason=na_reason)
    assert isinstance(verdict, int)  # noqa: S101 - narrowed above
    if item.kind is ItemKind.NUMBER:
        number = number_for_level(item, verdict)
        return None if number is None else Rating(number=number)
    return Rating(level=verdict)


def scorecard_with_levels(
    assessment: Assessment,
    rubric: Rubric,
    levels: LevelsSource,
    review: ReviewContext,
    group_stats: Mapping[str, GroupStats] | None = None,
) -> Scorecard:
    """Score with `levels` in the review's context and the group's KPI statistics."""
    inputs, context = scoring_inputs(assessment, rubric, levels, review)
    if group_stats:
        context = dataclasses.replace(context, group_stats=dict(group_stats))
    return score_assessment(rubric, inputs, context)
