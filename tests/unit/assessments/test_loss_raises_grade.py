"""qa50 M1: a direct loss (万元) making an event a worse Decree 493 grade is asked about."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rcapp.assessments.event_checks import check_event
from rcapp.assessments.validation import EventInput
from rcapp.rubrics.registry import RubricRegistry

RUBRIC = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics").get("rc-company", 2).rubric
TODAY = dt.date(2026, 3, 1)


def _event(
    event_type: str, grade: str, deaths: str, injuries: str, loss: str, confirmed: str = ""
) -> EventInput:
    return EventInput(
        event_type=event_type,
        grade=grade,
        occurred_on="2025-08-20",
        fatalities=deaths,
        injuries=injuries,
        direct_loss=loss,
        description="罐区泄漏",
        loss_confirmed=confirmed,
    )


@pytest.mark.parametrize(
    ("typed", "codes", "grades"),
    [
        # CNY 350,000 typed in yuan: CNY 3.5 billion, especially major; casualties: general
        (
            _event("process_safety_event", "", "0", "0", "350000"),
            ["loss_raises_grade"],
            ("especially_major", "general"),
        ),
        (
            _event("safety_accident", "general", "1", "0", "1000"),
            ["loss_raises_grade"],
            ("larger", "general"),
        ),
        (
            _event("safety_accident", "general", "0", "12", "6000"),
            ["loss_raises_grade"],
            ("major", "larger"),
        ),
        # below the 较大 threshold, or no worse than the casualties: saved without a word
        (_event("safety_accident", "general", "0", "0", "35"), [], None),
        (_event("safety_accident", "general", "0", "0", "999.99"), [], None),
        (_event("safety_accident", "larger", "3", "0", "1000"), [], None),
        (_event("process_safety_event", "", "0", "0", ""), [], None),
        # ticked "数值无误" for this very figure: the grade rule takes over
        (_event("process_safety_event", "", "0", "0", "350000", "350,000"), [], None),
        (
            _event("safety_accident", "general", "0", "0", "1000", "1000"),
            ["grade_below_figures"],
            None,
        ),
        (_event("safety_accident", "larger", "0", "0", "1000", "1000"), [], None),
        # the tick was for another figure: asked again
        (
            _event("process_safety_event", "", "0", "0", "350000", "35"),
            ["loss_raises_grade"],
            ("especially_major", "general"),
        ),
    ],
)
def test_a_loss_that_raises_the_grade_is_asked_about(
    typed: EventInput, codes: list[str], grades: tuple[str, str] | None
) -> None:
    _values, problems = check_event(RUBRIC, typed, TODAY)
    assert [p.code for p in problems] == codes
    if grades is not None:
        (problem,) = problems
        assert (problem.field, problem.params["derived"], problem.params["by_people"]) == (
            "direct_loss_10k_yuan",
            *grades,
        )
