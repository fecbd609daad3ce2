"""Benchmark figures print as the result page prints the same kind of figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.benchmarks.pages import group_label
from rcapp.benchmarks.shown import metric_figure
from rcapp.benchmarks.stats import GroupKind


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (None, 1, "—"),
        (None, None, "—"),
        # KPIs: the KPI's decimals (scoring.kpi_text), small rates two significant figures
        (Decimal("41"), 0, "41"),  # a count
        (Decimal("960000"), 1, "960,000.0"),  # a total: separators, as every figure
        (Decimal("41.5"), 1, "41.5"),
        (Decimal("1"), 2, "1.00"),  # LTIF 1 reads 1.00, as on the result page (qa71)
        (Decimal("2.50"), 2, "2.50"),
        (Decimal("0"), 2, "0.00"),  # QA52 p6: never "0" beside "0.13" of the next member
        (Decimal("0.48333"), 2, "0.48"),
        (Decimal("0.00071"), 2, "0.00071"),
        (Decimal("0.012345"), 2, "0.012"),
        (Decimal("123.456"), 2, "123.46"),
        # section scores: one decimal, half up, as the result page
        (Decimal("75"), None, "75.0"),
        (Decimal("75.25"), None, "75.3"),
        (Decimal("9.95"), None, "10.0"),
        (Decimal("0.04"), None, "0.0"),
    ],
)
def test_a_figure_prints_with_its_kpis_decimals_or_as_a_score(
    value: Decimal | None, places: int | None, shown: str
) -> None:
    assert metric_figure(value, places) == shown


def test_a_province_group_is_named_in_the_pages_language() -> None:
    assert group_label(GroupKind.PROVINCE, "江苏省", "zh") == "江苏省"
    assert group_label(GroupKind.PROVINCE, "江苏省", "en") == "Jiangsu"
    assert group_label(GroupKind.PARK_PROVINCE, "江苏省", "en") == "Jiangsu"


def test_a_sector_group_is_named_in_the_pages_language_unless_unknown() -> None:
    assert group_label(GroupKind.SECTOR, "氯碱", "zh") == "氯碱"
    assert group_label(GroupKind.SECTOR, "氯碱", "en") == "Chlor-alkali"
    assert group_label(GroupKind.SECTOR, "基础化学原料制造", "en") == (
        "Manufacture of basic chemical raw materials"
    )
    assert group_label(GroupKind.SECTOR, "氯碱及有机硅单体", "en") == "氯碱及有机硅单体"
