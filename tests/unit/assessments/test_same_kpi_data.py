"""KPI data that look copied from last year: most core inputs unchanged, or a register emptied."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.assessments.copied import events_gone, same_kpi_data
from tests.unit.assessments.test_zero_doubts import PLANT, RUBRICS

COMPANY = RUBRICS.get("rc-company", 2).rubric

# qa49's plant: every figure feeds a core KPI; no Tier-1 event; a headcount, which no core
# KPI reads
LAST_YEAR = {**PLANT, "pse_tier1": "0", "headcount_employees": "1800"}
CORE = tuple(name for name in PLANT if name != "pse_tier1")  # compared: a figure, not 0


def _figures(values: dict[str, str]) -> dict[str, Decimal]:
    return {name: Decimal(value) for name, value in values.items()}


@pytest.mark.parametrize(
    ("changes", "typed_afresh", "expected_all"),
    [
        # every figure again: all the core inputs compared are named
        ({}, set(), True),
        # 420000.000000 stored is 420000 typed: the same figure
        ({"energy_tce": "420000.000000"}, set(), True),
        # one of the core figures typed afresh: most are still last year's
        ({"production_t": "962000"}, {"production_t"}, False),
        # four of thirteen typed afresh: still most (nine) are last year's
        (dict.fromkeys(CORE[:4], "1"), set(CORE[:4]), False),
    ],
)
def test_most_core_inputs_unchanged_are_named(
    changes: dict[str, str], typed_afresh: set[str], expected_all: bool
) -> None:
    found = same_kpi_data(COMPANY, _figures({**LAST_YEAR, **changes}), _figures(LAST_YEAR))
    assert found is not None
    assert set(found.same) == set(CORE) - typed_afresh
    order = [kpi_input.id for kpi_input in COMPANY.kpi_inputs]
    assert list(found.same) == sorted(found.same, key=order.index)  # in rubric order
    assert found.all_same is expected_all
    assert "pse_tier1" not in found.same  # 0 both years says nothing
    assert "headcount_employees" not in found.same  # only core inputs
    assert found.compared == len(CORE)


@pytest.mark.parametrize(
    "changes",
    [
        # five of thirteen typed afresh: figures move from year to year, that is no copy
        {n: str(Decimal(PLANT[n]) + 1) for n in CORE[:5]},
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
