"""Radar (spider) chart of scores per axis, as standalone SVG text with a data-table twin.

Pure: plain data in, a string out. The SVG carries its own font stack, a <title> and a
<desc>, text labels and presentation attributes only (no <style>, no script), so the
strict Content-Security-Policy of the pages and WeasyPrint's PDF renderer both accept it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - used to build SVG, never to parse input
from dataclasses import dataclass
from decimal import Decimal

from rcapp import text_width
from rcapp.charts.radar_layout import (
    CENTRE,
    FONT,
    HEIGHT,
    VALUE_FONT,
    WIDTH,
    Box,
    axis_point,
    code_position,
    glyph_box,
    place_labels,
    place_values,
    text_px,
)
from rcapp.charts.svg import format_value, svg_root

PALETTE = ("#0b5e4a", "#b7791f", "#3358a4", "#b42318")
GRID_STEPS = 5
_SCALE_DIGIT = 6.0  # width of one 10-px digit, for the white patch behind a ring value
_SCALE_FONT = 10.0
_LEGEND_COLUMNS = 28  # a legend name longer than this (a company's full name) is cut
# A short code (MS, C1) stands in for an axis's name where the chart is shrunk to a phone's
# width: drawn hidden, shown by the page's stylesheet there (about 12 css px at 390 px).
CODE_FONT_SIZE = "22"


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: a value per axis, None where the axis does not apply."""

    name: str
    values: tuple[Decimal | None, ...]
    # A reference drawn as a dashed outline (the group's median), not a filled shape.
    dashed: bool = False


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
        font_size=f"{FONT:g}",
        id_prefix=id_prefix,
        title=chart.title,
        desc=_description(chart),
    )
    _draw_grid(root, chart)
    legend = _legend_names(chart)
    _draw_axes(root, chart, _legend_box(legend))
    for position, one in enumerate(chart.series):
        _draw_series(root, chart, one, PALETTE[position % len(PALETTE)])
    scale = _draw_scale(root, chart)
    if chart.series:
        _draw_values(root, chart, chart.series[0], scale)
    if legend:
        _draw_legend(root, chart, legend)
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


def _draw_scale(root: ET.Element, chart: RadarChart) -> list[Box]:
    """Draw the ring values last, each on a white patch; return the ground they cover.

    Under the tinted polygons the small grey figures fell to 4.1:1, and to about 3.2:1
    where two polygons overlap; on white they keep 5.8:1.
    """
    scale = ET.SubElement(root, "g", {"class": "scale", "font-size": f"{_SCALE_FONT:g}"})
    count = len(chart.axes)
    figures = []
    for step in range(1, GRID_STEPS + 1):
        x, y = axis_point(0, count, step / GRID_STEPS)
        text = f"{chart.maximum * step / GRID_STEPS:.0f}"
        _patch(scale, Box(x + 3.5, y - 5, x + 5.5 + _SCALE_DIGIT * len(text), y + 6))
        # what the values keep clear of: the figure's whole glyph box, not just the patch
        figures.append(glyph_box(x + 4, y + 4, text, _SCALE_FONT))
        label = ET.SubElement(
            scale, "text", {"x": f"{x + 4:.1f}", "y": f"{y + 4:.1f}", "fill": "#5b6675"}
        )
        label.text = text
    return figures


def _patch(group: ET.Element, box: Box) -> None:
    """Lay a white ground behind a small figure, so it reads over the lines and shapes."""
    ET.SubElement(
        group,
        "rect",
        {
            "x": f"{box.x0:.1f}",
            "y": f"{box.y0:.1f}",
            "width": f"{box.x1 - box.x0:.1f}",
            "height": f"{box.y1 - box.y0:.1f}",
            "fill": "#ffffff",
        },
    )


def _draw_axes(root: ET.Element, chart: RadarChart, legend: Box | None) -> None:
    group = ET.SubElement(root, "g", {"class": "axes"})
    count = len(chart.axes)
    labels = place_labels(chart.axes, () if legend is None else (legend,))
    for index, axis in enumerate(chart.axes):
        x, y = axis_point(index, count, 1.0)
        ET.SubElement(
            group,
            "line",
            {
                "x1": f"{CENTRE[0]:.1f}",
                "y1": f"{CENTRE[1]:.1f}",
                "x2": f"{x:.1f}",
                "y2": f"{y:.1f}",
                "stroke": "#8c96a3",
                "data-axis": axis,
            },
        )
        label = labels[index]
        text = ET.SubElement(
            group,
            "text",
            {
                "x": f"{label.x:.1f}",
                "y": f"{label.baselines[0]:.1f}",
                "text-anchor": label.anchor,
                "fill": "#1d2733",
                "class": "axis-name",
            },
        )
        if label.shortened:  # the whole name on hover; the table beside the chart has it too
            ET.SubElement(text, "title").text = axis
        for line, baseline in zip(label.lines, label.baselines, strict=True):
            attributes = {"x": f"{label.x:.1f}", "y": f"{baseline:.1f}"}
            ET.SubElement(text, "tspan", attributes).text = line
        if chart.codes:
            _draw_code(group, index, count, chart.codes[index])


def _draw_code(group: ET.Element, index: int, count: int, code: str) -> None:
    x, y, anchor = code_position(index, count, float(CODE_FONT_SIZE))
    attributes = {"x": f"{x:.1f}", "y": f"{y:.1f}", "text-anchor": anchor, "fill": "#1d2733"}
    attributes |= {"class": "axis-code", "display": "none", "font-size": CODE_FONT_SIZE}
    text = ET.SubElement(group, "text", attributes)
    ET.SubElement(text, "tspan", {"x": f"{x:.1f}", "y": f"{y:.1f}"}).text = code


def _draw_series(root: ET.Element, chart: RadarChart, one: RadarSeries, colour: str) -> None:
    group = ET.SubElement(root, "g", {"class": "series", "data-series": one.name})
    fractions = [_fraction(chart, value) for value in one.values]
    shape = {"points": _points(chart, fractions), "stroke": colour, "stroke-width": "2"}
    if one.dashed:  # a reference line: the shape under it stays readable
        shape |= {"fill": "none", "stroke-dasharray": "6 4"}
    else:
        shape |= {"fill": colour, "fill-opacity": "0.18"}
    ET.SubElement(group, "polygon", shape)
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
                "r": "3" if one.dashed else "4",
                "fill": "#ffffff" if one.dashed else colour,
                "stroke": colour,
                "data-axis": chart.axes[index],
                "data-value": format_value(value),
            },
        )
        ET.SubElement(dot, "title").text = f"{chart.axes[index]}: {format_value(value)}"


def _draw_values(root: ET.Element, chart: RadarChart, one: RadarSeries, scale: list[Box]) -> None:
    """Write the first series' value at each of its points, so a copied picture keeps them.

    The other series' values are in the table beside the chart.
    """
    group = ET.SubElement(
        root,
        "g",
        {"class": "values", "font-size": f"{VALUE_FONT:g}", "text-anchor": "middle"},
    )
    texts = [None if v is None else format_value(v) for v in one.values]
    fractions = [_fraction(chart, value) for value in one.values]
    for index, mark in enumerate(place_values(texts, fractions, scale)):
        if mark is None:
            continue
        _patch(group, mark.box)
        attributes = {
            "x": f"{mark.x:.1f}",
            "y": f"{mark.baseline:.1f}",
            "fill": PALETTE[0],
            "font-weight": "bold",
            "data-axis": chart.axes[index],
        }
        ET.SubElement(group, "text", attributes).text = mark.text


def _legend_names(chart: RadarChart) -> list[str]:
    """Name the series for the legend: none for a single series, long names cut."""
    if len(chart.series) < 2:
        return []
    return [text_width.cut_to_width(one.name, _LEGEND_COLUMNS) for one in chart.series]


def _legend_box(names: list[str]) -> Box | None:
    if not names:
        return None
    widest = max(text_px(name) for name in names)
    return Box(4, 4, 30 + widest, _legend_y(len(names) - 1) + 6)


def _legend_y(position: int) -> int:
    return 18 + 20 * position


def _draw_legend(root: ET.Element, chart: RadarChart, names: list[str]) -> None:
    legend = ET.SubElement(root, "g", {"class": "legend"})
    for position, (one, name) in enumerate(zip(chart.series, names, strict=True)):
        y = _legend_y(position)
        colour = PALETTE[position % len(PALETTE)]
        if one.dashed:
            swatch = {"x1": "8", "x2": "22", "y1": str(y - 4), "y2": str(y - 4)}
            swatch |= {"stroke": colour, "stroke-width": "2", "stroke-dasharray": "4 3"}
            ET.SubElement(legend, "line", swatch)
        else:
            ET.SubElement(
                legend,
                "rect",
                {"x": "8", "y": str(y - 10), "width": "14", "height": "12", "fill": colour},
            )
        ET.SubElement(legend, "text", {"x": "28", "y": str(y), "fill": "#1d2733"}).text = name
