"""The shared SVG scaffolding: root attributes, escaping, grid and labels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcapp.charts.svg import FONT_FAMILY, category_label, format_value, svg_root, value_grid

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_root_carries_size_font_and_accessible_name() -> None:
    root = svg_root(width=300, height=200, font_size="11", id_prefix="p", title="甲 <&>", desc="d")
    parsed = ET.fromstring(ET.tostring(root, encoding="unicode"))  # noqa: S314 - our own output
    assert parsed.get("viewBox") == "0 0 300 200"
    assert parsed.get("font-family") == FONT_FAMILY
    assert FONT_FAMILY.startswith("Noto Sans CJK SC")
    assert parsed.get("aria-labelledby") == "p-title p-desc"
    assert parsed.find("svg:title", NS).text == "甲 <&>"  # type: ignore[union-attr]
    assert "&lt;&amp;&gt;" in ET.tostring(root, encoding="unicode")


def test_grid_lines_and_labels_sit_at_their_ticks() -> None:
    root = svg_root(width=300, height=200, font_size="11", id_prefix="p", title="t", desc="d")
    value_grid(
        root,
        [(150.0, "0"), (50.25, "10")],
        left=40,
        right=290,
        label_gap=4,
        label_fill="#000",
        grid={"stroke": "#ccc"},
    )
    category_label(root, 100.04, 190, "B&b", "#111")
    lines = root.findall("g/line")
    ends = [(line.get("y1"), line.get("x2")) for line in lines]
    assert ends == [("150.0", "290"), ("50.2", "290")]
    texts = root.findall("text")
    assert [(t.get("x"), t.get("y"), t.text) for t in texts] == [
        ("36", "154.0", "0"),
        ("36", "54.2", "10"),
        ("100.0", "190", "B&b"),
    ]


@pytest.mark.parametrize(
    ("value", "missing", "expected"),
    [
        (None, "—", "—"),
        (None, "n/a", "n/a"),
        (Decimal("3.14"), "—", "3.1"),
        (Decimal(7), "—", "7.0"),
    ],
)
def test_format_value(value: Decimal | None, missing: str, expected: str) -> None:
    assert format_value(value, missing) == expected
