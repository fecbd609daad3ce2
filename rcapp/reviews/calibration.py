"""Reviewer calibration as pure functions: mean shifts and ordinal agreement.

A reviewer's shift against self is the mean of (reviewer level - self level) over the
items they reviewed (N/A verdicts left out); against peers, the mean of (reviewer level
- other reviewer's level) over items both reviewed. Agreement between reviewers is
Cohen's kappa with quadratic weights over the ordinal levels 0..k: 1 is perfect
agreement, 0 what chance gives; it is None when every rating sits on one level (chance
agreement is then perfect and kappa is undefined). A reviewer is flagged as an outlier
when either shift reaches `OUTLIER_SHIFT` levels in absolute value.

Only items the reviewer judged one by one count: the risk sample, which must be decided
item by item, and any item whose level they changed; a sampled item the reviewer judged
N/A has no level and is not counted (so a reviewer's count can be below the sample: the
page's help says so, QA57 m1). Items accepted in one step ("accept
the rest") are no judgement: counted as full agreement they drowned the shifts (3 items
moved in 40 read as -0.03 over 190).

A rejected N/A claim (the organisation claimed 不适用, the reviewer gave a level) is a
judgement and an adjustment (QA33 S3): it counts as an item and is listed among the moved
items, and it enters the shift against peers and the agreement beside other reviewers'
levels; it stays out of the shift against self, which has no self level to subtract.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

OUTLIER_SHIFT: Final = Decimal("0.5")
_TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Rating:
    """One reviewer's level on one item of one review, beside the self level."""

    review_id: int
    item_id: str
    reviewer_id: int
    level: int
    self_level: int | None  # None: the organisation claimed N/A, the reviewer rejected it
    sampled: bool = True  # in the review's risk sample: decided one by one

    @property
    def judged(self) -> bool:
        """Decided one by one: sampled, or moved from the self level (or from an N/A claim)."""
        return self.sampled or self.level != self.self_level


@dataclass(frozen=True)
class Move:
    """An item where the reviewer's level differs from the self level."""

    review_id: int
    item_id: str
    self_level: int | None  # None: an N/A claim the reviewer rejected
    level: int

    @property
    def change(self) -> int | None:
        """Reviewer level minus self level: negative when lowered; None for a rejected N/A."""
        return None if self.self_level is None else self.level - self.self_level


@dataclass(frozen=True)
class ReviewerCalibration:
    reviewer_id: int
    items: int
    shift_vs_self: Decimal | None
    shift_vs_peers: Decimal | None
    agreement: Decimal | None  # weighted kappa against the other reviewers
    outlier: bool
    shifted_items: tuple[Move, ...]  # where they moved the level, review by review


def _round(value: Decimal) -> Decimal:
    return value.quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


def mean_shift(pairs: Sequence[tuple[int, int]]) -> Decimal | None:
    """Mean of (first - second) over the pairs, to two places; None for no pairs."""
    if not pairs:
        return None
    return _round(Decimal(sum(a - b for a, b in pairs)) / len(pairs))


def weighted_kappa(pairs: Sequence[tuple[int, int]], max_level: int = 4) -> Decimal | None:
    """Cohen's kappa with quadratic weights for levels 0..max_level, to two places."""
    if not pairs:
        return None
    n = Decimal(len(pairs))
    levels = range(max_level + 1)
    first = {k: sum(1 for a, _ in pairs if a == k) for k in levels}
    second = {k: sum(1 for _, b in pairs if b == k) for k in levels}
    span = Decimal(max_level * max_level) or Decimal(1)
    observed = sum(Decimal((a - b) ** 2) / span for a, b in pairs) / n
    expected = sum(
        Decimal((i - j) ** 2) / span * first[i] * second[j] for i in levels for j in levels
    ) / (n * n)
    if expected == 0:
        return None
    return _round(1 - observed / expected)


def calibrate(ratings: Sequence[Rating], max_level: int = 4) -> tuple[ReviewerCalibration, ...]:
    """Calibration figures for every reviewer in `ratings`, by reviewer id (judged items only)."""
    ratings = [r for r in ratings if r.judged]
    by_item: dict[tuple[int, str], list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_item[(rating.review_id, rating.item_id)].append(rating)
    results = []
    for reviewer_id in sorted({r.reviewer_id for r in ratings}):
        own = [r for r in ratings if r.reviewer_id == reviewer_id]
        vs_self = [(r.level, r.self_level) for r in own if r.self_level is not None]
        vs_peers = [
            (r.level, other.level)
            for r in own
            for other in by_item[(r.review_id, r.item_id)]
            if other.reviewer_id != reviewer_id
        ]
        shift_self, shift_peers = mean_shift(vs_self), mean_shift(vs_peers)
        outlier = any(s is not None and abs(s) >= OUTLIER_SHIFT for s in (shift_self, shift_peers))
        results.append(
            ReviewerCalibration(
                reviewer_id=reviewer_id,
                items=len(own),
                shift_vs_self=shift_self,
                shift_vs_peers=shift_peers,
                agreement=weighted_kappa(vs_peers, max_level),
                outlier=outlier,
                shifted_items=tuple(
                    Move(r.review_id, r.item_id, r.self_level, r.level)
                    for r in own
                    if r.level != r.self_level
                ),
            )
        )
    return tuple(results)
