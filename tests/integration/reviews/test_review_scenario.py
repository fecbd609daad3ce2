"""Six companies, two reviewers each, disagreements settled by the lead: final scores by hand.

Mini rubric (tests/data/rubrics/mini-company/v1.yaml): overall = 0.15 x MS + 0.60 x mean
of the applicable codes (C1, C6) + 0.25 x KP. Every company reports KPIs for two years,
so each core KPI sits on rung 1 of 4 (no three-year series) and KP = 25 for all. Item
fractions: maturity level / 4, yes/no 1/0, C1.E1.2's figure 2 is band level 4.
Stars: 3 needs overall >= 80, codes >= 60 and two peer reviewers; 2 needs >= 70 and >= 50.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from rcapp.reviews import reviewing, settling
from rcapp.reviews.errors import ReasonRequired, UndecidedItems, UnsettledItems
from rcapp.reviews.models import Decision, Review, ReviewAssignment, ReviewStatus
from rcapp.reviews.rules import NA, Verdict
from tests.factories_reviews import ReviewWorld, assign_all, make_review_world

# Company E (index 4) claims C6.E1.1 not applicable.
OVERRIDES = {4: {"C6.E1.1": ItemInput(is_na=True, na_reason="不销售产品")}}

# Per company: {item: (reviewer 1 decision, reviewer 2 decision)} beyond "accept", the
# lead's settlements, and the hand-worked final overall and stars.
CASES: list[
    tuple[dict[str, tuple[Verdict | None, Verdict | None]], dict[str, Verdict], str, int]
] = [
    # A: both accept: 0.15 x 100 + 0.60 x 100 + 0.25 x 25 = 81.25 -> 81.3; reviewed: 3 stars.
    ({}, {}, "81.3", 3),
    # B: C6.E1.1 4 -> 3 by one reviewer (not flagged): lower median 3, C6 = 75,
    # codes 87.5: 15 + 52.5 + 6.25 = 73.75 -> 73.8, 2 stars.
    ({"C6.E1.1": (3, None)}, {}, "73.8", 2),
    # C: MS.G1.1 4 -> 2 by one reviewer (flagged); the lead settles 3: MS = (3/4 + 1) / 2
    # = 87.5: 13.125 + 60 + 6.25 = 79.375 -> 79.4, 2 stars (below 80).
    ({"MS.G1.1": (2, None)}, {"MS.G1.1": 3}, "79.4", 2),
    # D: C1.E1.1 4 -> 1 and 4 -> 2 (flagged); settled 2: C1 = (2/4 + 1) / 2 = 75,
    # codes 87.5: 15 + 52.5 + 6.25 = 73.75 -> 73.8, 2 stars.
    ({"C1.E1.1": (1, 2)}, {"C1.E1.1": 2}, "73.8", 2),
    # E: C6.E1.1 N/A accepted by one, rejected (level 2) by the other: flagged; the lead
    # upholds N/A: codes = C1 = 100: 15 + 60 + 6.25 = 81.25 -> 81.3, 3 stars.
    ({"C6.E1.1": (None, 2)}, {"C6.E1.1": NA}, "81.3", 3),
    # F: MS.G1.2 yes -> no by both: flagged (any change of a yes/no item is, qa10 S2); the
    # lead settles no: MS = 50: 7.5 + 60 + 6.25 = 73.75 -> 73.8; MS below 60: 2 stars.
    ({"MS.G1.2": (0, 0)}, {"MS.G1.2": 0}, "73.8", 2),
]


def _decide(
    assignment: ReviewAssignment,
    adjustments: dict[str, Verdict | None],
    actor_index: int,
    world: ReviewWorld,
) -> None:
    rubric = rubric_of(assignment.review.assessment)
    items = rubric.item_index()
    actor = assignment.reviewer
    for item_id in assignment.review.sample:
        level = adjustments.get(item_id)
        is_na = item_id == "C6.E1.1" and actor_index_is_na(assignment)
        if is_na:
            decision = Decision.NA_ACCEPT if level is None else Decision.NA_REJECT
        else:
            decision = Decision.ACCEPT if level is None else Decision.ADJUST
        reason = "" if level is None else "证据不足以支持自评等级"
        reviewing.save_decision(
            assignment,
            items[item_id],
            is_na,
            decision,
            level if isinstance(level, int) else None,
            reason,
            actor,
        )
    reviewing.submit_assignment(assignment, actor)


def actor_index_is_na(assignment: ReviewAssignment) -> bool:
    return any(a.item_id == "C6.E1.1" and a.is_na for a in assignment.review.assessment.answers)


def test_six_companies_two_reviewers_each_settled_and_finalised(db_session: Session) -> None:
    world = make_review_world(6, OVERRIDES)
    reviews = assign_all(world)
    for review, (adjust, settle, overall, stars) in zip(reviews, CASES, strict=True):
        first, second = review.assignments
        _decide(first, {k: v[0] for k, v in adjust.items()}, 0, world)
        _decide(second, {k: v[1] for k, v in adjust.items()}, 1, world)
        for item_id, verdict in settle.items():
            settling.settle_item(review, item_id, verdict, "组长核查证据后裁定", world.lead)
        card = settling.finalise_review(review, 30, world.lead)
        assert (card.overall, card.rating.stars) == (Decimal(overall), stars), (
            review.assessment.organisation.name_zh
        )
        assert review.status is ReviewStatus.FINAL
        assert (review.final_score, review.final_stars) == (Decimal(overall), stars)
    # Self-assessed, nobody reaches three stars: the peer review gate is what lifts A and E.
    assert [a.stars for a in world.assessments] == [2, 2, 2, 2, 2, 2]


def test_finalising_with_unsettled_flags_is_refused_and_nothing_changes(
    db_session: Session,
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    first, second = review.assignments
    _decide(first, {"MS.G1.1": 1}, 0, world)
    _decide(second, {}, 1, world)
    with pytest.raises(UnsettledItems) as refused:
        settling.finalise_review(review, 30, world.lead)
    assert refused.value.item_ids == ("MS.G1.1",)
    assert review.status is ReviewStatus.IN_REVIEW
    assert review.final_stars is None


def test_submitting_with_sampled_items_undecided_is_refused(db_session: Session) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    with pytest.raises(UndecidedItems) as refused:
        reviewing.submit_assignment(assignment, assignment.reviewer)
    assert set(refused.value.item_ids) == set(assignment.review.sample)
    assert not assignment.is_submitted


def test_an_adjustment_without_a_reason_is_refused_and_not_stored(db_session: Session) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    item = rubric_of(assignment.review.assessment).item_index()["MS.G1.1"]
    with pytest.raises(ReasonRequired):
        reviewing.save_decision(
            assignment, item, False, Decision.ADJUST, 2, "  ", assignment.reviewer
        )
    assert assignment.decisions == []


def test_accepting_the_rest_leaves_decided_items_alone(db_session: Session) -> None:
    world = make_review_world(5)
    assignment = assign_all(world)[0].assignments[0]
    item = rubric_of(assignment.review.assessment).item_index()["MS.G1.1"]
    reviewing.save_decision(
        assignment, item, False, Decision.ADJUST, 3, "理由", assignment.reviewer
    )
    accepted = reviewing.accept_remaining(
        assignment, ["MS.G1.1", "MS.G1.2"], set(), assignment.reviewer
    )
    assert accepted.added == 1
    assert {d.item_id: (d.decision, d.level) for d in assignment.decisions} == {
        "MS.G1.1": (Decision.ADJUST, 3),
        "MS.G1.2": (Decision.ACCEPT, None),
    }


def test_review_is_kept_beside_the_self_answers(db_session: Session) -> None:
    world = make_review_world(5)
    review: Review = assign_all(world)[0]
    for assignment in review.assignments:
        _decide(assignment, {"MS.G1.1": 3}, 0, world)
    settling.finalise_review(review, 30, world.lead)
    answer = next(a for a in review.assessment.answers if a.item_id == "MS.G1.1")
    assert answer.level == 4  # the organisation's own answer is never overwritten
