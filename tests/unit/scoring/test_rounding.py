from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.scoring.rounding import kpi_figure, kpi_figures, meets, score, weighted_mean

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


def _figure_or_error(value: Decimal) -> str:
    try:
        return str(kpi_figure(value))
    except ArithmeticError as exc:
        return f"error: {type(exc).__name__}"


_figures_values = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False),  # any exponent, up to 34+ digits
    st.decimals(min_value=-10, max_value=10, places=4, allow_nan=False),  # 0.1 and below
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),  # 1.00 vs 1
    st.integers(-(10**40), 10**40).map(D),  # too long for two places, or for one
    st.sampled_from([D(0), D("-0"), D("-0.000"), D("0E+3"), D("0.1"), D("-0.1"), D("0.0999")]),
    st.builds(lambda a, b: D(a) / D(b), st.integers(0, 10**7), st.integers(1, 10**7)),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_figures_values, max_size=40))
def test_kpi_figures_are_kpi_figure_of_each_value(values: list[Decimal]) -> None:
    """Value, exponent and sign of each figure; an error where kpi_figure raises one."""
    doubled = values + values  # equal values again: the second are looked up
    expected = [_figure_or_error(value) for value in doubled]
    if any(shown.startswith("error") for shown in expected):
        with pytest.raises(ArithmeticError):
            kpi_figures(doubled)
        return
    assert [str(figure) for figure in kpi_figures(doubled)] == expected


def test_kpi_figures_tell_apart_the_zeros_and_round_as_kpi_figure() -> None:
    values = [D("-0.000"), D(0), D("1.00"), D(1), D("2.005"), D("0.01234"), D(2) / D(3)]
    assert [str(f) for f in kpi_figures(values)] == ["-0", "0", "1", "1", "2.01", "0.012", "0.67"]
