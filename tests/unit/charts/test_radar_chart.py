"""The radar chart: valid SVG, one axis per section, points where their values put them."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcapp.charts.radar import RadarChart, RadarSeries, radar_svg, radar_table
from rcapp.charts.radar_layout import (
    CENTRE,
    HEIGHT,
    RADIUS,
    WIDTH,
    axis_point,
    fit_label,
    text_px,
)

NS = {"svg": "http://www.w3.org/2000/svg"}


def _chart(
    values: tuple[Decimal | None, ...] = (Decimal(100), Decimal(50), Decimal(0)),
) -> RadarChart:
    return RadarChart(
        title="各板块得分",
        description="自评得分，满分 100。",
        axes=("管理体系", "社区认知和应急响应", "Product stewardship & <safety>"),
        series=(RadarSeries(name="自评", values=values),),
    )


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - parsing our own output


def test_svg_is_valid_xml_with_title_desc_and_font() -> None:
    root = _parse(radar_svg(_chart(), id_prefix="r1"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "Noto Sans CJK SC" in root.attrib["font-family"]
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == "r1-title r1-desc"
    title = root.find("svg:title", NS)
    desc = root.find("svg:desc", NS)
    assert title is not None
    assert title.text == "各板块得分"
    assert desc is not None
    assert desc.text is not None
    assert "社区认知和应急响应 50.0" in desc.text


def test_one_axis_line_and_label_per_section() -> None:
    root = _parse(radar_svg(_chart()))
    lines = root.findall("svg:g[@class='axes']/svg:line", NS)
    assert [line.attrib["data-axis"] for line in lines] == list(_chart().axes)
    label_text = "".join(root.find("svg:g[@class='axes']", NS).itertext())  # type: ignore[union-attr]
    assert "管理体系" in label_text
    assert "社区认知和应急响应" in label_text  # wrapped as 5 + 4 characters
    assert "stewardship" in label_text
    assert "<safety>" in label_text  # escaped in the SVG, intact once parsed


def test_points_are_placed_by_value() -> None:
    root = _parse(radar_svg(_chart()))
    dots = root.findall("svg:g[@class='series']/svg:circle", NS)
    placed = {d.attrib["data-axis"]: (float(d.attrib["cx"]), float(d.attrib["cy"])) for d in dots}
    cx, cy = CENTRE
    # Axis 0 points up: a full score sits one radius above the centre.
    assert placed["管理体系"] == pytest.approx((cx, cy - RADIUS), abs=0.1)
    # Half a score sits half way along its axis.
    x, y = placed["社区认知和应急响应"]
    assert math.hypot(x - cx, y - cy) == pytest.approx(RADIUS / 2, abs=0.2)
    assert (x, y) == pytest.approx(axis_point(1, 3, 0.5), abs=0.1)
    # Zero sits in the centre.
    assert placed["Product stewardship & <safety>"] == pytest.approx((cx, cy), abs=0.1)


def test_not_applicable_axis_has_no_point_and_shows_a_dash_in_the_table() -> None:
    chart = _chart((Decimal("82.5"), None, Decimal(40)))
    root = _parse(radar_svg(chart))
    dots = root.findall("svg:g[@class='series']/svg:circle", NS)
    assert [d.attrib["data-axis"] for d in dots] == ["管理体系", "Product stewardship & <safety>"]
    table = radar_table(chart, "板块")
    assert table.header == ("板块", "自评")
    assert table.rows[0] == ("管理体系", "82.5")
    assert table.rows[1] == ("社区认知和应急响应", "—")


def test_values_beyond_the_maximum_stay_on_the_outer_ring() -> None:
    root = _parse(radar_svg(_chart((Decimal(150), Decimal(0), Decimal(0)))))
    dot = root.findall("svg:g[@class='series']/svg:circle", NS)[0]
    assert float(dot.attrib["cy"]) == pytest.approx(CENTRE[1] - RADIUS, abs=0.1)


def test_two_series_get_a_legend() -> None:
    chart = RadarChart(
        title="t",
        description="",
        axes=("A", "B", "C"),
        series=(
            RadarSeries("自评", (Decimal(1), Decimal(2), Decimal(3))),
            RadarSeries("同行评审", (Decimal(3), Decimal(2), Decimal(1))),
        ),
    )
    root = _parse(radar_svg(chart))
    assert len(root.findall("svg:g[@class='series']", NS)) == 2
    legend = root.find("svg:g[@class='legend']", NS)
    assert legend is not None
    assert "同行评审" in "".join(legend.itertext())


def test_series_with_the_wrong_number_of_values_is_refused() -> None:
    with pytest.raises(ValueError, match="one per axis"):
        RadarChart(title="t", description="", axes=("A", "B"), series=(RadarSeries("s", (None,)),))


def test_no_style_or_script_elements() -> None:
    svg = radar_svg(_chart())
    assert "<style" not in svg
    assert "<script" not in svg
    assert "style=" not in svg


def test_weasyprint_draws_the_same_svg_into_a_pdf() -> None:
    import weasyprint

    html = f"<html><body><h1>评分卡</h1>{radar_svg(_chart())}</body></html>"
    pdf = weasyprint.HTML(string=html).write_pdf()
    assert pdf is not None
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 2000


def test_ring_values_are_drawn_over_the_series_on_a_white_patch() -> None:
    # Under the tinted polygons the grey 10-px values fell below 4.5:1 (about 3.2:1 where
    # two series overlap); drawn last on white they keep the 5.8:1 of grey on white.
    root = _parse(radar_svg(_chart()))
    groups = [g.attrib.get("class") for g in root.findall("svg:g", NS)]
    assert groups.index("scale") > groups.index("series")
    scale = root.find("svg:g[@class='scale']", NS)
    assert scale is not None
    assert [t.text for t in scale.findall("svg:text", NS)] == ["20", "40", "60", "80", "100"]
    patches = scale.findall("svg:rect", NS)
    assert len(patches) == 5
    assert {rect.attrib["fill"] for rect in patches} == {"#ffffff"}
    assert not root.findall("svg:g[@class='grid']/svg:text", NS)


def test_codes_are_drawn_hidden_and_large_beside_the_names() -> None:
    """A phone shows short codes instead of names (app.css); a PDF keeps the names."""
    chart = RadarChart(
        title="t",
        description="d",
        axes=("管理体系", "社区认知和应急响应"),
        series=(RadarSeries(name="自评", values=(Decimal(80), Decimal(60))),),
        codes=("MS", "C1"),
    )
    root = _parse(radar_svg(chart))
    codes = root.findall(".//svg:text[@class='axis-code']", NS)
    assert ["".join(t.itertext()) for t in codes] == ["MS", "C1"]
    assert all(t.get("display") == "none" for t in codes)
    assert all(float(t.get("font-size", "0")) >= 20 for t in codes)
    names = root.findall(".//svg:text[@class='axis-name']", NS)
    assert ["".join(t.itertext()) for t in names] == ["管理体系", "社区认知和应急响应"]
    assert all(t.get("display") is None for t in names)


def test_codes_must_match_the_axes() -> None:
    with pytest.raises(ValueError, match="codes"):
        RadarChart(title="t", description="d", axes=("a", "b"), series=(), codes=("A",))


def _labels(svg: str) -> list[tuple[list[str], str | None]]:
    """Each axis name's lines, and its <title> (the whole name) when it was shortened."""
    root = _parse(svg)
    found = []
    for text in root.findall(".//svg:text[@class='axis-name']", NS):
        lines = [t.text or "" for t in text.findall("svg:tspan", NS)]
        title = text.find("svg:title", NS)
        found.append((lines, None if title is None else title.text))
    return found


def test_english_labels_break_only_at_spaces() -> None:
    """QA15 S7: "Logistics" was drawn as "Logis" / "tics"."""
    for words in ("Logistics", "Environmental", "Stewardship"):
        assert fit_label(words, 110, 4) == ([words], False)
    lines, cut = fit_label("Process safety and emergency response", 130, 4)
    assert not cut
    assert " ".join(lines) == "Process safety and emergency response"
    assert all(not line.endswith("-") for line in lines)
    # A Chinese name without spaces is still cut into balanced runs.
    assert fit_label("社区认知和应急响应", 200, 4) == (["社区认知和", "应急响应"], False)


def _park_chart() -> RadarChart:
    axes = (
        "Planning and entry control",
        "Safety management",
        "Logistics",
        "Emergency response",
        "Environmental monitoring and shared infrastructure",
        "Occupational health",
        "Community awareness",
        "Management system",
        "Production safety",
    )
    return RadarChart(
        title="t",
        description="d",
        axes=axes,
        series=(RadarSeries(name="Self", values=tuple(Decimal(50) for _ in axes)),),
    )


def test_long_labels_stay_inside_the_drawing() -> None:
    """QA15 S7: the bottom label was cut off after "shared"; each line now fits the drawing."""
    chart = _park_chart()
    svg = radar_svg(chart)
    root = _parse(svg)
    labels = _labels(svg)
    for (lines, title), text, axis in zip(
        labels, root.findall(".//svg:text[@class='axis-name']", NS), chart.axes, strict=True
    ):
        x = float(text.get("x", "0"))
        baselines = [float(s.get("y", "0")) for s in text.findall("svg:tspan", NS)]
        assert baselines[0] - 1.16 * 13 >= 0, (axis, baselines)
        assert baselines[-1] + 0.29 * 13 <= HEIGHT, (axis, baselines)
        width = max(text_px(line) for line in lines)
        anchor = text.get("text-anchor")
        if anchor == "start":
            assert x + width <= WIDTH, (axis, lines)
        elif anchor == "end":
            assert x - width >= 0, (axis, lines)
        if title is None:
            assert " ".join(lines) == axis  # nothing lost, no word broken
        else:
            assert title == axis  # shortened: the whole name on hover
            assert lines[-1].endswith("…")
    assert any(line == "Logistics" for lines, _t in labels for line in lines)


def test_the_first_series_values_are_written_and_a_median_is_dashed() -> None:
    chart = RadarChart(
        title="t",
        description="d",
        axes=("管理体系", "社区认知和应急响应", "储运安全", "污染防治"),
        series=(
            RadarSeries("自评", (Decimal("82.5"), None, Decimal(40), Decimal(0))),
            RadarSeries("同组中位数", (Decimal(70), Decimal(55), None, Decimal(30)), dashed=True),
        ),
    )
    root = _parse(radar_svg(chart))
    values = root.find("svg:g[@class='values']", NS)
    assert values is not None
    written = {t.get("data-axis"): t.text for t in values.findall("svg:text", NS)}
    assert written == {"管理体系": "82.5", "储运安全": "40.0", "污染防治": "0.0"}
    own, median = root.findall("svg:g[@class='series']", NS)
    median_shape = median.find("svg:polygon", NS)
    assert median_shape is not None
    assert median_shape.get("stroke-dasharray") == "6 4"
    assert median_shape.get("fill") == "none"
    own_shape = own.find("svg:polygon", NS)
    assert own_shape is not None
    assert own_shape.get("stroke-dasharray") is None
    assert [c.get("data-value") for c in median.findall("svg:circle", NS)] == [
        "70.0",
        "55.0",
        "30.0",
    ]
    legend = root.find("svg:g[@class='legend']", NS)
    assert legend is not None
    assert [t.text for t in legend.findall("svg:text", NS)] == ["自评", "同组中位数"]
    assert legend.find("svg:line", NS) is not None  # the median's swatch: a dashed line
    assert radar_table(chart, "板块").rows[1] == ("社区认知和应急响应", "—", "55.0")
