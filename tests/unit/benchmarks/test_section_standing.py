"""Section standings: the group's quartiles of a section score and each member's place in them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.benchmarks.section_standing import (
    Position,
    position_of,
    section_standing,
    standing_against,
)
from rcapp.benchmarks.stats import quartile_stats

D = Decimal
ABOVE, UPPER, LOWER, BELOW = (
    Position.ABOVE_P75,
    Position.UPPER_MIDDLE,
    Position.LOWER_MIDDLE,
    Position.BELOW_P25,
)


def scores_of(*values: str | None) -> dict[int, Decimal | None]:
    return {i: None if v is None else D(v) for i, v in enumerate(values, start=1)}


# scores → (P25, median, P75), and per member (percentile, place, position)
CASES = {
    "spread": (
        scores_of("10", "20", "30", "40", "50"),
        ("20", "30", "40"),
        {
            1: (D(10), 5, BELOW),
            2: (D(30), 4, LOWER),
            3: (D(50), 3, UPPER),
            4: (D(70), 2, UPPER),  # on P75: not above it
            5: (D(90), 1, ABOVE),
        },
    ),
    "ties share a place and count half": (
        scores_of("60", "70", "70", "70", "90"),
        ("70", "70", "70"),
        {
            1: (D(10), 5, BELOW),
            2: (D(50), 2, UPPER),
            3: (D(50), 2, UPPER),
            4: (D(50), 2, UPPER),
            5: (D(90), 1, ABOVE),
        },
    ),
    "interpolated quartiles, N/A left out": (
        scores_of("80", None, "60", "75", "90", "85"),
        ("75", "80", "85"),
        {
            1: (D(50), 3, UPPER),
            2: (None, None, None),
            3: (D(10), 5, BELOW),
            4: (D(30), 4, LOWER),  # on P25: not below it
            5: (D(90), 1, ABOVE),
            6: (D(70), 2, UPPER),
        },
    ),
}


@pytest.mark.parametrize(("scores", "quartiles", "expected"), CASES.values(), ids=CASES.keys())
def test_the_group_figures_and_each_members_standing(
    scores: dict[int, Decimal | None],
    quartiles: tuple[str, str, str],
    expected: dict[int, tuple[Decimal | None, int | None, Position | None]],
) -> None:
    found = section_standing("section:C4", scores)
    assert found.stats is not None
    stats = (found.stats.first_quartile, found.stats.median, found.stats.third_quartile)
    assert stats == tuple(D(q) for q in quartiles)
    assert found.stats.members == found.scored
    assert {m.organisation_id: (m.rank, m.place, m.position) for m in found.members} == expected


def test_a_section_na_for_a_member_is_left_out_and_named() -> None:
    found = section_standing("section:C6", scores_of("50", None, "70", "80", "90", None, "60"))
    assert found.not_applicable == (2, 6)
    assert found.scored == 5
    assert found.stats is not None
    assert found.stats.members == 5
    na = found.of(2)
    assert na is not None
    assert na.not_applicable
    assert na.rank is None
    assert na.place is None


CASES_TOO_FEW = {
    "four members": scores_of("50", "60", "70", "80"),
    "five members, one N/A": scores_of("50", "60", None, "70", "80"),
    "nobody scored": scores_of(None, None, None, None, None),
}


@pytest.mark.parametrize("scores", CASES_TOO_FEW.values(), ids=CASES_TOO_FEW.keys())
def test_fewer_scores_than_the_minimum_give_no_figures_and_rank_nobody(
    scores: dict[int, Decimal | None],
) -> None:
    found = section_standing("section:C1", scores)
    assert found.stats is None
    assert all(m.rank is None and m.place is None and m.position is None for m in found.members)
    assert [m.score for m in found.members] == list(scores.values())


def test_a_smaller_minimum_is_honoured() -> None:
    found = section_standing("section:C1", scores_of("50", "60", "70"), min_size=3)
    assert found.stats is not None
    assert found.stats.median == D(60)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("19.9", BELOW),
        ("20", LOWER),
        ("29.9", LOWER),
        ("30", UPPER),
        ("40", UPPER),
        ("40.1", ABOVE),
    ],
)
def test_a_value_on_a_boundary_counts_inside_the_middle(value: str, expected: Position) -> None:
    stats = quartile_stats("section:C1", [D(10), D(20), D(30), D(40), D(50)])
    assert position_of(D(value), stats) is expected


def test_a_member_submitted_after_the_stored_figures_is_listed_not_counted_or_placed() -> None:
    stored = section_standing("section:MS", scores_of("10", "20", "30", "40", "50")).stats
    found = standing_against(
        "section:MS", scores_of("10", "20", "30", "40", "50"), stored, {9: D("5")}
    )
    assert found.stats == stored  # the figures as stored, not worked out again with 5
    assert found.scored == 5
    assert found.later == (9,)
    late = found.of(9)
    assert late is not None
    assert (late.score, late.rank, late.place, late.position) == (D("5"), None, None, None)
    bottom = found.of(1)
    assert bottom is not None
    assert (bottom.place, bottom.position) == (5, BELOW)  # placed among the counted only
