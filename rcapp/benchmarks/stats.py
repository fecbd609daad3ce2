"""Peer-group statistics as pure functions: quartiles, percentile ranks, pooled KPI figures.

A group smaller than the minimum size (default 5) gets no statistics at all: nothing is
shown and nothing feeds a gate, so no member's figures can be worked out from the
group's. Group KPI figures are pooled (scoring.groups: sum of events x basis / sum of
hours), never averages of the members' rates; the quartiles are of the members' own
values (the KPI ladder compares a member with them).

Percentile rank (0-100, 100 = best in the group): the share of the group's values worse
than the member's, counting ties as half, oriented by the metric's direction.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final

from rcapp.rubrics.model import Aggregation, Basis, Direction, Kpi
from rcapp.scoring import GroupStats, InputTotals, group_kpi, quartiles
from rcapp.scoring.kpi_figures import KpiFigure, figures_of_many
from rcapp.scoring.model import KpiInputs

MIN_GROUP_SIZE: Final = 5
# A figure over the whole industry (all companies, all parks) is the annual report's purpose
# and is shown from three contributors (the rule of three): from one it is that
# organisation's own figure, and from two each can subtract its own and read the other's.
# Groups keep the benchmarks' minimum above.
MIN_INDUSTRY_SIZE: Final = 3
SECTION_PREFIX: Final = "section:"
KPI_PREFIX: Final = "kpi:"
# The overall self score, worked out from the members' assessments where it is shown.
OVERALL_METRIC: Final = "overall"


def shows_group(members: int, min_size: int = MIN_GROUP_SIZE) -> bool:
    """Whether a group of `members` (or a metric with that many values) has figures shown.

    The one minimum group size rule: the benchmarks' statistics and the annual report's and
    workbook's group tables and pooled group figures (below it a group's figure is a few
    members' own, readable by anyone who knows the membership).
    """
    return members >= min_size


class GroupKind(enum.StrEnum):
    WORKING_GROUP = "working_group"
    SECTOR = "sector"
    PARK = "park"
    PROVINCE = "province"
    # Chemical parks answer the park rubric and are compared only with other parks.
    ALL_PARKS = "all_parks"  # key ALL_PARKS_KEY: every park of the cycle
    PARK_PROVINCE = "park_province"  # key: the province


ALL_PARKS_KEY: Final = "all"


@dataclass(frozen=True)
class MetricStats:
    """One metric's statistics in one group (section scores 0-100, KPIs in primary basis)."""

    metric: str
    members: int
    first_quartile: Decimal
    median: Decimal
    third_quartile: Decimal
    pooled: Decimal | None = None  # KPIs only: the group's pooled figure
    pooled_200k: Decimal | None = None  # rate KPIs: the pooled figure per 200,000 h

    def group_stats(self) -> GroupStats:
        return GroupStats(
            median=self.median,
            first_quartile=self.first_quartile,
            third_quartile=self.third_quartile,
        )


@dataclass(frozen=True)
class Member:
    """One member's figures: section scores by section id and raw KPI inputs."""

    organisation_id: int
    sections: Mapping[str, Decimal | None]
    kpi_inputs: KpiInputs


def section_metric(section_id: str) -> str:
    return SECTION_PREFIX + section_id


def kpi_metric(kpi_id: str) -> str:
    return KPI_PREFIX + kpi_id


def member_values(
    member: Member, kpis: Sequence[Kpi], figures: Mapping[str, KpiFigure] | None = None
) -> dict[str, Decimal]:
    """Every metric the member has a value for (N/A sections and unreported KPIs left out).

    `figures` are the member's KPI figures (kpi_figures.figures_of_many) when the caller
    computed them for the whole cycle.
    """
    found = {section_metric(s): v for s, v in member.sections.items() if v is not None}
    own = figures_of_many(kpis, {0: member.kpi_inputs})[0] if figures is None else figures
    for kpi in kpis:
        value = own[kpi.id].value
        if value is not None:
            found[kpi_metric(kpi.id)] = value
    return found


def group_statistics(
    members: Sequence[Member],
    kpis: Sequence[Kpi],
    min_size: int = MIN_GROUP_SIZE,
    known: Mapping[int, Mapping[str, Decimal]] | None = None,
    figures: Mapping[int, Mapping[str, KpiFigure]] | None = None,
) -> dict[str, MetricStats]:
    """Statistics per metric for one group; empty when the group is below `min_size`.

    A metric with fewer than `min_size` values (say a KPI few members report) is left out
    for the same reason. `known` holds member values already worked out (organisation id →
    `member_values`), so a member of several groups is valued once per cycle; `figures`
    (organisation id → KPI id → figure) lets a `sum` KPI add the members' values as computed.
    """
    if not shows_group(len(members), min_size):
        return {}
    values: dict[str, list[Decimal]] = defaultdict(list)
    for member in members:
        own = known.get(member.organisation_id) if known is not None else None
        for metric, value in (own if own is not None else member_values(member, kpis)).items():
            values[metric].append(value)
    by_kpi = {kpi_metric(kpi.id): kpi for kpi in kpis}
    inputs = [m.kpi_inputs for m in members]
    totals = InputTotals(inputs)  # each input summed once for all the group's KPIs
    found = {}
    for metric, metric_values in sorted(values.items()):
        if not shows_group(len(metric_values), min_size):
            continue
        kpi = by_kpi.get(metric)
        raws = None
        if kpi is not None and figures is not None and kpi.aggregation is Aggregation.SUM:
            raws = [figures[m.organisation_id][kpi.id].raw for m in members]
        found[metric] = metric_stats(metric, metric_values, kpi, inputs, totals, raws)
    return found


def metric_stats(
    metric: str,
    metric_values: Sequence[Decimal],
    kpi: Kpi | None,
    inputs: Sequence[Mapping[str, Decimal]],
    totals: InputTotals,
    raws: Sequence[Decimal | None] | None,
) -> MetricStats:
    """One metric's statistics in a group: quartiles, and for a KPI the pooled group figure.

    `raws` are the members' unrounded values of a `sum` KPI (None: added up from inputs).
    """
    found = quartile_stats(metric, metric_values)
    if kpi is None:
        return found
    figure = group_kpi(kpi, inputs, member_raws=raws, totals=totals)
    pooled_200k = next((b.value for b in figure.by_basis if b.basis is Basis.PER_200K_HOURS), None)
    return replace(found, pooled=figure.value, pooled_200k=pooled_200k)


def quartile_stats(metric: str, metric_values: Sequence[Decimal]) -> MetricStats:
    """Return the median and quartiles of `metric_values` (no pooled figure: not a KPI's)."""
    first, middle, third = quartiles(metric_values)
    return MetricStats(metric, len(metric_values), first, middle, third)


def score_statistics(
    metric: str, metric_values: Sequence[Decimal], min_size: int = MIN_GROUP_SIZE
) -> MetricStats | None:
    """Return the statistics of scores worked out where shown (the overall self score).

    None below the minimum: the rule every other metric of the group follows
    (group_statistics), so the overall score's P25 and P75 show wherever its median does.
    """
    if not shows_group(len(metric_values), min_size):
        return None
    return quartile_stats(metric, metric_values)


def percentile_rank(value: Decimal, values: Sequence[Decimal], better: Direction) -> Decimal:
    """Where `value` stands among `values` (0-100, 100 best; ties count half), unrounded.

    Shown only through shown.percentile_text, which rounds it once to a whole number
    (rounding to 0.1 first turned 38.46 into 38.5 and then 39).
    """
    if not values:
        raise ValueError("percentile rank among no values")
    worse = sum(1 for v in values if (v < value if better is Direction.HIGHER else v > value))
    ties = sum(1 for v in values if v == value)
    return (Decimal(worse) + Decimal(ties) / 2) * 100 / len(values)


def kpi_group_stats(stats: Mapping[str, MetricStats]) -> dict[str, GroupStats]:
    """Return the KPI statistics in the shape the scoring engine's KPI ladder and gates read."""
    return {
        metric.removeprefix(KPI_PREFIX): one.group_stats()
        for metric, one in stats.items()
        if metric.startswith(KPI_PREFIX)
    }
