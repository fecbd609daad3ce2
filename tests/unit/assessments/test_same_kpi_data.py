"""KPI data that look copied from last year: most core inputs unchanged, or a register emptied."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from rcapp.assessments.copied import events_gone, same_kpi_data
from rcapp.rubrics.registry import RubricRegistry

RUBRICS = RubricRegistry(Path(__file__).resolve().parents[3] / "rubrics")
COMPANY = RUBRICS.get("rc-company", 2).rubric

LAST_YEAR = {
    "hours_employees": "3400000",
    "hours_contractors": "600000",
    "production_t": "950000",
    "lti_employees": "2",
    "pse_tier1": "0",
    "energy_tce": "420000",
    "fresh_water_m3": "2100000",
    "so2_t": "40",
    "headcount_employees": "1800",  # feeds no core KPI
}
# the core inputs above with a figure other than 0
CORE = (
    "hours_employees",
    "hours_contractors",
    "production_t",
    "lti_employees",
    "energy_tce",
    "fresh_water_m3",
    "so2_t",
)


def _figures(values: dict[str, str]) -> dict[str, Decimal]:
    return {name: Decimal(value) for name, value in values.items()}


@pytest.mark.parametrize(
    ("changes", "expected_same", "expected_all"),
    [
        # every figure again: all the core inputs compared are named
        ({}, None, True),
        # 420000.000000 stored is 420000 typed: the same figure
        ({"energy_tce": "420000.000000"}, None, True),
        # one of the core figures typed afresh: most are still last year's
        ({"production_t": "962000"}, "production_t", False),
    ],
)
def test_most_core_inputs_unchanged_are_named(
    changes: dict[str, str], expected_same: str | None, expected_all: bool
) -> None:
    found = same_kpi_data(COMPANY, _figures({**LAST_YEAR, **changes}), _figures(LAST_YEAR))
    assert found is not None
    assert set(CORE) - set(found.same) == ({expected_same} if expected_same else set())
    assert found.all_same is expected_all
    assert "pse_tier1" not in found.same  # 0 both years says nothing
    assert "headcount_employees" not in found.same  # only core inputs
    assert found.compared == len(CORE)


@pytest.mark.parametrize(
    "changes",
    [
        # three of seven typed afresh: figures move from year to year, that is no copy
        {"hours_employees": "3500000", "production_t": "962000", "energy_tce": "431000"},
        # the non-core figures unchanged count for nothing
        {n: str(Decimal(v) + 1) for n, v in LAST_YEAR.items() if n in CORE},
        # everything typed afresh
        {n: str(Decimal(v) + 1) for n, v in LAST_YEAR.items()},
    ],
)
def test_figures_typed_afresh_are_not_called_copied(changes: dict[str, str]) -> None:
    assert same_kpi_data(COMPANY, _figures({**LAST_YEAR, **changes}), _figures(LAST_YEAR)) is None


def test_fewer_than_three_figures_compared_say_nothing() -> None:
    few = {"hours_employees": "3400000", "lti_employees": "2"}
    assert same_kpi_data(COMPANY, _figures(few), _figures(few)) is None


def test_a_year_without_last_years_figures_says_nothing() -> None:
    assert same_kpi_data(COMPANY, _figures(LAST_YEAR), {}) is None


@pytest.mark.parametrize(
    ("this_year", "last_year", "expected"),
    [(0, 3, 3), (0, 0, None), (1, 3, None), (2, 0, None)],
)
def test_an_emptied_register_names_last_years_count(
    this_year: int, last_year: int, expected: int | None
) -> None:
    assert events_gone(this_year, last_year) == expected
