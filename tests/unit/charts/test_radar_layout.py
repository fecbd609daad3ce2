"""The radar's names and values: no two share ground, none touches the chart (3-12 axes).

The scorecard PDF's word-overlap check found the radar's names running into each other
(lines 1.2 em apart under a 1.45 em glyph box); these hold for any number of sections
and names as long as the rubrics' or longer, in Chinese and English.
"""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rcapp.charts.radar_layout import (
    ASCENT,
    CENTRE,
    DESCENT,
    FONT,
    GAP,
    HEIGHT,
    LINE,
    RADIUS,
    WIDTH,
    Box,
    glyph_box,
    place_labels,
    place_values,
    text_px,
)
from rcapp.text_width import width

ZH = (
    "管理体系",
    "社区认知和应急响应",
    "储运安全",
    "污染防治",
    "工艺安全",
    "职业健康安全",
    "产品安全监管",
    "推动入园企业实施责任关怀",
    "环境监管与基础设施",
    "园区责任关怀组织",
    "临海新材料科技股份有限公司第一分公司年产二十万吨项目",
)
EN = (
    "Management system",
    "Community awareness and emergency response",
    "Storage and transport safety",
    "Pollution prevention",
    "Process safety",
    "Occupational health and safety",
    "Product safety stewardship",
    "Getting resident companies to practise Responsible Care",
    "Environmental monitoring and shared infrastructure",
    "Responsible Care organisation of the park",
    "Logistics",
    "Supercalifragilisticexpialidociousnesses",
)

names = st.sampled_from(ZH + EN)


def _clashes(boxes: list[Box]) -> list[tuple[int, int]]:
    return [
        (a, b) for a, b in itertools.combinations(range(len(boxes)), 2) if boxes[a].meets(boxes[b])
    ]


@settings(max_examples=150, deadline=None)
@given(axes=st.integers(3, 12).flatmap(lambda n: st.lists(names, min_size=n, max_size=n)))
def test_no_two_names_meet_and_none_touches_the_chart(axes: list[str]) -> None:
    labels = place_labels(axes)
    assert _clashes([label.box for label in labels]) == []
    for label in labels:
        assert label.box.inside(WIDTH, HEIGHT), label
        assert label.box.distance_from(*CENTRE) > RADIUS, label  # outside the outer ring
        # the box is as wide as its widest line, and as tall as its lines
        assert label.box.x1 - label.box.x0 == pytest.approx(max(map(text_px, label.lines)))
        tall = (ASCENT + DESCENT + LINE * (len(label.lines) - 1)) * FONT
        assert label.box.y1 - label.box.y0 == pytest.approx(tall)


@pytest.mark.parametrize("count", range(3, 13))
@pytest.mark.parametrize("language", [ZH, EN])
def test_the_rubrics_names_in_either_language(count: int, language: tuple[str, ...]) -> None:
    axes = [language[i % len(language)] for i in range(count)]
    labels = place_labels(axes)
    assert _clashes([label.box for label in labels]) == []
    for label, axis in zip(labels, axes, strict=True):
        if not label.shortened:  # nothing lost, no word broken
            assert "".join(label.lines).replace(" ", "") == axis.replace(" ", "")
        else:
            assert label.lines[-1].endswith("…")


def test_names_are_anchored_by_their_angle() -> None:
    top, right, bottom_right, bottom_left, left = place_labels(
        ["管理体系", "储运安全", "污染防治", "工艺安全", "职业健康安全"]
    )
    assert top.anchor == "middle"
    assert top.box.y1 <= CENTRE[1] - RADIUS - GAP + 0.01  # grows upwards from its point
    assert right.anchor == "start"
    assert left.anchor == "end"
    assert bottom_right.anchor == "start"
    assert bottom_right.box.y0 >= CENTRE[1]  # grows downwards
    assert bottom_left.anchor == "end"


def test_lines_of_one_name_are_farther_apart_than_the_glyphs_are_tall() -> None:
    (label, *_rest) = place_labels(["Community awareness and emergency response", "a", "b"])
    assert len(label.lines) > 1
    steps = {round(b - a, 3) for a, b in itertools.pairwise(label.baselines)}
    assert steps == {LINE * FONT}
    assert LINE > ASCENT + DESCENT


def test_a_legend_in_the_corner_pushes_the_names_clear() -> None:
    axes = ["Getting resident companies to practise Responsible Care"] * 7
    legend = Box(4, 4, 254, 44)  # two names of 28 columns (radar._legend_box)
    labels = place_labels(axes, (legend,))
    assert not any(label.box.meets(legend) for label in labels)


def test_the_width_helper_counts_chinese_as_an_em() -> None:
    assert width("管理") == 4
    assert text_px("管理") == pytest.approx(2 * FONT)
    assert text_px("ab") < text_px("管理")


scores = st.one_of(st.none(), st.decimals(0, 100, places=1))


@settings(max_examples=150, deadline=None)
@given(values=st.integers(3, 12).flatmap(lambda n: st.lists(scores, min_size=n, max_size=n)))
def test_values_meet_neither_each_other_nor_the_ring_figures(values: list[Decimal | None]) -> None:
    x, y = CENTRE
    ring = [glyph_box(x + 4, y + 4 - 30 * s, str(20 * s), 10) for s in range(1, 6)]
    texts = [None if v is None else f"{v:.1f}" for v in values]
    fractions = [0.0 if v is None else float(v) / 100 for v in values]
    marks = place_values(texts, fractions, ring)
    assert [m is None for m in marks] == [v is None for v in values]
    boxes = [m.box for m in marks if m is not None]
    assert _clashes(boxes) == []
    for box in boxes:
        assert box.farthest_from(*CENTRE) <= RADIUS  # inside the ring: never on a name
        assert not any(box.meets(figure) for figure in ring)


@pytest.mark.parametrize("score", [Decimal("89.2"), Decimal("61.0"), Decimal("20.0")])
def test_a_value_on_the_first_axis_stays_by_its_point_beside_the_ring_figures(
    score: Decimal,
) -> None:
    # The demo's 89.2 met the ring figure "80" in the PDF, and then fell back to the centre.
    x, y = CENTRE
    ring = [glyph_box(x + 4, y + 4 - 30 * s, str(20 * s), 10) for s in range(1, 6)]
    (mark, *_rest) = place_values(
        [f"{score:.1f}", "1.0", "2.0"], [float(score) / 100, 0.01, 0.02], ring
    )
    assert mark is not None
    point_y = y - RADIUS * float(score) / 100
    assert mark.box.distance_from(x, point_y) < 12
    assert not any(mark.box.meets(figure) for figure in ring)
