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
    moves = by_id[10].shifted_items
    assert [(m.review_id, m.item_id) for m in moves] == [(1, "A"), (1, "B"), (2, "A"), (2, "C")]
    assert [(m.self_level, m.level, m.change) for m in moves[:2]] == [(1, 2, 1), (2, 3, 1)]
    assert by_id[11].shift_vs_self == Decimal("0.00")
    assert by_id[11].shift_vs_peers == Decimal("-1.00")
    assert by_id[10].agreement is not None
    assert by_id[10].agreement < 1


def test_items_accepted_in_one_step_do_not_dilute_the_shift() -> None:
    """3 sampled items moved by -2, -1 and -3 among 40 sampled, 150 accepted in one step.

    Counted with the bulk-accepted items the shift read -0.03; over the judged items it is
    -0.15, and a reviewer who moves every sampled item by one level is flagged.
    """
    moved = [Rating(1, f"S{i}", 7, 3 - d, 3) for i, d in enumerate((2, 1, 3))]
    kept = [Rating(1, f"K{i}", 7, 3, 3) for i in range(37)]
    bulk = [Rating(1, f"B{i}", 7, 3, 3, sampled=False) for i in range(150)]

    (figure,) = calibrate(moved + kept + bulk)

    assert figure.items == 40
    assert figure.shift_vs_self == Decimal("-0.15")
    harsh = [Rating(2, f"S{i}", 8, 2, 3) for i in range(40)]
    harsh += [Rating(2, f"B{i}", 8, 3, 3, sampled=False) for i in range(150)]
    (flagged,) = calibrate(harsh)
    assert flagged.shift_vs_self == Decimal("-1.00")
    assert flagged.outlier


def test_an_item_moved_outside_the_sample_still_counts() -> None:
    (figure,) = calibrate([Rating(1, "X", 7, 1, 3, sampled=False)])
    assert figure.items == 1
    assert figure.shift_vs_self == Decimal("-2.00")


def test_a_rejected_na_is_an_adjusted_item_counted_against_peers_not_self() -> None:
    """QA33 S3: 不适用 → 1 was neither listed nor counted; it is an adjustment."""
    ratings = [
        Rating(1, "S1", 7, 2, 3),  # lowered by one
        Rating(1, "NA1", 7, 1, None, sampled=False),  # an N/A claim rejected: level 1
        Rating(1, "S1", 8, 3, 3),
        Rating(1, "NA1", 8, 2, None, sampled=False),
    ]
    first, second = calibrate(ratings)
    assert first.items == 2
    assert first.shift_vs_self == Decimal("-1.00")  # the N/A has no self level to subtract
    assert first.shift_vs_peers == Decimal("-1.00")  # (2-3 + 1-2) / 2
    moves = {m.item_id: m for m in first.shifted_items}
    assert set(moves) == {"S1", "NA1"}
    assert moves["NA1"].self_level is None
    assert moves["NA1"].change is None
    assert second.shift_vs_self == Decimal("0.00")
