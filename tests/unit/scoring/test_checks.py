from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from rcapp.rubrics.model import EventGrade, Rubric
from rcapp.scoring import (
    Answer,
    AssessmentInputs,
    Event,
    GroupStats,
    InvalidInputs,
    ScoringContext,
    input_problems,
    score_assessment,
)

MINI = Path(__file__).parents[2] / "data" / "rubrics" / "mini-company" / "v1.yaml"
RUBRIC = Rubric.model_validate(yaml.safe_load(MINI.read_text(encoding="utf-8")))
CONTEXT = ScoringContext(assessment_date=dt.date(2026, 3, 1))
D = Decimal


def _problems(context: ScoringContext = CONTEXT, **inputs: Any) -> list[str]:
    found = input_problems(RUBRIC, AssessmentInputs(year=2025, **inputs), context)
    return [str(problem) for problem in found]


@pytest.mark.parametrize(
    ("answers", "problem"),
    [
        ({"X.1": Answer(level=1)}, "answers.X.1: unknown item id 'X.1' (not in mini-company@1)"),
        ({"MS.G1.1": Answer(level=5)}, "answers.MS.G1.1: level 5 is out of range 0-4"),
        ({"MS.G1.1": Answer(level=-1)}, "answers.MS.G1.1: level -1 is out of range 0-4"),
        ({"MS.G1.2": Answer(level=2)}, "answers.MS.G1.2: a yes/no item takes yes or no"),
        (
            {"MS.G1.1": Answer(number=D(2))},
            "answers.MS.G1.1: a maturity item takes a level, not a number",
        ),
        (
            {"C1.E1.2": Answer(level=2)},
            "answers.C1.E1.2: a number item takes a number, not a level",
        ),
        (
            {"C1.E1.2": Answer(number=D(101))},
            "answers.C1.E1.2: 101 is above the item's maximum 100",
        ),
        ({"C1.E1.2": Answer(number=D(-1))}, "answers.C1.E1.2: -1 is below the item's minimum 0"),
        ({"MS.G1.1": Answer(na_reason="x")}, "answers.MS.G1.1: this item does not allow N/A"),
        ({"C6.E1.1": Answer(na_reason=" ")}, "answers.C6.E1.1: N/A needs a reason"),
    ],
)
def test_answer_problems(answers: dict[str, Answer], problem: str) -> None:
    assert _problems(answers=answers) == [problem]


def test_valid_answers_have_no_problems() -> None:
    answers = {
        "MS.G1.1": Answer(level=4, evidence=("a.pdf",)),
        "MS.G1.2": Answer(level=1),
        "C1.E1.2": Answer(number=D("1.5")),
        "C6.E1.1": Answer(na_reason="no products"),
    }
    assert _problems(answers=answers, na_sections={"C6": "no sales"}) == []


@pytest.mark.parametrize(
    ("inputs", "problem"),
    [
        ({"na_sections": {"C1": "x"}}, "na_sections.C1: this section may not be declared N/A"),
        ({"na_sections": {"C9": "x"}}, "na_sections.C9: unknown section id 'C9'"),
        ({"na_sections": {"C6": ""}}, "na_sections.C6: N/A needs a reason"),
        (
            {"prerequisites_met": frozenset({"P9"})},
            "prerequisites.P9: unknown prerequisite id 'P9'",
        ),
        ({"kpi_inputs": {"hours": D(1)}}, "kpi_inputs.hours: unknown KPI input 'hours'"),
        (
            {"kpi_inputs": {"lti_employees": D(-1)}},
            "kpi_inputs.lti_employees: -1 is below the minimum 0 "
            "(counts and amounts cannot be negative)",
        ),
        (
            {"kpi_inputs": {"lti_employees": D("1.5")}},
            "kpi_inputs.lti_employees: 1.5 must be a whole number (a count)",
        ),
        (
            {"kpi_history": {2024: {"drills": D("0.5")}}},
            "kpi_history.2024.drills: 0.5 must be a whole number (a count)",
        ),
        (
            {"events": (Event("fire", dt.date(2025, 1, 1)),)},
            "events.0.type: unknown event type 'fire' (known: safety_accident, mass_incident)",
        ),
        (
            {"events": (Event("mass_incident", dt.date(2025, 1, 1), EventGrade.MAJOR),)},
            "events.0.grade: events of type 'mass_incident' have no grade",
        ),
        (
            {"events": (Event("safety_accident", dt.date(2025, 1, 1), fatalities=-1),)},
            "events.0.fatalities: fatalities cannot be negative",
        ),
    ],
)
def test_other_input_problems(inputs: dict[str, Any], problem: str) -> None:
    assert _problems(**inputs) == [problem]


def test_context_problems() -> None:
    context = ScoringContext(
        assessment_date=dt.date(2026, 1, 1),
        peer_reviewers=-1,
        group_stats={"XX": GroupStats(D(1), D(0), D(2)), "OHS-03": GroupStats(D(1), D(2), D(3))},
    )
    assert _problems(context) == [
        "context.peer_reviewers: cannot be negative",
        "group_stats.XX: unknown KPI id 'XX'",
        "group_stats.OHS-03: quartiles must satisfy first <= median <= third",
    ]


def test_the_engine_refuses_invalid_inputs() -> None:
    inputs = AssessmentInputs(year=2025, answers={"MS.G1.1": Answer(level=7)})
    with pytest.raises(InvalidInputs) as raised:
        score_assessment(RUBRIC, inputs, CONTEXT)
    assert [p.where for p in raised.value.problems] == [("answers", "MS.G1.1")]
