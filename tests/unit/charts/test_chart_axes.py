"""Chart axes read at print size: round ticks for whole values, text as large as asked (QA46 S7)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcapp.charts.bars import Series, XYChart, bar_svg, line_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("values", "ticks"),
    [
        # an index of whole values: 0/28/56/84/112 before
        ((Decimal(100), Decimal(107)), [0, 25, 50, 75, 100, 125]),
        ((Decimal(3), Decimal(1)), [0, 1, 2, 3, 4]),  # few organisations: every count
        ((Decimal(0), Decimal(0)), [0, 1, 2, 3, 4]),
        ((Decimal(5), Decimal(2)), [0, 2, 4, 6]),
        ((Decimal(17), Decimal(9)), [0, 5, 10, 15, 20]),
    ],
)
def test_whole_values_get_round_whole_ticks(
    values: tuple[Decimal, Decimal], ticks: list[int]
) -> None:
    chart = XYChart("t", ("2024", "2025"), (Series("s", values),))
    assert [int(t) for t in chart.ticks] == ticks
    assert all(t == int(t) for t in chart.ticks)


def test_a_chart_can_print_larger_text_and_name_its_axis() -> None:
    chart = XYChart(
        "星级分布",
        ("3 星", "未评定"),
        (Series("本年", (Decimal(2), Decimal(1))),),
        y_label="组织数",
        text_size=13,
    )
    for svg in (bar_svg(chart), line_svg(chart)):
        root = ET.fromstring(svg)  # noqa: S314 - our own markup
        assert root.attrib["font-size"] == "13"
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert "组织数" in texts
    labels = ET.fromstring(bar_svg(chart)).iter(f"{SVG}text")  # noqa: S314 - our own markup
    sizes = {t.attrib["font-size"] for t in labels if "font-size" in t.attrib}
    assert sizes == {"12"}  # the bars' own figures, a size below the text
