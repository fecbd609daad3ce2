from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.scoring.rounding import kpi_figure, meets, score, weighted_mean

D = Decimal


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D("74.45"), D("74.5")),
        (D("74.44"), D("74.4")),
        (D("74.4499999999999999999999999999"), D("74.5")),  # division noise, not a real value
        (D("74.449999"), D("74.4")),
        (D(200) / D(3), D("66.7")),
        (D("0.05"), D("0.1")),
        (D("99.95"), D("100.0")),
        (D(0), D("0.0")),
    ],
)
def test_scores_round_half_up_to_one_decimal(value: Decimal, shown: Decimal) -> None:
    assert score(value) == shown
    assert str(score(value)) == str(shown)


@pytest.mark.parametrize(
    ("value", "threshold", "passed"),
    [
        (D("69.94"), D(70), False),
        (D("69.95"), D(70), True),  # shown as 70.0: what is shown is judged
        (D(70), D(70), True),
        (D("70.04"), D(70), True),
        (None, D(0), False),
    ],
)
def test_gates_compare_the_shown_score(
    value: Decimal | None, threshold: Decimal, passed: bool
) -> None:
    assert meets(value, threshold) is passed


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (D(3), "3"),
        (D("3.000"), "3"),
        (D("1.25"), "1.25"),
        (D("0.25"), "0.25"),
        (D("1.255"), "1.26"),
        (D("12345.678"), "12345.68"),
        (D("0.0123"), "0.012"),
        (D("0.00125"), "0.0013"),
        (D("-0.0125"), "-0.013"),
    ],
)
def test_kpi_figures(value: Decimal, shown: str) -> None:
    assert str(kpi_figure(value)) == shown


def test_weighted_mean_ignores_nothing_and_refuses_zero_weight() -> None:
    assert weighted_mean([(D(1), D(10)), (D(3), D(20))]) == D("17.5")
    assert weighted_mean([(D(0), D(10))]) is None
    assert weighted_mean([]) is None
