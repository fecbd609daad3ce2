"""Radar (spider) chart of scores per axis, as standalone SVG text with a data-table twin.

Pure: plain data in, a string out. The SVG carries its own font stack, a <title> and a
<desc>, text labels and presentation attributes only (no <style>, no script), so the
strict Content-Security-Policy of the pages and WeasyPrint's PDF renderer both accept it.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import Decimal

from rcapp.charts.svg import format_value, svg_root

PALETTE = ("#0b5e4a", "#b7791f", "#3358a4", "#b42318")
GRID_STEPS = 5
WIDTH = 540
HEIGHT = 400
RADIUS = 150
_CJK_LINE = 8  # characters per label line when the label has no spaces
_WORD_LINE = 18  # Latin characters per label line, widened when the lines do not fit
_LABEL_FONT = 13.0  # the labels' font size (the root's)
_LATIN = 7.2  # estimated width of a Latin letter at 13 px (generous, for wide fonts)
_CJK = 13.0  # a full-width character is an em wide
_CJK_START = 0x2E80  # from here on, characters are drawn full width
_EDGE = 4.0  # room kept between a label and the drawing's edge
_ASCENT, _DESCENT = 0.8, 0.25  # of a line, in em, above and below its baseline
_MAX_LINES = 4
_SCALE_DIGIT = 6.0  # width of one 10-px digit, for the white patch behind a ring value
# A short code (MS, C1) stands in for an axis's name where the chart is shrunk to a phone's
# width: drawn hidden, shown by the page's stylesheet there (about 12 css px at 390 px).
CODE_FONT_SIZE = "22"


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: a value per axis, None where the axis does not apply."""

    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class RadarChart:
    title: str
    description: str
    axes: tuple[str, ...]
    series: tuple[RadarSeries, ...]
    maximum: Decimal = Decimal(100)
    missing_text: str = "—"
    # One short code per axis, or none: each axis then also gets a hidden code label.
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.axes:
            raise ValueError("a radar chart needs at least one axis")
        for one in self.series:
            if len(one.values) != len(self.axes):
                raise ValueError(
                    f"series {one.name!r} has {len(one.values)} values, not "
                    f"one per axis ({len(self.axes)})"
                )
        if self.maximum <= 0:
            raise ValueError("the maximum must be positive")
        if self.codes and len(self.codes) != len(self.axes):
            raise ValueError(f"{len(self.codes)} codes for {len(self.axes)} axes")


@dataclass(frozen=True)
class ChartTable:
    """The same data as rows of text: the accessible alternative to the picture."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def axis_point(index: int, count: int, fraction: float) -> tuple[float, float]:
    """Return the (x, y) of `fraction` (0-1) along axis `index`; axis 0 points straight up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    cx, cy = WIDTH / 2, HEIGHT / 2
    return cx + RADIUS * fraction * math.cos(angle), cy + RADIUS * fraction * math.sin(angle)


def radar_table(chart: RadarChart, axis_header: str) -> ChartTable:
    header = (axis_header, *(one.name for one in chart.series))
    rows = tuple(
        (axis, *(format_value(one.values[i], chart.missing_text) for one in chart.series))
        for i, axis in enumerate(chart.axes)
    )
    return ChartTable(header=header, rows=rows)


def radar_svg(chart: RadarChart, id_prefix: str = "radar") -> str:
    """Draw `chart`; `id_prefix` keeps the title/desc ids unique when a page has several."""
    root = svg_root(
        width=WIDTH,
        height=HEIGHT,
        font_size="13",
        id_prefix=id_prefix,
        title=chart.title,
        desc=_description(chart),
    )
    _draw_grid(root, chart)
    _draw_axes(root, chart)
    for position, one in enumerate(chart.series):
        _draw_series(root, chart, one, PALETTE[position % len(PALETTE)])
    _draw_scale(root, chart)
    if len(chart.series) > 1:
        _draw_legend(root, chart)
    return ET.tostring(root, encoding="unicode")


def _description(chart: RadarChart) -> str:
    """Repeat every value in the description so a screen reader gets the whole picture."""
    parts = [chart.description]
    for one in chart.series:
        values = "; ".join(
            f"{axis} {format_value(one.values[i], chart.missing_text)}"
            for i, axis in enumerate(chart.axes)
        )
        parts.append(f"{one.name}: {values}")
    return " ".join(part for part in parts if part)


def _points(chart: RadarChart, fractions: list[float]) -> str:
    coords = (axis_point(i, len(chart.axes), f) for i, f in enumerate(fractions))
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)


def _fraction(chart: RadarChart, value: Decimal | None) -> float:
    if value is None:
        return 0.0
    return float(min(max(value / chart.maximum, Decimal(0)), Decimal(1)))


def _draw_grid(root: ET.Element, chart: RadarChart) -> None:
    grid = ET.SubElement(root, "g", {"class": "grid", "fill": "none", "stroke": "#d5dbe3"})
    count = len(chart.axes)
    for step in range(1, GRID_STEPS + 1):
        ring = _points(chart, [step / GRID_STEPS] * count)
        ET.SubElement(grid, "polygon", {"points": ring})


def _draw_scale(root: ET.Element, chart: RadarChart) -> None:
    """Draw the ring values last, each on a white patch.

    Under the tinted polygons the small grey figures fell to 4.1:1, and to about 3.2:1
    where two polygons overlap; on white they keep 5.8:1.
    """
    scale = ET.SubElement(root, "g", {"class": "scale", "font-size": "10"})
    count = len(chart.axes)
    for step in range(1, GRID_STEPS + 1):
        x, y = axis_point(0, count, step / GRID_STEPS)
        text = f"{chart.maximum * step / GRID_STEPS:.0f}"
        ET.SubElement(
            scale,
            "rect",
            {
                "x": f"{x + 3.5:.1f}",
                "y": f"{y - 5:.1f}",
                "width": f"{_SCALE_DIGIT * len(text) + 2:.1f}",
                "height": "11",
                "fill": "#ffffff",
            },
        )
        label = ET.SubElement(
            scale, "text", {"x": f"{x + 4:.1f}", "y": f"{y + 4:.1f}", "fill": "#5b6675"}
        )
        label.text = text


def _draw_axes(root: ET.Element, chart: RadarChart) -> None:
    group = ET.SubElement(root, "g", {"class": "axes"})
    count = len(chart.axes)
    cx, cy = WIDTH / 2, HEIGHT / 2
    for index, axis in enumerate(chart.axes):
        x, y = axis_point(index, count, 1.0)
        ET.SubElement(
            group,
            "line",
            {
                "x1": f"{cx:.1f}",
                "y1": f"{cy:.1f}",
                "x2": f"{x:.1f}",
                "y2": f"{y:.1f}",
                "stroke": "#8c96a3",
                "data-axis": axis,
            },
        )
        _draw_label(group, index, count, axis)
        if chart.codes:
            _draw_label(group, index, count, chart.codes[index], code=True)


def _draw_label(group: ET.Element, index: int, count: int, axis: str, code: bool = False) -> None:
    x, y = axis_point(index, count, 1.12)
    anchor = "middle" if abs(x - WIDTH / 2) < 1 else ("start" if x > WIDTH / 2 else "end")
    # Labels under the chart grow downwards; the others are centred on their point.
    below = y > HEIGHT / 2 + RADIUS * 0.9
    lines, shortened = [axis], False
    if not code:
        lines, shortened = fit_label(axis, _room(x, anchor), _lines_room(y, below))
    first_dy = 0.9 if below else 0.35 - 0.6 * (len(lines) - 1)
    attributes = {"x": f"{x:.1f}", "y": f"{y:.1f}", "text-anchor": anchor, "fill": "#1d2733"}
    if code:
        attributes |= {"class": "axis-code", "display": "none", "font-size": CODE_FONT_SIZE}
    else:
        attributes["class"] = "axis-name"
    text = ET.SubElement(group, "text", attributes)
    if shortened:  # the whole name on hover; the table beside the chart has it too
        ET.SubElement(text, "title").text = axis
    for number, line in enumerate(lines):
        dy = f"{first_dy:.2f}em" if number == 0 else "1.2em"
        ET.SubElement(text, "tspan", {"x": f"{x:.1f}", "dy": dy}).text = line


def _room(x: float, anchor: str) -> float:
    """Return the width a label at `x` has inside the drawing, in SVG units."""
    if anchor == "start":
        return WIDTH - x - _EDGE
    if anchor == "end":
        return x - _EDGE
    return 2 * min(x, WIDTH - x) - 2 * _EDGE


def _lines_room(y: float, below: bool) -> int:
    """Return how many label lines fit between `y` and the drawing's top and bottom edges."""
    em = _LABEL_FONT
    if below:  # first baseline 0.9em under the point, each next one 1.2em lower
        fitting = (HEIGHT - _EDGE - y) / em - 0.9 - _DESCENT
        return max(1, min(_MAX_LINES, math.floor(fitting / 1.2) + 1))
    # Centred: the block spreads 0.6em a line up and down from the point.
    up = (y - _EDGE) / em - _ASCENT + 0.35
    down = (HEIGHT - _EDGE - y) / em - _DESCENT - 0.35
    half = min(up, down)
    return max(1, min(_MAX_LINES, math.floor(half / 0.6) + 1))


def fit_label(label: str, room: float, max_lines: int) -> tuple[list[str], bool]:
    """Break `label` into at most `max_lines` lines `room` wide; True when it had to be cut.

    Words break only at spaces, never inside ("Logistics" stays whole); a Chinese name
    without spaces is cut into balanced runs of characters. What does not fit ends in "…".
    """
    words = " " in label.strip()
    if words or not _has_cjk(label):
        units = label.split() if words else [label]
        width = min(room, _WORD_LINE * _LATIN)
        lines = _by_words(units, width)
        while len(lines) > max_lines and width < room:  # widen before cutting
            width = min(room, width + 2 * _LATIN)
            lines = _by_words(units, width)
    else:
        fitting = max(1, math.floor(room / _CJK))
        per_line = min(_CJK_LINE, fitting)
        if math.ceil(len(label) / per_line) > max_lines:  # widen before cutting
            per_line = min(fitting, math.ceil(len(label) / max_lines))
        count = max(1, math.ceil(len(label) / per_line))
        size = max(1, math.ceil(len(label) / count))  # nine characters: 5 + 4, not 8 + 1
        lines = [label[i : i + size] for i in range(0, len(label), size)]
    shortened = len(lines) > max_lines
    lines = lines[:max_lines]
    if shortened:
        lines[-1] = _ellipsis(lines[-1] + "…", room)
    for number, line in enumerate(lines):
        if _text_width(line) > room:
            lines[number], shortened = _ellipsis(line, room), True
    return lines or [label], shortened


def _by_words(words: list[str], width: float) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and _text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _ellipsis(line: str, room: float) -> str:
    """Shorten `line` to end in "…" within `room`."""
    text = line.removesuffix("…")
    while text and _text_width(text + "…") > room:
        text = text[:-1].rstrip()
    return text + "…"


def _has_cjk(text: str) -> bool:
    return any(ord(c) >= _CJK_START for c in text)


def _text_width(text: str) -> float:
    """Estimate a label's drawn width: full-width characters an em, others a little over half."""
    return sum(_CJK if ord(c) >= _CJK_START else _LATIN for c in text)


def _draw_series(root: ET.Element, chart: RadarChart, one: RadarSeries, colour: str) -> None:
    group = ET.SubElement(root, "g", {"class": "series", "data-series": one.name})
    fractions = [_fraction(chart, value) for value in one.values]
    ET.SubElement(
        group,
        "polygon",
        {
            "points": _points(chart, fractions),
            "fill": colour,
            "fill-opacity": "0.18",
            "stroke": colour,
            "stroke-width": "2",
        },
    )
    for index, value in enumerate(one.values):
        if value is None:
            continue  # a not-applicable axis gets no point, only the polygon passes the centre
        x, y = axis_point(index, len(chart.axes), fractions[index])
        dot = ET.SubElement(
            group,
            "circle",
            {
                "cx": f"{x:.1f}",
                "cy": f"{y:.1f}",
                "r": "4",
                "fill": colour,
                "data-axis": chart.axes[index],
                "data-value": format_value(value),
            },
        )
        ET.SubElement(dot, "title").text = f"{chart.axes[index]}: {format_value(value)}"


def _draw_legend(root: ET.Element, chart: RadarChart) -> None:
    legend = ET.SubElement(root, "g", {"class": "legend"})
    for position, one in enumerate(chart.series):
        y = 16 + 18 * position
        colour = PALETTE[position % len(PALETTE)]
        ET.SubElement(
            legend,
            "rect",
            {"x": "8", "y": str(y - 10), "width": "12", "height": "12", "fill": colour},
        )
        ET.SubElement(legend, "text", {"x": "26", "y": str(y), "fill": "#1d2733"}).text = one.name
