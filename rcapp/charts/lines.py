"""Line chart of scores over years, as standalone SVG text (pure: plain data in, text out).

Same conventions as radar.py: own font stack, <title> and <desc> with every value,
presentation attributes only. A missing point (None) breaks the line: a year whose score
is not comparable is left out rather than joined to its neighbours.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import Decimal

from rcapp.charts.radar import FONT_FAMILY, PALETTE, SVG_NS, format_value

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 150, 20, 40


@dataclass(frozen=True)
class LineSeries:
    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class LineChart:
    title: str
    years: tuple[int, ...]
    series: tuple[LineSeries, ...]
    maximum: Decimal = Decimal(100)

    def __post_init__(self) -> None:
        if not self.years:
            raise ValueError("a line chart needs at least one year")
        for one in self.series:
            if len(one.values) != len(self.years):
                raise ValueError(f"series {one.name!r} needs one value per year")


def _x(chart: LineChart, index: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (len(chart.years) - 1) if len(chart.years) > 1 else span / 2)


def _y(chart: LineChart, value: Decimal) -> float:
    fraction = float(min(max(value / chart.maximum, Decimal(0)), Decimal(1)))
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - fraction)


def line_svg(chart: LineChart, id_prefix: str = "lines") -> str:
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": str(WIDTH),
            "height": str(HEIGHT),
            "role": "img",
            "aria-labelledby": f"{id_prefix}-title {id_prefix}-desc",
            "font-family": FONT_FAMILY,
            "font-size": "12",
        },
    )
    ET.SubElement(root, "title", {"id": f"{id_prefix}-title"}).text = chart.title
    described = [
        f"{one.name}: "
        + "; ".join(f"{y} {format_value(v)}" for y, v in zip(chart.years, one.values, strict=True))
        for one in chart.series
    ]
    ET.SubElement(root, "desc", {"id": f"{id_prefix}-desc"}).text = " ".join(described)
    _axes(root, chart)
    for position, one in enumerate(chart.series):
        _series(root, chart, one, PALETTE[position % len(PALETTE)], position)
    return ET.tostring(root, encoding="unicode")


def _axes(root: ET.Element, chart: LineChart) -> None:
    grid = ET.SubElement(root, "g", {"stroke": "#d5dbe3", "fill": "none"})
    for step in range(5):
        value = chart.maximum * step / 4
        y = _y(chart, value)
        ET.SubElement(
            grid,
            "line",
            {"x1": str(LEFT), "x2": str(WIDTH - RIGHT), "y1": f"{y:.1f}", "y2": f"{y:.1f}"},
        )
        label = ET.SubElement(
            root,
            "text",
            {"x": str(LEFT - 6), "y": f"{y + 4:.1f}", "text-anchor": "end", "fill": "#5b6770"},
        )
        label.text = f"{value:.0f}"
    for index, year in enumerate(chart.years):
        text = ET.SubElement(
            root,
            "text",
            {
                "x": f"{_x(chart, index):.1f}",
                "y": str(HEIGHT - 16),
                "text-anchor": "middle",
                "fill": "#5b6770",
            },
        )
        text.text = str(year)


def _series(
    root: ET.Element, chart: LineChart, one: LineSeries, colour: str, position: int
) -> None:
    group = ET.SubElement(root, "g", {"stroke": colour, "fill": colour, "data-series": one.name})
    run: list[str] = []
    for index, value in enumerate((*one.values, None)):
        if value is None:
            if len(run) > 1:
                ET.SubElement(
                    group,
                    "polyline",
                    {"points": " ".join(run), "fill": "none", "stroke-width": "2"},
                )
            run = []
            continue
        x, y = _x(chart, index), _y(chart, value)
        run.append(f"{x:.1f},{y:.1f}")
        ET.SubElement(group, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3"})
    legend_y = TOP + 16 * position
    ET.SubElement(
        group,
        "rect",
        {"x": str(WIDTH - RIGHT + 12), "y": str(legend_y), "width": "10", "height": "10"},
    )
    label = ET.SubElement(
        root, "text", {"x": str(WIDTH - RIGHT + 28), "y": str(legend_y + 9), "fill": "#1f2a33"}
    )
    label.text = one.name
