"""The pure scoring-inputs builder: stored records + chosen levels + review context."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rcapp.assessments.inputs import (
    NOT_REVIEWED,
    SELF_LEVELS,
    AnswerRecord,
    AssessmentRecord,
    EventRecord,
    LevelsKind,
    LevelsSource,
    Rating,
    ReviewContext,
    build_scoring_inputs,
)
from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.rubrics.registry import RubricRegistry
from rcapp.scoring import Answer, score_assessment
from tests.conftest import TEST_RUBRICS_DIR

ASSESSED = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return RubricRegistry(TEST_RUBRICS_DIR).get("mini-company", 1).rubric


def _record(*answers: AnswerRecord, **fields: object) -> AssessmentRecord:
    values: dict[str, object] = {
        "year": 2025,
        "assessment_date": ASSESSED,
        "answers": {a.item_id: a for a in answers},
    }
    values.update(fields)
    return AssessmentRecord(**values)  # type: ignore[arg-type]


def test_self_levels_become_answers_with_their_evidence(rubric: Rubric) -> None:
    record = _record(
        AnswerRecord("MS.G1.1", level=3, evidence_note=" letter ", files=("a.pdf",)),
        AnswerRecord("C1.E1.2", value=Decimal("2")),
        AnswerRecord("C6.E1.1", is_na=True, na_reason="不销售产品"),
        AnswerRecord("NOT.AN.ITEM", level=4),
    )
    inputs, context = build_scoring_inputs(rubric, record)
    assert inputs.answers == {
        "MS.G1.1": Answer(level=3, evidence=("letter",), files=("a.pdf",)),
        "C1.E1.2": Answer(number=Decimal("2")),
        "C6.E1.1": Answer(na_reason="不销售产品"),
    }
    assert (context.peer_reviewers, context.onsite_review, context.verified) == (0, False, False)
    assert context.assessment_date == ASSESSED


@pytest.mark.parametrize(
    ("ratings", "item", "expected"),
    [
        # A reviewer's level replaces the organisation's; the evidence stays.
        ({"MS.G1.1": Rating(level=1)}, "MS.G1.1", Answer(level=1, evidence=("letter",))),
        # A rating for an item the organisation left blank answers it.
        ({"C1.E1.1": Rating(level=2)}, "C1.E1.1", Answer(level=2)),
        # A reviewer may declare an item not applicable, or withdraw the declaration.
        ({"C6.E1.1": Rating(na_reason="无产品")}, "C6.E1.1", Answer(na_reason="无产品")),
        ({"C6.E1.1": Rating(level=2)}, "C6.E1.1", Answer(level=2)),
        # Number items take a number.
        ({"C1.E1.2": Rating(number=Decimal(1))}, "C1.E1.2", Answer(number=Decimal(1))),
        # Items without a rating keep the self level.
        ({}, "MS.G1.1", Answer(level=3, evidence=("letter",))),
    ],
)
def test_ratings_override_self_levels_item_by_item(
    rubric: Rubric, ratings: dict[str, Rating], item: str, expected: Answer
) -> None:
    record = _record(
        AnswerRecord("MS.G1.1", level=3, evidence_note="letter"),
        AnswerRecord("C6.E1.1", is_na=True, na_reason="不销售产品"),
    )
    for levels in (LevelsSource.reviewer(7, ratings), LevelsSource.final(ratings)):
        inputs, _ = build_scoring_inputs(rubric, record, levels)
        assert inputs.answers.get(item) == expected


def test_ratings_reach_prerequisites_and_section_declarations(rubric: Rubric) -> None:
    record = _record(AnswerRecord("P1", level=1), AnswerRecord("C6", is_na=True, na_reason="无"))
    inputs, _ = build_scoring_inputs(rubric, record)
    assert (inputs.prerequisites_met, dict(inputs.na_sections)) == (frozenset({"P1"}), {"C6": "无"})
    final = LevelsSource.final({"P1": Rating(level=0), "C6": Rating()})
    inputs, _ = build_scoring_inputs(rubric, record, final)
    assert (inputs.prerequisites_met, dict(inputs.na_sections)) == (frozenset(), {})


def test_the_review_context_is_passed_through_never_assumed(rubric: Rubric) -> None:
    review = ReviewContext(peer_reviewers=2, onsite_review=True, verified=True)
    _, context = build_scoring_inputs(rubric, _record(), SELF_LEVELS, review)
    assert (context.peer_reviewers, context.onsite_review, context.verified) == (2, True, True)
    _, context = build_scoring_inputs(rubric, _record())
    assert context.peer_reviewers == NOT_REVIEWED.peer_reviewers == 0


def test_events_of_unknown_types_are_dropped_and_grades_kept_only_when_graded(
    rubric: Rubric,
) -> None:
    events = (
        EventRecord("safety_accident", dt.date(2025, 6, 1), grade="major", fatalities=1),
        EventRecord("mass_incident", dt.date(2025, 7, 1), grade="major"),
        EventRecord("flood", dt.date(2025, 8, 1)),
    )
    inputs, _ = build_scoring_inputs(rubric, _record(events=events))
    assert [(e.type_id, e.grade, e.fatalities) for e in inputs.events] == [
        ("safety_accident", EventGrade("major"), 1),
        ("mass_incident", None, 0),
    ]


def test_history_keeps_known_inputs_in_range_and_counts_consecutive_years(
    rubric: Rubric,
) -> None:
    full = {"hours_employees": Decimal(1000000), "lti_employees": Decimal(1), "drills": Decimal(2)}
    history = {
        2024: {**full, "unknown": Decimal(5)},
        2023: {**full, "lti_employees": Decimal(-1)},  # out of range: dropped
        2022: full,
    }
    inputs, context = build_scoring_inputs(rubric, _record(kpi_history=history))
    assert set(inputs.kpi_history[2024]) == set(full)
    assert "lti_employees" not in inputs.kpi_history[2023]
    assert context.kpi_years_before == 1  # 2023 lacks a core input, so the run stops there


def test_reviewer_levels_change_the_score_and_self_levels_do_not(rubric: Rubric) -> None:
    record = _record(
        AnswerRecord("MS.G1.1", level=4, evidence_note="letter"),
        AnswerRecord("MS.G1.2", level=1),
        AnswerRecord("C1.E1.1", level=4, evidence_note="drill"),
        AnswerRecord("C1.E1.2", value=Decimal(2)),
        AnswerRecord("C6.E1.1", level=4),
        AnswerRecord("P1", level=1),
    )
    own = score_assessment(rubric, *build_scoring_inputs(rubric, record))
    lowered = LevelsSource.reviewer(3, {"MS.G1.1": Rating(level=1)})
    reviewed = score_assessment(rubric, *build_scoring_inputs(rubric, record, lowered))
    assert lowered.kind is LevelsKind.REVIEWER
    assert lowered.reviewer_id == 3
    assert own.overall is not None
    assert reviewed.overall is not None
    assert reviewed.overall < own.overall
    assert reviewed.item("MS.G1.1").claimed_level == 1
