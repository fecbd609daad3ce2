"""Five stars can be reached: the recorded verification and case feed the rating (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from rcapp.assessments.inputs import (
    NOT_RECOGNISED,
    AnswerRecord,
    AssessmentRecord,
    Recognised,
    ReviewContext,
    build_scoring_inputs,
    with_recognition,
)
from rcapp.rubrics.model import Rubric
from rcapp.scoring import GateKind, score_assessment
from rcapp.scoring.recognition import missing_recognition, short_only_of_recognition
from tests.unit.scoring.builders import band, build_rubric, split_section

ASSESSED = dt.date(2026, 3, 1)


def _rubric(section_score: int = 95) -> Rubric:
    """Four bands on scores alone, the fifth also asking for verification and a case."""
    return build_rubric(
        [split_section("S", section_score)],
        [
            band(1, 60),
            band(2, 70),
            band(3, 80),
            band(4, 85),
            band(5, 90, {"type": "verified"}, {"type": "good_practice_case"}, min_section=80),
        ],
    )


def _record() -> AssessmentRecord:
    answers = {"S.a": AnswerRecord("S.a", level=4), "S.b": AnswerRecord("S.b", level=0)}
    return AssessmentRecord(year=2025, assessment_date=ASSESSED, answers=answers)


@pytest.mark.parametrize(
    ("recognised", "stars", "why_not_five"),
    [
        (NOT_RECOGNISED, 4, (GateKind.VERIFIED, GateKind.GOOD_PRACTICE_CASE)),
        (Recognised(verified=True), 4, (GateKind.GOOD_PRACTICE_CASE,)),
        (Recognised(good_practice_case=True), 4, (GateKind.VERIFIED,)),
        (Recognised(verified=True, good_practice_case=True), 5, ()),
    ],
)
def test_the_recorded_verification_and_case_decide_the_fifth_star(
    recognised: Recognised, stars: int, why_not_five: tuple[GateKind, ...]
) -> None:
    rubric = _rubric()
    review = with_recognition(ReviewContext(peer_reviewers=2, onsite_review=True), recognised)
    inputs, context = build_scoring_inputs(rubric, _record(), review=review)
    rating = score_assessment(rubric, inputs, context).rating
    assert rating.stars == stars
    assert tuple(gate.kind for gate in rating.binding) == why_not_five
    assert short_only_of_recognition(rating) is (stars == 4)
    assert missing_recognition(rating) == why_not_five


def test_the_recognition_replaces_what_the_review_context_said() -> None:
    assumed = ReviewContext(peer_reviewers=3, verified=True, good_practice_case=True)
    assert with_recognition(assumed, NOT_RECOGNISED) == ReviewContext(peer_reviewers=3)


def test_short_of_five_stars_by_the_score_is_no_candidate() -> None:
    rubric = _rubric(section_score=87)
    inputs, context = build_scoring_inputs(rubric, _record())
    rating = score_assessment(rubric, inputs, context).rating
    assert rating.stars == 4
    assert {gate.kind for gate in rating.binding} >= {GateKind.OVERALL, GateKind.VERIFIED}
    assert not short_only_of_recognition(rating)
