"""Fewer reviewers than the process plans: which star band the rubric then closes."""

from __future__ import annotations

from rcapp.reviews.rules import ReviewerShortfall, reviewer_shortfall

COMPANY_V2 = [(2, 1), (3, 2), (4, 2)]  # rc-company v2: two stars need one reviewer


def test_two_reviewers_are_enough() -> None:
    assert reviewer_shortfall(2, COMPANY_V2) is None
    assert reviewer_shortfall(3, COMPANY_V2) is None


def test_one_reviewer_closes_the_lowest_band_needing_two() -> None:
    assert reviewer_shortfall(1, COMPANY_V2) == ReviewerShortfall(1, stars=3, needed=2)


def test_a_rubric_without_peer_gates_still_warns_without_a_band() -> None:
    assert reviewer_shortfall(1, []) == ReviewerShortfall(1)
    assert reviewer_shortfall(0, [(3, 2)]) == ReviewerShortfall(0, stars=3, needed=2)
