"""The shared answer rules: one verdict per input, worded for the command line here (the web
words the same codes through assessments.messages)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.rubrics.model import EventGrade, EventType, Item, KpiInput, Text
from rcapp.scoring import answer_rules as rules

T = Text(zh="x", en="x")
LEVELS = tuple(Text(zh=f"{n}", en=f"{n}") for n in range(5))
MATURITY = Item(id="A.1", prompt=T, levels=LEVELS)
YES_NO = Item(id="A.2", kind="yes_no", prompt=T)
NUMBER = Item(
    id="A.3", kind="number", prompt=T, unit=T, min=Decimal(0), max=Decimal(10), weight=Decimal(0)
)
COUNT = KpiInput(id="lti", label=T, unit=T, integer=True)
ACCIDENT = EventType(id="accident", label=T, scale="decree_493")
ENV = EventType(id="env", label=T, scale="env_levels")


@pytest.mark.parametrize(
    ("violation", "code", "english"),
    [
        (rules.level_rule(MATURITY, 5), "level_range", "level 5 is out of range 0-4"),
        (rules.level_rule(YES_NO, 2), "level_range", "a yes/no item takes yes or no"),
        (rules.number_rule(NUMBER, Decimal(11)), "above_max", "11 is above the item's maximum 10"),
        (rules.number_rule(NUMBER, Decimal("NaN")), "not_a_number", "NaN is not a number"),
        (rules.na_rule(False, "x"), "na_not_allowed", "this item does not allow N/A"),
        (rules.na_rule(True, "  "), "na_reason_required", "N/A needs a reason"),
        (rules.kpi_input_rule(COUNT, Decimal("2.5")), "not_integer", "2.5 must be a whole number"),
        (
            rules.event_grade_rule(ACCIDENT, EventGrade.GENERAL, 3, 0, None),
            "grade_below_figures",
            "grade 一般 general is below 较大 larger, the grade Decree 493 gives",
        ),
    ],
)
def test_rule_code_and_wording(violation: rules.Violation | None, code: str, english: str) -> None:
    assert violation is not None
    assert violation.code == code
    assert rules.english(violation).startswith(english)


@pytest.mark.parametrize(
    "violation",
    [
        rules.level_rule(MATURITY, 4),
        rules.level_rule(YES_NO, 1),
        rules.number_rule(NUMBER, Decimal(10)),
        rules.na_rule(True, "no rail siding"),
        rules.kpi_input_rule(COUNT, Decimal(3)),
        rules.event_grade_rule(ACCIDENT, EventGrade.LARGER, 3, 0, None),
        rules.event_grade_rule(ACCIDENT, None, 30, 0, None),  # no grade: derived, not refused
        rules.event_grade_rule(ENV, EventGrade.GENERAL, 30, 0, None),  # levels are entered
    ],
)
def test_valid_inputs_pass(violation: rules.Violation | None) -> None:
    assert violation is None
