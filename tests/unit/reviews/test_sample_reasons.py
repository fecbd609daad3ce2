"""Why each sampled item is sampled (qa70 M1): the sampler's own reasons, every one it meets."""

from __future__ import annotations

import pytest

from rcapp.reviews.rules import SampleItem, SampleReason, review_sample, sample_reasons

ITEMS = (
    SampleItem("A", 4, 4),  # high
    SampleItem("B", None, 4),  # N/A claim
    SampleItem("C", 1, 4),  # low: only on the path
    SampleItem("D", 3, 4),  # high and on the path
    SampleItem("E", 0, 4),  # none of them
    SampleItem("F", 1, 1),  # a yes/no 是: high on its scale
)


@pytest.mark.parametrize(
    ("item_id", "changed", "expected"),
    [
        ("A", (), (SampleReason.HIGH_LEVEL,)),
        ("B", (), (SampleReason.NA_CLAIM,)),
        ("C", (), (SampleReason.NEXT_STAR,)),
        ("D", (), (SampleReason.NEXT_STAR, SampleReason.HIGH_LEVEL)),
        ("E", (), ()),
        ("E", ("E",), (SampleReason.CHANGED,)),
        ("F", (), (SampleReason.HIGH_LEVEL,)),
        ("B", ("B",), (SampleReason.NA_CLAIM, SampleReason.CHANGED)),
        ("gone", (), ()),  # an item the rubric no longer scores: no reason, no error
    ],
)
def test_each_item_gets_every_reason_it_meets(
    item_id: str, changed: tuple[str, ...], expected: tuple[SampleReason, ...]
) -> None:
    assert sample_reasons([item_id], ITEMS, ("C", "D"), changed) == {item_id: expected}


def test_every_sampled_item_has_a_reason() -> None:
    """Whatever the sampler picks, the page can say why: the same rules are read."""
    sample = review_sample(ITEMS, ("C", "D"), cap=3)
    reasons = sample_reasons(sample, ITEMS, ("C", "D"))
    assert set(reasons) == set(sample)
    assert all(reasons.values())
