"""Peer-group statistics: small groups hidden, rates pooled, ranks, and the KPI ladder fed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.benchmarks.stats import (
    Member,
    group_statistics,
    kpi_group_stats,
    kpi_metric,
    percentile_rank,
    section_metric,
)
from rcapp.rubrics.loader import load_rubric
from rcapp.rubrics.model import Direction, Rubric
from rcapp.scoring.kpis import kpi_levels
from tests.conftest import TEST_RUBRICS_DIR

D = Decimal


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(TEST_RUBRICS_DIR / "mini-company" / "v1.yaml").rubric


def _member(i: int, lti: int, hours: int, score: str = "80") -> Member:
    inputs = {"lti_employees": D(lti), "hours_employees": D(hours), "drills": D(i)}
    return Member(i, {"MS": D(score), "C6": None}, inputs)


def test_a_group_of_four_shows_nothing_and_a_group_of_five_shows_statistics(rubric: Rubric) -> None:
    members = [_member(i, 1, 1_000_000, str(60 + 5 * i)) for i in range(5)]
    assert group_statistics(members[:4], rubric.kpis) == {}
    stats = group_statistics(members, rubric.kpis)
    ms = stats[section_metric("MS")]
    assert (ms.members, ms.first_quartile, ms.median, ms.third_quartile) == (5, D(65), D(70), D(75))
    assert section_metric("C6") not in stats  # N/A for everyone: no values, no statistics


def test_rates_are_pooled_not_averaged(rubric: Rubric) -> None:
    # A: 4 cases in 1,000,000 h (0.80 per 200,000 h); B: 2 in 2,000,000 h (0.20); the
    # three others report nothing that counts (zero hours are left out of the pool).
    a, b = _member(1, 4, 1_000_000), _member(2, 2, 2_000_000)
    others = [Member(i, {"MS": D(70)}, {"drills": D(1)}) for i in range(3, 6)]
    stats = group_statistics([a, b, *others], rubric.kpis, min_size=2)
    ltif = stats[kpi_metric("OHS-03")]
    assert ltif.pooled_200k == D("0.40")  # averaging the rates would say 0.50
    assert ltif.pooled == D("2.00")  # per 1,000,000 h, the primary basis


@pytest.mark.parametrize(
    ("value", "better", "expected"),
    [
        (D(1), Direction.LOWER, D("90.0")),
        (D(5), Direction.LOWER, D("10.0")),
        (D(3), Direction.LOWER, D("50.0")),
        (D(5), Direction.HIGHER, D("90.0")),
    ],
)
def test_percentile_rank(value: Decimal, better: Direction, expected: Decimal) -> None:
    assert percentile_rank(value, [D(1), D(2), D(3), D(4), D(5)], better) == expected


def test_better_than_the_group_median_reaches_rung_three(rubric: Rubric) -> None:
    group = [_member(i, lti, 1_000_000) for i, lti in enumerate([1, 2, 3, 4, 5])]
    stats = kpi_group_stats(group_statistics(group, rubric.kpis))
    history = {
        2023: {"lti_employees": D(2), "hours_employees": D(1_000_000), "drills": D(1)},
        2024: {"lti_employees": D(2), "hours_employees": D(1_000_000), "drills": D(1)},
    }
    this_year = {"lti_employees": D(2), "hours_employees": D(800_000), "drills": D(1)}
    with_stats = kpi_levels(rubric, 2025, this_year, history, stats)
    without = kpi_levels(rubric, 2025, this_year, history, {})
    ltif = {level.kpi_id: level.level for level in with_stats}["OHS-03"]
    assert ltif == 3  # 2.5 per 1,000,000 h beats the median 3.0, not the first quartile 2.0
    assert {level.kpi_id: level.level for level in without}["OHS-03"] == 2
