"""Bar and line charts: one shape per value, values in the description, bad data refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcapp.charts.bars import Series, XYChart, bar_svg, line_svg

SVG = "{http://www.w3.org/2000/svg}"


def chart() -> XYChart:
    return XYChart(
        "星级分布",
        ("3 星", "2 星", "1 星"),
        (
            Series("本年", (Decimal(2), Decimal(5), None)),
            Series("上年", (Decimal(1), Decimal(4), Decimal(3))),
        ),
    )


def test_bars_draw_one_rect_per_value_with_its_number() -> None:
    root = ET.fromstring(bar_svg(chart()))  # noqa: S314 - our own markup
    bars = [r for r in root.iter(f"{SVG}rect") if "data-value" in r.attrib]
    assert sorted(r.attrib["data-value"] for r in bars) == ["1.0", "2.0", "3.0", "4.0", "5.0"]
    assert root.attrib["font-family"].startswith("Noto Sans CJK SC")
    description = root.find(f"{SVG}desc")
    assert description is not None
    assert "本年: 3 星 2.0, 2 星 5.0, 1 星 —" in (description.text or "")


def test_lines_skip_missing_values() -> None:
    root = ET.fromstring(line_svg(chart()))  # noqa: S314 - our own markup
    assert len(list(root.iter(f"{SVG}circle"))) == 5
    assert len(list(root.iter(f"{SVG}polyline"))) == 2


def test_a_series_must_have_one_value_per_category() -> None:
    with pytest.raises(ValueError, match="one value per category"):
        XYChart("x", ("a", "b"), (Series("s", (Decimal(1),)),))


def test_long_legend_names_wrap_onto_rows_inside_the_chart() -> None:
    # Six English KPI names: on one row they ran past the chart's right edge and were cut off.
    names = [
        "Employee fatalities",
        "Contractor fatalities",
        "Employee lost-time injury frequency (LTIF)",
        "Contractor lost-time injury frequency (LTIF)",
        "Total recordable case rate (TRCR)",
        "Occupational illness frequency",
    ]
    chart = XYChart(
        "KPIs", ("2024", "2025"), tuple(Series(n, (Decimal(1), Decimal(2))) for n in names)
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    width = float(root.attrib["width"])
    labels = [t for t in root.findall(f"{SVG}text") if t.text in names]
    assert [t.text for t in labels] == names
    for label in labels:  # each name fits: its start plus a generous 7 px per character
        assert float(label.attrib["x"]) + 7 * len(label.text or "") <= width, label.text
    rows = {label.attrib["y"] for label in labels}
    assert len(rows) > 1
    assert float(root.attrib["height"]) > 260  # the chart grew by the extra rows


def test_an_index_axis_has_round_ticks_and_its_label() -> None:
    # 100 and 111.3 gave ticks of a quarter of 122.4: 0/31/61/92/122 (28/55/83/111 at 111).
    chart = XYChart(
        "t",
        ("2024", "2025"),
        (Series("s", (Decimal(100), Decimal("111.3"))),),
        y_label="指数（2024 年 = 100）",
    )
    assert [int(t) for t in chart.ticks] == [0, 25, 50, 75, 100, 125]
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "指数（2024 年 = 100）" in texts
    assert {"0", "25", "50", "75", "100", "125"} <= set(texts)
    small = XYChart("t", ("a",), (Series("s", (Decimal("0.27"),)),))
    assert [str(t) for t in small.ticks] == ["0.00", "0.10", "0.20", "0.30"]


def test_a_note_is_written_under_the_chart_wrapped_to_its_width() -> None:
    """What the lines are (the annual report: everyone reporting each year) is said on the
    chart itself, so the PDF's figure carries it; long English wraps at spaces."""
    note = (
        "Each year's figure pools every organisation reporting that year (as the table's year "
        "columns); not like for like: see the table's vs base year column."
    )
    plain = ET.fromstring(line_svg(chart()))  # noqa: S314 - our own markup
    noted = ET.fromstring(line_svg(XYChart(**{**chart().__dict__, "note": note})))  # noqa: S314
    lines = [t.text or "" for t in noted.iter(f"{SVG}text") if t.get("class") == "chart-note"]
    assert len(lines) >= 2
    assert " ".join(lines) == note
    assert all(len(line) * 6 <= 520 for line in lines)
    assert int(noted.attrib["height"]) == int(plain.attrib["height"]) + 16 * len(lines)
    assert note in (noted.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]
    chinese = (
        "图中各年为当年全部报送组织的汇总值（与表中各年列相同），不是同口径比较；"
        "同口径的变化见表中“较基准年”列。"
    )
    wrapped = ET.fromstring(line_svg(XYChart(**{**chart().__dict__, "note": chinese})))  # noqa: S314
    parts = [t.text or "" for t in wrapped.iter(f"{SVG}text") if t.get("class") == "chart-note"]
    assert "".join(parts) == chinese
    assert all(len(p) * 11 <= 520 for p in parts)


def test_long_category_labels_wrap_instead_of_touching() -> None:
    # the English star chart: "Below 1 star" and "Not rated" ran into each other
    stars = ("5-star", "4-star", "3-star", "2-star", "1-star", "Below 1 star", "Not rated")
    values = tuple(Decimal(n) for n in range(len(stars)))
    wide = XYChart("Star distribution", stars, (Series("This year", values),), text_size=13)
    root = ET.fromstring(bar_svg(wide))  # noqa: S314 - our own markup
    labels = [t.text for t in root.iter(f"{SVG}text") if t.attrib.get("fill") == "#1d2733"]
    assert "Below 1 star" not in labels
    assert "Not rated" not in labels
    assert {"Below 1", "star", "Not", "rated", "5-star"} <= set(labels)
    # short labels, and Chinese ones that fit, stay on one line
    assert "2 星" in [t.text for t in ET.fromstring(bar_svg(chart())).iter(f"{SVG}text")]  # noqa: S314
