"""Line chart of scores over years, as standalone SVG text (pure: plain data in, text out).

Same conventions as radar.py: own font stack, <title> and <desc> with every value,
presentation attributes only. A missing point (None) breaks the line: a year whose score
is not comparable is left out rather than joined to its neighbours. Years from `draft_from`
on are not final (an assessment still being filled): their points are hollow, the line into
them dashed, and `draft_note` is written under their year, so they are not read as results.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import Decimal

from rcapp.charts.bars import PALETTE  # eight colours: the overall score and seven sections
from rcapp.charts.svg import category_label, format_value, svg_root, value_grid

# The legend is under the plot, one series a row, across the whole width: to its right it
# cut English section names short, and a narrower chart stays readable scaled to a phone.
# QA14 S7: 440 x 260 was drawn about 250 px tall on a wide page; the plot is now as wide as
# the table under it allows without scrolling, and every series has its legend row.
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 40, 44, 20, 40  # room for "Provisional" under the last year
LEGEND_ROW = 20


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
    draft_from: int | None = None  # position of the first year not yet final, if any
    draft_note: str = ""  # written under a draft year, e.g. "暂定"

    def is_draft(self, index: int) -> bool:
        return self.draft_from is not None and index >= self.draft_from

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
    years = [
        f"{year} ({chart.draft_note})" if chart.is_draft(index) and chart.draft_note else str(year)
        for index, year in enumerate(chart.years)
    ]
    described = [
        f"{one.name}: "
        + "; ".join(f"{y} {format_value(v)}" for y, v in zip(years, one.values, strict=True))
        for one in chart.series
    ]
    root = svg_root(
        width=WIDTH,
        height=HEIGHT + LEGEND_ROW * len(chart.series) + 6,
        font_size="14",
        id_prefix=id_prefix,
        title=chart.title,
        desc=" ".join(described),
    )
    _axes(root, chart)
    for position, one in enumerate(chart.series):
        _series(root, chart, one, PALETTE[position % len(PALETTE)], position)
    return ET.tostring(root, encoding="unicode")


def _axes(root: ET.Element, chart: LineChart) -> None:
    values = [chart.maximum * step / 4 for step in range(5)]
    value_grid(
        root,
        [(_y(chart, value), f"{value:.0f}") for value in values],
        left=LEFT,
        right=WIDTH - RIGHT,
        label_gap=6,
        label_fill="#5b6770",
        grid={"stroke": "#d5dbe3", "fill": "none"},
    )
    for index, year in enumerate(chart.years):
        category_label(root, _x(chart, index), HEIGHT - 16, str(year), "#5b6770")
        if chart.is_draft(index) and chart.draft_note:
            category_label(root, _x(chart, index), HEIGHT - 3, chart.draft_note, "#5b6770")


def _series(
    root: ET.Element, chart: LineChart, one: LineSeries, colour: str, position: int
) -> None:
    group = ET.SubElement(root, "g", {"stroke": colour, "fill": colour, "data-series": one.name})
    run: list[str] = []
    for index, value in enumerate((*one.values, None)):
        if value is not None and chart.is_draft(index):
            _draft_point(group, chart, one, index, value)
            value = None  # ends the solid line before the first draft year
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
    legend_y = HEIGHT + 6 + LEGEND_ROW * position
    ET.SubElement(
        group,
        "rect",
        {"x": str(LEFT), "y": str(legend_y), "width": "10", "height": "10"},
    )
    label = ET.SubElement(
        root, "text", {"x": str(LEFT + 16), "y": str(legend_y + 9), "fill": "#1f2a33"}
    )
    label.text = one.name


def _draft_point(
    group: ET.Element, chart: LineChart, one: LineSeries, index: int, value: Decimal
) -> None:
    """Draw a year not yet final: a hollow point, joined to the year before by a dashed line."""
    x, y = _x(chart, index), _y(chart, value)
    before = one.values[index - 1] if index > 0 else None
    if before is not None:
        ET.SubElement(
            group,
            "line",
            {
                "x1": f"{_x(chart, index - 1):.1f}",
                "y1": f"{_y(chart, before):.1f}",
                "x2": f"{x:.1f}",
                "y2": f"{y:.1f}",
                "stroke-width": "2",
                "stroke-dasharray": "5 4",
            },
        )
    circle = {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "4", "fill": "#ffffff", "stroke-width": "2"}
    ET.SubElement(group, "circle", circle)
