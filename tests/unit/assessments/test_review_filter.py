"""The review filter's values and the states each keeps (assessments.review_filters)."""

from __future__ import annotations

import pytest

from rcapp.assessments.review_filters import ReviewState, review_matches

S = ReviewState


@pytest.mark.parametrize(
    ("key", "kept"),
    [
        ("in_review", {S.IN_REVIEW, S.REREVIEW}),  # the year page's 进行中
        ("rereview", {S.REREVIEW}),
        ("final", {S.FINAL, S.APPEALED}),  # the year page's 已完成
        ("appealed", {S.APPEALED}),
        ("none", {None}),
        ("", {None, *S}),  # no filter
    ],
)
def test_each_value_keeps_its_states(key: str, kept: set[ReviewState | None]) -> None:
    assert {s for s in (None, *S) if review_matches(s, key)} == kept
