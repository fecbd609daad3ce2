"""Line chart of scores over years, as standalone SVG text (pure: plain data in, text out).

Same conventions as radar.py: own font stack, <title> and <desc> with every value,
presentation attributes only. A missing point (None) breaks the line: a year whose score
is not comparable is left out rather than joined to its neighbours. Years from `draft_from`
on are not final (an assessment still being filled): their points are hollow, the line into
them dashed, and `draft_note` is written under their year, so they are not read as results.
Each series has its own marker shape as well as its colour (circle, square, triangle …), in
the plot and in the legend: eight colours alone could not be told apart where the points
overlap, nor by a reader who does not see colour (QA39 S3). A park draws ten lines (the
overall score and nine sections): ten colours and ten shapes, so no two lines share either
(the ninth and tenth repeated the first two). Dashes stay for the draft years alone. A
missing value reads `missing_note` in the description ("不可比"), as the table under the
chart says, not "—". A series with a single point has no line to read it by: the point is
labelled with its value, the labels of one year moved apart so that they never overlap
(qa71 M2).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import Decimal

from rcapp.charts.bars import PALETTE  # eight colours: the overall score and seven sections
from rcapp.charts.svg import category_label, format_value, svg_root, value_grid

# One marker shape a series, in order: the overall score keeps the circle. Points of a
# polygon are (dx, dy) per unit of the marker's size.
SHAPES: tuple[tuple[tuple[float, float], ...] | str, ...] = (
    "circle",
    ((-1, -1), (1, -1), (1, 1), (-1, 1)),  # square
    ((0, -1.3), (1.15, 0.85), (-1.15, 0.85)),  # triangle
    ((0, -1.4), (1.4, 0), (0, 1.4), (-1.4, 0)),  # diamond
    ((0, 1.3), (1.15, -0.85), (-1.15, -0.85)),  # triangle pointing down
    "cross",
    ((0, -1.3), (1.25, -0.4), (0.77, 1.1), (-0.77, 1.1), (-1.25, -0.4)),  # pentagon
    "plus",
    ((-1.2, 0), (-0.6, -1.05), (0.6, -1.05), (1.2, 0), (0.6, 1.05), (-0.6, 1.05)),  # hexagon
    ((1.3, 0), (-0.85, 1.15), (-0.85, -1.15)),  # triangle pointing right
)

# A park's ninth and tenth lines (eight sections and the overall score fit the bars' eight).
LINE_PALETTE = (*PALETTE, "#a3195b", "#1d2733")

# The legend is under the plot, across the whole width: to its right it cut English section
# names short. QA14 S7: 440 x 260 was drawn about 250 px tall on a wide page. The page draws
# the chart as wide as its column (about 1,040 px: drawn at its own size, its text is the
# page's), and more than four series take two legend columns, read down the first.
WIDTH, HEIGHT = 1040, 340
LEFT, RIGHT, TOP, BOTTOM = 40, 44, 20, 40  # room for "Provisional" under the last year
LEGEND_ROW = 20
LEGEND_COLUMNS_FROM = 5  # series: two legend columns from this many on


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
    missing_note: str = "—"  # a missing value in the description, e.g. "不可比"

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
        + "; ".join(
            f"{y} {format_value(v, chart.missing_note)}"
            for y, v in zip(years, one.values, strict=True)
        )
        for one in chart.series
    ]
    root = svg_root(
        width=WIDTH,
        height=HEIGHT + LEGEND_ROW * _legend_rows(chart) + 6,
        font_size="14",
        id_prefix=id_prefix,
        title=chart.title,
        desc=" ".join(described),
    )
    _axes(root, chart)
    for position, one in enumerate(chart.series):
        _series(root, chart, one, LINE_PALETTE[position % len(LINE_PALETTE)], position)
    _single_labels(root, chart)
    return ET.tostring(root, encoding="unicode")


def _legend_rows(chart: LineChart) -> int:
    count = len(chart.series)
    return count if count < LEGEND_COLUMNS_FROM else (count + 1) // 2


def _legend_place(chart: LineChart, position: int) -> tuple[float, float]:
    """Return the left and top of a series' legend row: down the first column, then the second."""
    rows = _legend_rows(chart)
    column, row = divmod(position, rows)
    return LEFT + column * (WIDTH - LEFT - RIGHT) / 2, HEIGHT + 6 + LEGEND_ROW * row


LABEL_GAP = 15  # the least distance in px between two value labels of one year


def _single_labels(root: ET.Element, chart: LineChart) -> None:
    """Write the value beside each point that is its series' only one, none over another."""
    by_year: dict[int, list[tuple[float, int, Decimal]]] = {}
    for position, one in enumerate(chart.series):
        shown = [(i, v) for i, v in enumerate(one.values) if v is not None]
        if len(shown) == 1:
            index, value = shown[0]
            by_year.setdefault(index, []).append((_y(chart, value), position, value))
    for index, points in by_year.items():
        placed: float | None = None
        for y, position, value in sorted(points):
            at = y if placed is None else max(y, placed + LABEL_GAP)
            placed = at
            label = ET.SubElement(
                root,
                "text",
                {
                    "x": f"{_x(chart, index) + 8:.1f}",
                    "y": f"{at + 5:.1f}",
                    "fill": LINE_PALETTE[position % len(LINE_PALETTE)],
                    "class": "point-value",
                },
            )
            label.text = format_value(value)


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
            _draft_point(group, chart, one, index, value, position)
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
        _marker(group, position, x, y, 3.5)
    legend_x, legend_y = _legend_place(chart, position)
    _marker(group, position, legend_x + 5, legend_y + 5, 5)
    label = ET.SubElement(
        root, "text", {"x": f"{legend_x + 16:g}", "y": str(legend_y + 9), "fill": "#1f2a33"}
    )
    label.text = one.name


def _draft_point(
    group: ET.Element, chart: LineChart, one: LineSeries, index: int, value: Decimal, position: int
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
    _marker(group, position, x, y, 4, {"fill": "#ffffff", "stroke-width": "2"})


def _marker(
    group: ET.Element,
    position: int,
    x: float,
    y: float,
    size: float,
    style: dict[str, str] | None = None,
) -> None:
    """Draw the series' own marker shape at (x, y); `style` makes a draft point hollow."""
    shape = SHAPES[position % len(SHAPES)]
    extra = style or {}
    if shape == "circle":
        ET.SubElement(
            group, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{size:g}", **extra}
        )
    elif shape in ("cross", "plus"):
        d = size * 1.2
        if shape == "cross":
            left, right, top, bottom = x - d, x + d, y - d, y + d
            path = (
                f"M{left:.1f} {top:.1f}L{right:.1f} {bottom:.1f}"
                f"M{left:.1f} {bottom:.1f}L{right:.1f} {top:.1f}"
            )
        else:
            path = f"M{x - d:.1f} {y:.1f}H{x + d:.1f}M{x:.1f} {y - d:.1f}V{y + d:.1f}"
        ET.SubElement(group, "path", {"d": path, "stroke-width": "2.5", "fill": "none"})
    elif not isinstance(shape, str):
        points = " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in shape)
        ET.SubElement(group, "polygon", {"points": points, **extra})
