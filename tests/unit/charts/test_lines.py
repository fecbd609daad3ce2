"""The year-over-year line chart: one point per known value, gaps break the line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcapp.charts.lines import LineChart, LineSeries, line_svg

NS = "{http://www.w3.org/2000/svg}"


def test_points_lines_and_description() -> None:
    chart = LineChart(
        "得分", (2023, 2024, 2025), (LineSeries("总分", (Decimal(60), None, Decimal(80))),)
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    assert len(root.findall(f".//{NS}circle")) == 3  # two points and the legend's key
    assert root.findall(f".//{NS}polyline") == []  # the gap in 2024 leaves no line
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text == "总分: 2023 60.0; 2024 —; 2025 80.0"


def test_a_series_needs_a_value_per_year() -> None:
    with pytest.raises(ValueError, match="one value per year"):
        LineChart("x", (2024, 2025), (LineSeries("a", (Decimal(1),)),))


def test_a_draft_year_is_hollow_dashed_and_labelled() -> None:
    chart = LineChart(
        "得分",
        (2023, 2024, 2025),
        (LineSeries("总分", (Decimal(60), Decimal(70), Decimal(80))),),
        draft_from=2,
        draft_note="暂定",
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    [solid] = root.findall(f".//{NS}polyline")
    assert len(solid.get("points", "").split()) == 2  # 2023-2024 only
    [dashed] = root.findall(f".//{NS}line[@stroke-dasharray]")
    assert (dashed.get("x1"), dashed.get("x2")) != (None, None)
    hollow = [c for c in root.findall(f".//{NS}circle") if c.get("fill") == "#ffffff"]
    assert len(hollow) == 1
    assert any(t.text == "暂定" for t in root.iter(f"{NS}text"))
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text == "总分: 2023 60.0; 2024 70.0; 2025 (暂定) 80.0"


def test_long_english_legend_names_stay_inside_the_chart() -> None:
    """qa9 D3: to the right of the plot, 150 px cut English section names off."""
    names = ("Overall score", "Community awareness and emergency response", "Process safety")
    chart = LineChart(
        "Scores", (2024, 2025), tuple(LineSeries(n, (Decimal(50), Decimal(60))) for n in names)
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    labels = [t for t in root.iter(f"{NS}text") if t.text in names]
    assert len(labels) == 3
    for label in labels:
        # 14 px text: no Latin letter is wider than 8 px on average
        assert float(label.attrib["x"]) + 8 * len(label.text or "") <= width, label.text
        assert float(label.attrib["y"]) <= height


def test_eight_series_each_have_a_legend_row_and_their_own_colour() -> None:
    """QA14 S7: the chart drew the overall score and three of seven sections, at 440 px."""
    names = tuple(f"S{n}" for n in range(8))
    chart = LineChart(
        "Scores", (2024, 2025), tuple(LineSeries(n, (Decimal(50), Decimal(60))) for n in names)
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    assert [t.text for t in root.iter(f"{NS}text") if t.text in names] == list(names)
    groups = root.findall(f".//{NS}g[@data-series]")
    assert len({g.get("stroke") for g in groups}) == 8
    assert float(root.attrib["width"]) >= 600


def _shape(mark: ET.Element) -> tuple[object, ...]:
    """A marker's shape wherever it is drawn: its kind and its outline about its centre."""
    if mark.tag == f"{NS}circle":
        return ("circle",)
    if mark.tag == f"{NS}path":
        return ("path", "".join(c for c in mark.get("d", "") if c.isalpha()))
    points = [tuple(map(float, p.split(","))) for p in mark.get("points", "").split()]
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    return ("polygon", *((round(x - cx), round(y - cy)) for x, y in points))


def test_series_differ_by_marker_shape_and_missing_reads_the_note() -> None:
    """QA39 S3: eight series told apart by colour only; "—" read where the table said 不可比."""
    names = tuple(f"S{n}" for n in range(8))
    values = (Decimal(50), None, Decimal(60))
    chart = LineChart(
        "Scores",
        (2023, 2024, 2025),
        tuple(LineSeries(n, values) for n in names),
        missing_note="不可比",
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    legend_shapes = []
    for group in root.findall(f".//{NS}g[@data-series]"):
        marks = [e for e in group if e.tag != f"{NS}polyline"]
        assert len(marks) == 3  # two points and the legend's key
        assert len({m.tag for m in marks}) == 1  # the same mark in the plot and the legend
        legend_shapes.append(_shape(marks[-1]))
    assert len(set(legend_shapes)) == 8  # every series its own shape
    desc = root.find(f"{NS}desc")
    assert desc is not None
    assert desc.text is not None
    assert desc.text.startswith("S0: 2023 50.0; 2024 不可比; 2025 60.0")
    assert "—" not in desc.text


def test_a_parks_ten_lines_share_neither_colour_nor_shape_and_the_legend_has_each() -> None:
    """The park's overall score and nine sections: the ninth and tenth repeated the first two."""
    names = ("Overall score", *(f"Park section {n} with a long English title" for n in range(9)))
    chart = LineChart(
        "Scores",
        (2023, 2024, 2025),
        tuple(
            LineSeries(n, (Decimal(40 + i), Decimal(50 + i), Decimal(60)))
            for i, n in enumerate(names)
        ),
    )
    root = ET.fromstring(line_svg(chart))  # noqa: S314 - our own markup
    groups = root.findall(f".//{NS}g[@data-series]")
    assert len(groups) == 10
    assert len({g.get("stroke") for g in groups}) == 10
    shapes = {_shape([e for e in g if e.tag != f"{NS}polyline"][-1]) for g in groups}
    assert len(shapes) == 10
    width, height = float(root.attrib["width"]), float(root.attrib["height"])
    assert width >= 1000  # as wide as the page's column: drawn at its own size
    labels = [t for t in root.iter(f"{NS}text") if t.text in names]
    assert [t.text for t in labels] == list(names)
    places = {(t.attrib["x"], t.attrib["y"]) for t in labels}
    assert len(places) == 10  # two legend columns, no row drawn over another
    for label in labels:
        assert float(label.attrib["x"]) + 8 * len(label.text or "") <= width, label.text
        assert float(label.attrib["y"]) <= height


def _value_labels(svg: str) -> list[tuple[float, str]]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    return [
        (float(t.get("y", "0")), t.text or "")
        for t in root.iter(f"{NS}text")
        if t.get("class") == "point-value"
    ]


@pytest.mark.parametrize(
    ("values", "labelled"),
    [
        # a series with a line needs no labels; one point alone is labelled with its value
        ({"A": (Decimal("80"), Decimal("85"))}, []),
        ({"A": (None, Decimal("85"))}, ["85.0"]),
        ({"A": (None, Decimal("85")), "B": (Decimal(70), Decimal(75))}, ["85.0"]),
    ],
)
def test_a_point_alone_is_labelled_with_its_value(
    values: dict[str, tuple[Decimal | None, ...]], labelled: list[str]
) -> None:
    chart = LineChart("t", (2024, 2025), tuple(LineSeries(k, v) for k, v in values.items()))
    assert [text for _y, text in _value_labels(line_svg(chart))] == labelled


def test_labels_of_points_alone_in_one_year_never_overlap() -> None:
    near = [Decimal("90.0"), Decimal("90.4"), Decimal("91.0"), Decimal("89.8")]
    chart = LineChart(
        "t", (2023, 2025), tuple(LineSeries(f"S{i}", (None, v)) for i, v in enumerate(near))
    )
    ys = sorted(y for y, _text in _value_labels(line_svg(chart)))
    assert len(ys) == 4
    assert all(b - a >= 15 for a, b in zip(ys, ys[1:], strict=False))
