"""Grouped bar chart and line chart as standalone SVG text, for pages and PDFs alike.

Pure: plain data in, a string out, in the style of radar.py (own font stack, <title> and
<desc> that repeat every value, presentation attributes only).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from rcapp.charts.svg import category_label, format_value, svg_root, value_grid
from rcapp.formula_names import formula_text

PALETTE = ("#0b5e4a", "#b7791f", "#3358a4", "#b42318", "#6b4fa0", "#2f8f9d", "#7a7a7a", "#c2571a")
WIDTH = 540
HEIGHT = 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 36
NOTE_ROW, NOTE_LEFT = 16, 10  # a note line under the chart, and its margin


@dataclass(frozen=True)
class Series:
    """One set of bars or one line: a value per category (None where there is none)."""

    name: str
    values: tuple[Decimal | None, ...]
    # A line's points labelled with these texts (a KPI's values as its table writes them)
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class XYChart:
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""
    y_label: str = ""  # what the value axis measures, written up its left side
    # The text's size in px of the 540 px wide image: a chart printed narrow (the star
    # distribution, 120 mm) needs larger text to read at about 8 pt (QA46 S7).
    text_size: int = 11
    # what the figures drawn are, written under the chart (wrapped), part of the image
    note: str = ""

    def __post_init__(self) -> None:
        if not self.categories:
            raise ValueError("a chart needs at least one category")
        for one in self.series:
            if len(one.values) != len(self.categories):
                raise ValueError(f"series {one.name!r} needs one value per category")

    @property
    def ticks(self) -> tuple[Decimal, ...]:
        """The value axis' ticks from 0 up to the axis maximum, at round steps.

        A step of 1, 2, 2.5 or 5 times a power of ten (0/25/50/…/125 for an index of about
        100, where a quarter of the maximum gave 28/55/83/111, and whole values such as an
        index of exactly 100 and 112 gave 0/28/56/84/112: QA46 S7); counts step by whole
        numbers, at least 0 to 4.
        """
        values = [v for s in self.series for v in s.values if v is not None]
        highest = max(values, default=Decimal(0))
        whole = all(v == v.to_integral_value() for v in values)
        if whole and highest <= 3:
            return tuple(Decimal(step) for step in range(5))
        if highest <= 0:
            return tuple(Decimal(step) / 4 for step in range(5))
        step = _round_step(highest * Decimal("1.05") / 5)
        if whole:
            step = max(Decimal(1), step.to_integral_value(rounding=ROUND_CEILING))
        count = math.ceil(highest * Decimal("1.05") / step)
        return tuple(step * n for n in range(count + 1))

    @property
    def top(self) -> Decimal:
        return self.ticks[-1]


def _round_step(rough: Decimal) -> Decimal:
    """Return the smallest step of 1, 2, 2.5 or 5 × 10^k that is at least `rough` (> 0)."""
    power = Decimal(10) ** math.floor(math.log10(rough))
    for factor in ("1", "2", "2.5", "5", "10"):
        if power * Decimal(factor) >= rough:
            return power * Decimal(factor)
    return power * 10


LEGEND_ROW = 16


def _root(chart: XYChart, id_prefix: str) -> tuple[ET.Element, ET.Element]:
    """Make the <svg> with its legend on top, and the element the plot is drawn into.

    The legend wraps onto more rows when the series' names are long (English KPI names), and
    the chart grows by those rows instead of letting names run past its right edge.
    """
    places = _legend_places(chart)
    extra = LEGEND_ROW * max(row for _x, row in places) if places else 0
    notes = _wrap(chart.note, WIDTH - 2 * NOTE_LEFT) if chart.note else []
    root = svg_root(
        width=WIDTH,
        height=HEIGHT + extra + _wrapped_rows(chart) + NOTE_ROW * len(notes),
        font_size="11",
        id_prefix=id_prefix,
        title=chart.title,
        desc="; ".join(
            f"{one.name}: "
            + ", ".join(
                f"{c} {format_value(v)}" for c, v in zip(chart.categories, one.values, strict=True)
            )
            for one in chart.series
        )
        + (f". {chart.note}" if chart.note else ""),  # read out with the image, as shown
    )
    _legend(root, chart, places)
    plot = ET.SubElement(root, "g", {"transform": f"translate(0 {extra})"}) if extra else root
    _axes(plot, chart)
    for row, line in enumerate(notes):
        y = HEIGHT + extra + _wrapped_rows(chart) + NOTE_ROW * row + 11
        attributes = {"x": str(NOTE_LEFT), "y": str(y), "fill": "#5b6675", "class": "chart-note"}
        ET.SubElement(root, "text", attributes).text = line
    return root, plot


def _char_width(char: str) -> int:
    """Roughly how wide one character is at 11 px (as _legend_width reckons)."""
    return 6 if char.isascii() else 11


def _wrap(text: str, width: int) -> list[str]:
    """Break `text` into lines of at most `width` px: at spaces in English, anywhere in Chinese."""
    lines: list[str] = []
    line, used, last_space = "", 0, -1
    for char in text:
        if used + _char_width(char) > width and line:
            if char != " " and last_space > 0:  # carry the started word over
                lines.append(line[:last_space])
                line = line[last_space + 1 :]
            else:
                lines.append(line)
                line = ""
            used, last_space = sum(_char_width(c) for c in line), line.rfind(" ")
            if char == " " and not line:
                continue
        if char == " ":
            last_space = len(line)
        line += char
        used += _char_width(char)
    if line:
        lines.append(line)
    return lines


LABEL_GAP = 8  # px kept clear between two category labels


def _category_lines(text: str, slot: float, size: int) -> list[str]:
    """Break a category label that is wider than its slot under the axis into lines.

    "Below 1 star" and "Not rated" ran into each other under the English star chart; the
    two lines fit in BOTTOM (the notes and legend are placed outside the plot's height).
    """
    room = (slot - LABEL_GAP) * 11 / size  # _wrap reckons at 11 px
    if sum(_char_width(c) for c in text) <= room:
        return [text]
    first, *rest = _wrap(text, int(room))
    # two lines at most, none of the label lost: the rest on the second, however long
    return [first, *([(" " if text.isascii() else "").join(rest)] if rest else [])]


def _label_step(chart: XYChart) -> int:
    """Return how far apart a wrapped label's lines are: clear of each other in print."""
    return round(chart.text_size * 1.5)


def _wrapped_rows(chart: XYChart) -> int:
    """Return the height the second line of wrapped category labels adds under the chart."""
    slot = (WIDTH - LEFT - RIGHT) / len(chart.categories)
    rows = max(len(_category_lines(c, slot, chart.text_size)) for c in chart.categories)
    return (rows - 1) * _label_step(chart)


def _y(chart: XYChart, value: Decimal) -> float:
    span = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - span * float(value / chart.top)


def _axes(root: ET.Element, chart: XYChart) -> None:
    ticks = []
    for value in chart.ticks:
        whole = chart.top >= 10 or value == value.to_integral_value()
        ticks.append((_y(chart, value), f"{value:.0f}" if whole else f"{value.normalize():f}"))
    value_grid(
        root,
        ticks,
        left=LEFT,
        right=WIDTH - RIGHT,
        label_gap=4,
        label_fill="#5b6675",
        grid={"stroke": "#d5dbe3"},
    )
    width = (WIDTH - LEFT - RIGHT) / len(chart.categories)
    for index, category in enumerate(chart.categories):
        x = LEFT + width * (index + 0.5)
        for row, line in enumerate(_category_lines(category, width, chart.text_size)):
            y = HEIGHT - BOTTOM + 16 + row * _label_step(chart)
            category_label(root, x, y, line, "#1d2733")
    if chart.y_label:
        middle = (TOP + HEIGHT - BOTTOM) / 2
        ET.SubElement(
            root,
            "text",
            {
                "x": "10",
                "y": f"{middle:.1f}",
                "transform": f"rotate(-90 10 {middle:.1f})",
                "text-anchor": "middle",
                "fill": "#5b6675",
            },
        ).text = chart.y_label


def _legend_width(name: str, size: int = 11) -> int:
    """Roughly how wide one legend entry (swatch, name, gap) is at `size` px."""
    per_char = size if not name.isascii() else math.ceil(size * 6 / 11)
    return 24 + per_char * len(name)


def _legend_places(chart: XYChart) -> list[tuple[int, int]]:
    """(x, row) of each series' legend entry, starting a new row where one would not fit."""
    places = []
    x, row = LEFT, 0
    for one in chart.series:
        width = _legend_width(one.name, chart.text_size)
        if x > LEFT and x + width - 10 > WIDTH - RIGHT:
            x, row = LEFT, row + 1
        places.append((x, row))
        x += width
    return places


def _legend(root: ET.Element, chart: XYChart, places: list[tuple[int, int]]) -> None:
    for position, (one, (x, row)) in enumerate(zip(chart.series, places, strict=True)):
        colour = PALETTE[position % len(PALETTE)]
        y = 6 + LEGEND_ROW * row
        ET.SubElement(
            root,
            "rect",
            {"x": str(x), "y": str(y), "width": "10", "height": "10", "fill": colour},
        )
        label = ET.SubElement(root, "text", {"x": str(x + 14), "y": str(y + 9), "fill": "#1d2733"})
        formula_text(label, one.name)


def bar_svg(chart: XYChart, id_prefix: str = "bars") -> str:
    """Draw grouped bars: one group per category, one bar per series."""
    root, plot = _root(chart, id_prefix)
    root.set("font-size", str(chart.text_size))
    group_width = (WIDTH - LEFT - RIGHT) / len(chart.categories)
    bar = group_width * 0.7 / max(1, len(chart.series))
    for position, one in enumerate(chart.series):
        colour = PALETTE[position % len(PALETTE)]
        for index, value in enumerate(one.values):
            if value is None:
                continue
            x = LEFT + group_width * index + group_width * 0.15 + bar * position
            y = _y(chart, value)
            ET.SubElement(
                plot,
                "rect",
                {
                    "x": f"{x:.1f}",
                    "y": f"{y:.1f}",
                    "width": f"{bar:.1f}",
                    "height": f"{HEIGHT - BOTTOM - y:.1f}",
                    "fill": colour,
                    "data-value": format_value(value),
                },
            )
            label = ET.SubElement(
                plot,
                "text",
                {
                    "x": f"{x + bar / 2:.1f}",
                    "y": f"{y - 3:.1f}",
                    "text-anchor": "middle",
                    "fill": "#1d2733",
                    "font-size": str(chart.text_size - 1),
                },
            )
            label.text = f"{value:.0f}" if value == value.to_integral_value() else f"{value:.1f}"
    return ET.tostring(root, encoding="unicode")


def line_svg(chart: XYChart, id_prefix: str = "lines") -> str:
    """Draw one line per series across the categories (years); gaps where a value is None."""
    root, plot = _root(chart, id_prefix)
    root.set("font-size", str(chart.text_size))
    width = (WIDTH - LEFT - RIGHT) / len(chart.categories)
    for position, one in enumerate(chart.series):
        colour = PALETTE[position % len(PALETTE)]
        points = [
            (LEFT + width * (index + 0.5), _y(chart, value))
            for index, value in enumerate(one.values)
            if value is not None
        ]
        if len(points) > 1:
            ET.SubElement(
                plot,
                "polyline",
                {
                    "points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                    "fill": "none",
                    "stroke": colour,
                    "stroke-width": "2",
                },
            )
        for x, y in points:
            ET.SubElement(
                plot, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "3", "fill": colour}
            )
        _point_labels(plot, chart, one, width)
    return ET.tostring(root, encoding="unicode")


def _point_labels(plot: ET.Element, chart: XYChart, one: Series, width: float) -> None:
    """Write each point's label above it, where the series has labels."""
    for index, (value, text) in enumerate(zip(one.values, one.labels, strict=False)):
        if value is None:
            continue
        ET.SubElement(
            plot,
            "text",
            {
                "x": f"{LEFT + width * (index + 0.5):.1f}",
                "y": f"{_y(chart, value) - 7:.1f}",
                "text-anchor": "middle",
                "fill": "#1d2733",
                "class": "point-value",
            },
        ).text = text
