"""A KPI's figures printed together take the KPI's own decimals: whole totals as whole."""

from __future__ import annotations

from decimal import Decimal

from rcapp.scoring.kpi_text import (
    COUNT_PLACES,
    RATE_PLACES,
    TOTAL_PLACES,
    at_places,
    figures_places,
)


def test_a_total_of_whole_figures_prints_whole() -> None:
    # the annual report printed 综合能源消费量 "595,250.0" beside the workbook's 595,250
    assert figures_places(TOTAL_PLACES, [Decimal("595250"), Decimal("15268750.00"), None]) == 0
    assert figures_places(TOTAL_PLACES, [Decimal("595250.04")]) == 0  # rounds to a whole


def test_a_total_with_a_decimal_keeps_it_for_the_row() -> None:
    assert figures_places(TOTAL_PLACES, [Decimal("10575"), Decimal("1234.5")]) == 1
    assert figures_places(COUNT_PLACES, [Decimal(3), Decimal(0)]) == 0


def test_a_rate_keeps_its_decimals() -> None:
    assert figures_places(RATE_PLACES, [Decimal("1.2"), Decimal(2)]) == RATE_PLACES
    assert figures_places(RATE_PLACES, [Decimal("0.0123")]) == 3  # two significant figures


def test_a_figure_is_rounded_to_its_row() -> None:
    assert at_places(Decimal("595250.04"), 0) == Decimal(595250)
    assert at_places(None, 2) is None
