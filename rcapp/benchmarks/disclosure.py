"""What of a peer group's statistics a member sees, beside the minimum group size (qa14 D1).

Below the minimum group size (stats.MIN_GROUP_SIZE) a group has no statistics at all.
Above it, a member still sees peers only through the group's figures, and small groups
give peers away: in a group of 5 the quartiles are the 2nd and 4th members' own values,
and a pooled sum of fatalities names the one peer that had any. So a member (and a park
office, which sees its residents by name but never their figures) sees:

- no group figures of absolute quantities and counts (KPIs whose group figure is a sum:
  fatalities, tonnes of CO2e, m3 of water, drills), which tell a peer's size or events;
  only rates, intensities, indices and scores;
- in a group of fewer than `quartiles_min_members` (default QUARTILES_MIN_MEMBERS) only
  the median and its own value and percentile: no quartiles, no pooled group figure.

Who sees the peers' names (the secretariat, a working group's lead and deputy for that
group) sees every figure. The PDF scorecard, a document that leaves rcapp, always
follows the member rule. Set with RCAPP_BENCHMARK_QUARTILES_MIN_MEMBERS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from flask import current_app, has_app_context

from rcapp.benchmarks.stats import MIN_GROUP_SIZE
from rcapp.rubrics.model import Kpi

QUARTILES_MIN_MEMBERS: Final = 10
CONFIG_KEY: Final = "BENCHMARK_QUARTILES_MIN_MEMBERS"


def quartiles_min_members() -> int:
    """Return the group size from which members see quartiles (at least the minimum size)."""
    found = QUARTILES_MIN_MEMBERS
    if has_app_context():
        found = int(current_app.config.get(CONFIG_KEY, QUARTILES_MIN_MEMBERS))
    return max(found, MIN_GROUP_SIZE)


def is_absolute(kpi: Kpi) -> bool:
    """Whether the KPI's group figure is a sum of the members' quantities or counts."""
    return kpi.absolute


@dataclass(frozen=True)
class Disclosure:
    """What one viewer sees of one group's statistics."""

    full: bool  # sees the peers' names: every figure
    members: int  # the group's members with values
    threshold: int  # members a group needs before a member sees quartiles

    @property
    def quartiles(self) -> bool:
        """Whether the quartiles and the pooled group figure are shown."""
        return self.full or self.members >= self.threshold

    def quartiles_of(self, values: int) -> bool:
        """Whether a metric with `values` members' values shows its quartiles and pooled figure.

        A KPI few members report has fewer values than the group has members.
        """
        return self.full or values >= self.threshold

    def shows(self, absolute: bool) -> bool:
        """Whether a metric's group figures are shown at all."""
        return self.full or not absolute


def disclosure(full: bool, members: int) -> Disclosure:
    return Disclosure(full, members, quartiles_min_members())
