"""The event form refuses a grade below what Decree 493 gives for the figures (version 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rcapp.assessments.event_checks import check_event
from rcapp.assessments.validation import (
    EventInput,
    ItemInput,
    check_item,
    check_section_na,
)
from rcapp.rubrics.registry import RubricRegistry

RUBRICS = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")
TODAY = dt.date(2026, 3, 1)


def _event(grade: str, fatalities: str = "0", injuries: str = "0", loss: str = "") -> EventInput:
    return EventInput(
        event_type="safety_accident",
        grade=grade,
        occurred_on="2025-08-20",
        fatalities=fatalities,
        injuries=injuries,
        direct_loss=loss,
        description="罐区火灾",
        loss_confirmed=loss,  # the loss confirmed (qa50 M1): the grade rule is tested here
    )


@pytest.mark.parametrize(
    ("typed", "derived"),
    [
        (_event("general", fatalities="3"), "larger"),
        (_event("general", injuries="10"), "larger"),
        (_event("general", loss="1000"), "larger"),
        (_event("larger", fatalities="10"), "major"),
        (_event("major", injuries="100"), "especially_major"),
    ],
)
def test_v2_refuses_a_grade_below_the_figures(typed: EventInput, derived: str) -> None:
    values, problems = check_event(RUBRICS.get("rc-company", 2).rubric, typed, TODAY)

    assert [(p.field, p.code, dict(p.params)) for p in problems] == [
        ("grade", "grade_below_figures", {"derived": derived})
    ]


@pytest.mark.parametrize(
    "typed",
    [
        _event("general", fatalities="2", injuries="9", loss="999.99"),
        _event("larger", fatalities="3"),
        _event("major", fatalities="1"),  # above the figures: the entered grade stands
    ],
)
def test_v2_accepts_grades_at_or_above_the_figures(typed: EventInput) -> None:
    _values, problems = check_event(RUBRICS.get("rc-company", 2).rubric, typed, TODAY)
    assert problems == []


def test_v1_keeps_accepting_what_it_accepted() -> None:
    _values, problems = check_event(
        RUBRICS.get("rc-company", 1).rubric, _event("general", fatalities="4"), TODAY
    )
    assert problems == []


def test_a_section_the_scheme_forbids_is_never_declared_na() -> None:
    rubric = RUBRICS.get("rc-company", 2).rubric
    c2 = next(s for s in rubric.sections if s.id == "C2")
    typed = ItemInput(is_na=True, na_reason="客户自提，不负责运输")

    values, problems = check_section_na(
        c2, typed, forbidden="C2" in rubric.rating.na_forbidden_sections
    )

    assert values == {}
    assert [(p.subject, p.field, p.code) for p in problems] == [("C2", "is_na", "na_forbidden")]


def test_web_and_command_line_share_the_item_rules() -> None:
    rubric = RUBRICS.get("rc-company", 2).rubric
    item = rubric.item_index()["C1.E1.1"]

    _values, problems = check_item(item, ItemInput(level="7"))

    assert [(p.code, dict(p.params)) for p in problems] == [("level_range", {"max": 4})]
