"""Benchmark figures print as the result page prints the same kind of figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.benchmarks.pages import group_label
from rcapp.benchmarks.shown import metric_column, metric_figure
from rcapp.benchmarks.stats import GroupKind


@pytest.mark.parametrize(
    ("value", "metric", "shown"),
    [
        (None, "kpi:EN-01", "—"),
        (None, "section:MS", "—"),
        # KPIs: whole numbers stay whole, others two decimals, small ones two figures
        (Decimal("41"), "kpi:EN-01", "41"),
        (Decimal("960000"), "kpi:RS-05", "960,000"),  # separators, as every figure (rcapp.figures)
        (Decimal("41.5"), "kpi:EN-01", "41.5"),
        (Decimal("2.50"), "kpi:OHS-03", "2.5"),
        (Decimal("0.48333"), "kpi:OHS-03", "0.48"),
        (Decimal("0.00071"), "kpi:OHS-03", "0.00071"),
        (Decimal("0.012345"), "kpi:PS-02", "0.012"),
        (Decimal("123.456"), "kpi:RS-02", "123.46"),
        # section scores: one decimal, half up, as the result page
        (Decimal("75"), "section:MS", "75.0"),
        (Decimal("75.25"), "section:MS", "75.3"),
        (Decimal("9.95"), "section:C1", "10.0"),
        (Decimal("0.04"), "section:C1", "0.0"),
    ],
)
def test_a_figure_prints_by_its_metrics_kind(
    value: Decimal | None, metric: str, shown: str
) -> None:
    assert metric_figure(value, metric) == shown


@pytest.mark.parametrize(
    ("values", "metric", "shown"),
    [
        # QA52 p6: the phone cards printed PS-02 "0" on one member's card, "0.13" on the next
        (("0", "0.13", "0.077"), "kpi:PS-02", ("0.000", "0.130", "0.077")),
        (("0.48333", None, "1"), "kpi:OHS-03", ("0.48", "—", "1.00")),  # rounded, then shared
        (("41", "960000"), "kpi:EN-01", ("41", "960,000")),
        (("75", "75.25"), "section:MS", ("75.0", "75.3")),  # scores keep their one decimal
    ],
)
def test_a_kpi_column_of_several_members_has_one_precision(
    values: tuple[str | None, ...], metric: str, shown: tuple[str, ...]
) -> None:
    figures = [None if v is None else Decimal(v) for v in values]
    assert metric_column(figures, metric) == shown


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
