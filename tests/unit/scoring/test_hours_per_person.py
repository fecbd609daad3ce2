"""Hours worked per person cannot exceed a year's 8,784 hours: the pairs and the bound."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from rcapp.rubrics.loader import load_rubric
from rcapp.scoring.hours_per_person import (
    HOURS_IN_A_YEAR,
    hours_pairs,
    hours_per_person,
    over_a_year,
)

from .builders import build_rubric, split_section, text

D = Decimal
RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"


def _input(input_id: str, unit: str) -> dict[str, Any]:
    return {"id": input_id, "label": text(input_id), "unit": text(unit)}


def _rubric(*inputs: dict[str, Any]) -> Any:
    return build_rubric([split_section("S", 100)], kpi_inputs=list(inputs), kpis=[])


def test_a_year_holds_8784_hours() -> None:
    assert D(8784) == HOURS_IN_A_YEAR


@pytest.mark.parametrize(
    ("hours", "headcount", "per_person", "over"),
    [
        ("1800000", "1000", "1800", None),  # an ordinary year
        ("8784000", "1000", "8784", None),  # every hour of a leap year: possible, just
        ("8784001", "1000", "8784.001", "8784.001"),  # one hour more: impossible
        ("20000000", "1000", "20000", "20000"),  # hours typed in minutes, say
        ("20000000", "1", "20000000", "20000000"),
        ("0", "10", "0", None),
        ("100", "0", None, None),  # nobody counted: no ratio, no warning
        (None, "10", None, None),  # one figure missing
        ("100", None, None, None),
    ],
)
def test_hours_per_person_and_the_bound(
    hours: str | None, headcount: str | None, per_person: str | None, over: str | None
) -> None:
    h = None if hours is None else D(hours)
    n = None if headcount is None else D(headcount)
    assert hours_per_person(h, n) == (None if per_person is None else D(per_person))
    [pair] = hours_pairs(_rubric(_input("hours_staff", "h"), _input("headcount_staff", "persons")))
    values = {"hours_staff": h, "headcount_staff": n}
    assert over_a_year(pair, values) == (None if over is None else D(over))


@pytest.mark.parametrize(
    ("inputs", "pairs"),
    [
        (
            [("hours_employees", "h"), ("headcount_employees", "persons")],
            [("hours_employees", "headcount_employees")],
        ),
        (
            [("hours_staff", "hours"), ("headcount_staff", "persons")],
            [("hours_staff", "headcount_staff")],
        ),
        # Each hours input only with the headcount of its own scope.
        (
            [
                ("hours_employees", "h"),
                ("hours_contractors", "h"),
                ("headcount_employees", "persons"),
            ],
            [("hours_employees", "headcount_employees")],
        ),
        ([("hours_employees", "h")], []),  # no headcount: no check
        ([("hours_employees", "t"), ("headcount_employees", "persons")], []),  # not hours
        ([("hours_employees", "h"), ("headcount_employees", "cases")], []),  # not people
        ([("employee_hours", "h"), ("employees", "persons")], []),  # codes say nothing: no guess
    ],
)
def test_pairs_are_recognised_by_code_and_unit(
    inputs: list[tuple[str, str]], pairs: list[tuple[str, str]]
) -> None:
    rubric = _rubric(*(_input(input_id, unit) for input_id, unit in inputs))
    assert [pair.names for pair in hours_pairs(rubric)] == pairs


@pytest.mark.parametrize(
    ("path", "pairs"),
    [
        ("rc-company/v1.yaml", [("hours_employees", "headcount_employees")]),
        ("rc-company/v2.yaml", [("hours_employees", "headcount_employees")]),
        ("rc-park/v1.yaml", []),  # the park rubrics ask no headcount
        ("rc-park/v2.yaml", []),
    ],
)
def test_the_published_rubrics_pairs(path: str, pairs: list[tuple[str, str]]) -> None:
    rubric = load_rubric(RUBRICS / path).rubric
    assert [pair.names for pair in hours_pairs(rubric)] == pairs
