"""Group KPI figures: pooled aggregation over members, and percentile statistics.

Aggregation (domain.md 4.2, 8.4): rates are pooled, never averaged: `pooled` sums the
members' raw inputs and evaluates the formula once (GPCA's example: companies at 0.80
and 0.20 pool to 0.40, where the mean of the rates says 0.50); `sum` adds the members'
values; `mean` (scores that are not ratios) averages them; `index` is 100 x pooled value /
pooled base-year value. A member that misses an input of the formula is left out and
counted in the coverage.

Percentiles use linear interpolation between closest ranks (Excel PERCENTILE.INC,
NumPy's default): p-th percentile of n sorted values sits at rank (n - 1) x p / 100.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from operator import itemgetter

from rcapp.rubrics.model import Aggregation, Kpi
from rcapp.scoring.kpis import basis_values, formula_names, primary, raw_kpi
from rcapp.scoring.model import GroupStats, KpiInputs
from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, kpi_figure
from rcapp.scoring.scorecard import BasisValue


@dataclass(frozen=True)
class GroupKpi:
    """A group's figure for one KPI; `members_counted` of `members_total` contributed."""

    kpi_id: str
    aggregation: Aggregation
    value: Decimal | None
    by_basis: tuple[BasisValue, ...]
    members_counted: int
    members_total: int
    # The value unrounded (primary basis, or the index): what a change in % is computed from.
    raw: Decimal | None = None


def percentile(values: Sequence[Decimal], pct: Decimal | int) -> Decimal:
    """Return the `pct`-th percentile (0-100) of `values`, interpolating linearly."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile {pct} is outside 0-100")
    return _of_sorted(sorted(values), pct)


def _of_sorted(ordered: Sequence[Decimal], pct: Decimal | int) -> Decimal:
    with localcontext(ARITHMETIC):
        rank = Decimal(len(ordered) - 1) * Decimal(pct) / HUNDRED
        low = int(rank)
        if low + 1 >= len(ordered):
            return ordered[-1]
        return ordered[low] + (ordered[low + 1] - ordered[low]) * (rank - low)


def median(values: Sequence[Decimal]) -> Decimal:
    return percentile(values, 50)


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal, Decimal, Decimal]:
    """Return the first quartile, the median and the third quartile (values sorted once)."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    return _of_sorted(ordered, 25), _of_sorted(ordered, 50), _of_sorted(ordered, 75)


def group_stats(values: Sequence[Decimal]) -> GroupStats:
    """Statistics of the members' KPI values (primary basis) for the KPI ladder and gates."""
    first, middle, third = quartiles(values)
    return GroupStats(median=middle, first_quartile=first, third_quartile=third)


def pooled_inputs(kpi: Kpi, members: Sequence[KpiInputs]) -> tuple[dict[str, Decimal], int]:
    """Sum the formula's inputs over the members that report all of them."""
    needed = formula_names(kpi)
    counted = [m for m in members if needed <= m.keys()]
    with localcontext(ARITHMETIC):
        totals = {name: sum((m[name] for m in counted), Decimal(0)) for name in needed}
    return totals, len(counted)


_NONE_MISSING: frozenset[str] = frozenset()


def missing_inputs(names: frozenset[str], member: KpiInputs) -> frozenset[str]:
    """Return which of `names` the member does not report."""
    return _NONE_MISSING if names <= member.keys() else names - member.keys()


class InputTotals:
    """A group's pooled inputs for all its KPIs, each input summed once per set of members.

    `pooled_inputs` per KPI adds the hours worked again for every rate that divides by
    them; this keeps each sum (input, members counted) and hands it to every KPI whose
    formula needs it. The sums are the same additions in the same order.

    `names`, when given, are all the inputs the KPIs asked for will need: each member's
    missing ones are then worked out once, and a KPI looks only at the members missing
    any (rather than testing every member against every KPI's inputs). `lacking`, when
    given with `names`, are those missing inputs already worked out (`names` less the
    member's inputs, by position), say once per member for all the groups it is in.
    `whole`, when given, returns an input's sum over all the members exactly as it is
    added here (or None: not known), for a KPI that no member is left out of.
    """

    def __init__(
        self,
        members: Sequence[KpiInputs],
        names: Collection[str] | None = None,
        lacking: Sequence[frozenset[str]] | None = None,
        whole: Callable[[str], Decimal | None] | None = None,
    ) -> None:
        self._members = members
        self._whole = whole
        self._sums: dict[tuple[tuple[int, ...], str], Decimal] = {}
        self._names = None if names is None else frozenset(names)
        self._lacking: list[tuple[int, frozenset[str]]] = []
        if self._names is None:
            return
        if lacking is None:
            lacking = [missing_inputs(self._names, member) for member in members]
        self._lacking = [(i, missing) for i, missing in enumerate(lacking) if missing]

    def _left_out(self, needed: frozenset[str]) -> tuple[int, ...]:
        """Return the positions of the members that miss any of `needed`."""
        if self._names is not None and needed <= self._names:
            return tuple(i for i, lacking in self._lacking if not needed.isdisjoint(lacking))
        return tuple(i for i, m in enumerate(self._members) if not needed <= m.keys())

    def pooled_inputs(self, kpi: Kpi) -> tuple[dict[str, Decimal], int]:
        """Return what `pooled_inputs(kpi, members)` returns."""
        needed = formula_names(kpi)
        left_out = self._left_out(needed)
        counted: list[KpiInputs] | None = None
        totals = {}
        for name in needed:
            total = self._sums.get((left_out, name))
            if total is None and not left_out and self._whole is not None:
                total = self._whole(name)
            if total is None:
                if counted is None:
                    out = set(left_out)
                    counted = [m for i, m in enumerate(self._members) if i not in out]
                with localcontext(ARITHMETIC):
                    total = sum(map(itemgetter(name), counted), Decimal(0))
                self._sums[(left_out, name)] = total
            totals[name] = total
        return totals, len(self._members) - len(left_out)


def group_kpi(
    kpi: Kpi,
    members: Sequence[KpiInputs],
    base_members: Sequence[KpiInputs] = (),
    member_raws: Sequence[Decimal | None] | None = None,
    totals: InputTotals | None = None,
) -> GroupKpi:
    """Aggregate one KPI over a group by the KPI's aggregation rule.

    `base_members` are the members' inputs in the base year (only for `index` KPIs).
    `member_raws`, when the caller has them, are the members' unrounded values in the
    order of `members` (kpi_figures.KpiFigure.raw): a `sum` KPI adds those instead of
    evaluating every member's formula again. `totals`, the members' InputTotals, shares
    the sums of the inputs between the group's KPIs.
    """
    if kpi.aggregation in (Aggregation.SUM, Aggregation.MEAN):
        if member_raws is None:
            member_raws = [raw_kpi(kpi, m) for m in members]
        raws = [raw for raw in member_raws if raw is not None]
        with localcontext(ARITHMETIC):
            total = sum(raws, Decimal(0)) if raws else None
            if total is not None and kpi.aggregation is Aggregation.MEAN:
                total /= len(raws)  # a score, not a ratio: its plain mean
        return _group_figure(kpi, total, len(raws), len(members), with_bases=True)
    summed, counted = pooled_inputs(kpi, members) if totals is None else totals.pooled_inputs(kpi)
    pooled = raw_kpi(kpi, summed) if counted else None
    if kpi.aggregation is Aggregation.POOLED:
        return _group_figure(kpi, pooled, counted, len(members), with_bases=True)
    base_totals, base_counted = pooled_inputs(kpi, base_members)
    base = raw_kpi(kpi, base_totals) if base_counted else None
    index = None
    if pooled is not None and base:
        with localcontext(ARITHMETIC):
            index = HUNDRED * pooled / base
    return _group_figure(kpi, index, counted, len(members), with_bases=False)


def _group_figure(
    kpi: Kpi, raw: Decimal | None, counted: int, total: int, *, with_bases: bool
) -> GroupKpi:
    if raw is None:
        return GroupKpi(kpi.id, kpi.aggregation, None, (), counted, total)
    value = primary(kpi, raw) if with_bases else raw
    bases = basis_values(kpi, raw) if with_bases else ()
    return GroupKpi(kpi.id, kpi.aggregation, kpi_figure(value), bases, counted, total, value)
