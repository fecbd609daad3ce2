"""A member's percentile in its group: one rule for its own benchmark page and the lead's table.

The member's page (pages.position) ranks its value among the group's only where the group
has the metric's statistics; the lead's side-by-side table and its workbook rank each
member by the same rule (member_rank), so a member reads the same percentile on both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rcapp.benchmarks.stats import percentile_rank
from rcapp.rubrics.model import Direction


def member_rank(
    value: Decimal | None, peers: Sequence[Decimal], better: Direction, has_stats: bool
) -> Decimal | None:
    """Rank `value` among `peers` (percentile_rank), where the group has the metric's statistics.

    None without statistics (too few members), without the member's value or any peer's.
    """
    if not has_stats or value is None or not peers:
        return None
    return percentile_rank(value, peers, better)


@dataclass(frozen=True)
class GroupRanks:
    """The group's values of each metric it ranks by, and which way each is better.

    Only metrics with the group's statistics are in `peers`: the others rank nobody.
    """

    peers: dict[str, list[Decimal]] = field(default_factory=dict)
    better: dict[str, Direction] = field(default_factory=dict)

    def rank(self, key: str, value: Decimal | None) -> Decimal | None:
        better = self.better.get(key, Direction.HIGHER)
        return member_rank(value, self.peers.get(key, ()), better, key in self.peers)

    def ranked(self) -> tuple[str, ...]:
        """List the metrics ranked (part of what a kept table is made from)."""
        return tuple(sorted(self.peers))
