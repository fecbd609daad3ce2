"""Reviewer calibration: mean shifts and quadratic-weighted kappa, by table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rcapp.reviews.calibration import Rating, calibrate, mean_shift, weighted_kappa


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([], None),
        ([(3, 2), (4, 3), (1, 0)], Decimal("1.00")),
        ([(2, 3), (2, 2)], Decimal("-0.50")),
        ([(1, 1)], Decimal("0.00")),
    ],
)
def test_mean_shift(pairs: list[tuple[int, int]], expected: Decimal | None) -> None:
    assert mean_shift(pairs) == expected


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)], Decimal("1.00")),
        ([(0, 4), (4, 0)], Decimal("-1.00")),
        ([(2, 2), (2, 2)], None),  # one level only: chance agreement is perfect
        # Worked by hand: levels 0..2 (max 2), pairs (0,0) (1,2) (2,1) (2,2):
        # observed = (0 + 1/4 + 1/4 + 0) / 4 = 0.125; margins first {0:1,1:1,2:2},
        # second {0:1,1:1,2:2}; expected = sum w_ij p_i q_j = 0.34375; 1 - 0.125/0.34375.
        ([(0, 0), (1, 2), (2, 1), (2, 2)], Decimal("0.64")),
    ],
)
def test_weighted_kappa(pairs: list[tuple[int, int]], expected: Decimal | None) -> None:
    max_level = 2 if expected == Decimal("0.64") else 4
    assert weighted_kappa(pairs, max_level) == expected


def test_a_reviewer_who_always_adds_one_level_shifts_plus_one_against_self() -> None:
    ratings = []
    for review_id, item, own in [(1, "A", 1), (1, "B", 2), (2, "A", 0), (2, "C", 3)]:
        ratings.append(Rating(review_id, item, 10, own + 1, own))  # the lenient one
        ratings.append(Rating(review_id, item, 11, own, own))  # agrees with self
    by_id = {c.reviewer_id: c for c in calibrate(ratings)}
    assert by_id[10].shift_vs_self == Decimal("1.00")
    assert by_id[10].shift_vs_peers == Decimal("1.00")
    assert by_id[10].outlier
    assert by_id[10].shifted_items == ((1, "A"), (1, "B"), (2, "A"), (2, "C"))
    assert by_id[11].shift_vs_self == Decimal("0.00")
    assert by_id[11].shift_vs_peers == Decimal("-1.00")
    assert by_id[10].agreement is not None
    assert by_id[10].agreement < 1
