"""Where each member of a group stands on one section score: quartiles, percentile, place.

Pure: plain values in, frozen dataclasses out. The group's figures follow the KPI
statistics' rules (stats.score_statistics: scoring.quartiles and the minimum group size),
the percentile the member page's (ranks.member_rank), so a lead reads on the section
tables what a member reads on its own benchmark page.

A member for whom the section is not applicable (N/A: no score) is left out of the
section's figures, its percentile and its place, and listed as such. So is a member listed but
not counted (`later`): it submitted after the group's statistics were computed, and the page
reads the statistics of that computation (standing_against), as the rows under its main table.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.benchmarks.ranks import member_rank
from rcapp.benchmarks.stats import MIN_GROUP_SIZE, MetricStats, score_statistics
from rcapp.rubrics.model import Direction


class Position(enum.StrEnum):
    """A member's score against the group's quartiles (a quartile label)."""

    ABOVE_P75 = "above_p75"  # strictly above P75
    UPPER_MIDDLE = "upper_middle"  # from the median up to P75, both included
    LOWER_MIDDLE = "lower_middle"  # from P25 up to, not including, the median
    BELOW_P25 = "below_p25"  # strictly below P25


def position_of(value: Decimal, stats: MetricStats) -> Position:
    """Place `value` among the quartiles; a value on a boundary counts as inside the middle.

    Equal to P75 is not above it, equal to P25 not below it; equal to the median is in the
    upper middle (at or above the median).
    """
    if value > stats.third_quartile:
        return Position.ABOVE_P75
    if value < stats.first_quartile:
        return Position.BELOW_P25
    return Position.UPPER_MIDDLE if value >= stats.median else Position.LOWER_MIDDLE


@dataclass(frozen=True)
class MemberStanding:
    """One member on one section: its score, or None where the section is N/A for it.

    `rank` is the percentile (0-100, unrounded), `place` 1 for the best with ties sharing
    a place (1, 2, 2, 4); all three None without the group's figures or for N/A.
    """

    organisation_id: int
    score: Decimal | None
    rank: Decimal | None = None
    place: int | None = None
    position: Position | None = None
    counted: bool = True  # False: submitted after the statistics were computed

    @property
    def not_applicable(self) -> bool:
        return self.score is None


@dataclass(frozen=True)
class SectionStanding:
    """The group's figures on one section and every listed member's standing on it."""

    metric: str  # section:<id>
    stats: MetricStats | None  # None: too few members have the section (or no statistics)
    members: tuple[MemberStanding, ...]

    @property
    def not_applicable(self) -> tuple[int, ...]:
        """The organisations for which the section is N/A, left out of its figures."""
        return tuple(m.organisation_id for m in self.members if m.not_applicable)

    @property
    def scored(self) -> int:
        """How many members the figures count: with a score, not submitted later."""
        return sum(1 for m in self.members if m.counted and not m.not_applicable)

    @property
    def later(self) -> tuple[int, ...]:
        """The organisations listed but not counted: submitted after the computation."""
        return tuple(m.organisation_id for m in self.members if not m.counted)

    def of(self, organisation_id: int) -> MemberStanding | None:
        return next((m for m in self.members if m.organisation_id == organisation_id), None)


def section_standing(
    metric: str,
    scores: Mapping[int, Decimal | None],
    min_size: int = MIN_GROUP_SIZE,
) -> SectionStanding:
    """Work out the group's P25, median and P75 of `scores` and each member's standing.

    `scores` maps organisation ids to the section score (None: N/A, left out). With
    fewer scores than `min_size` no figure is worked out and nobody is ranked: the privacy
    rule of every other statistic of the group.
    """
    values = [v for v in scores.values() if v is not None]
    return standing_against(metric, scores, score_statistics(metric, values, min_size))


def standing_against(
    metric: str,
    scores: Mapping[int, Decimal | None],
    stats: MetricStats | None,
    later: Mapping[int, Decimal | None] | None = None,
) -> SectionStanding:
    """Place each member of `scores` against `stats`, the group's figures (None: none).

    `stats` may be the ones stored by the last computation, over the members `scores`
    holds; `later` (shown, neither counted nor placed) are those who submitted after it.
    """
    values = [v for v in scores.values() if v is not None]
    members = tuple(
        _standing(organisation_id, value, values, stats)
        for organisation_id, value in scores.items()
    )
    members += tuple(
        MemberStanding(organisation_id, value, counted=False)
        for organisation_id, value in (later or {}).items()
    )
    return SectionStanding(metric, stats, members)


def _standing(
    organisation_id: int, value: Decimal | None, values: list[Decimal], stats: MetricStats | None
) -> MemberStanding:
    if value is None or stats is None:
        return MemberStanding(organisation_id, value)
    return MemberStanding(
        organisation_id,
        value,
        member_rank(value, values, Direction.HIGHER, has_stats=True),
        1 + sum(1 for v in values if v > value),
        position_of(value, stats),
    )
