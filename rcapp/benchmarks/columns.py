"""A cycle's member values held column by column: one list per metric, a slot per member.

`compute_benchmarks` values every member once and then summarises the values of each of
its peer groups. Kept as a dict of figures per member (stats.member_values,
kpi_figures.figures_of_many), a cycle of 1,000 members made some 40,000 small objects
that lived through the whole computation, and Python's collector walked the whole heap
for them, a tenth of a second in most runs (docs/performance.md). Here each metric is one
list, a member one position in it (None: no value), and a group's values are picked out
of the lists by position.

The figures are the very ones `stats.member_values` and `stats.group_statistics` give:
the same formulas evaluated in the same arithmetic context (kpi_figures), the same
roundings, the same group order for the pooled sums and the quartiles (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from itertools import repeat
from operator import is_
from typing import cast

from rcapp.benchmarks.member_figures import FigureTexts, join
from rcapp.benchmarks.stats import (
    KPI_PREFIX,
    SECTION_PREFIX,
    Member,
    MetricStats,
    metric_stats,
)
from rcapp.rubrics.model import Aggregation, Kpi
from rcapp.scoring import InputTotals
from rcapp.scoring.groups import missing_inputs
from rcapp.scoring.kpi_figures import formula_of, multiplier_of
from rcapp.scoring.rounding import ARITHMETIC, kpi_figures

Column = list[Decimal | None]


@dataclass
class CycleValues:
    """Every member's values: `columns[metric][position]`, positions in `members`' order."""

    members: list[Member]
    kpis: list[Sequence[Kpi]]  # each member's rubric KPIs, by position
    columns: dict[str, Column] = field(default_factory=dict)
    raws: dict[str, Column] = field(default_factory=dict)  # KPI id -> unrounded values
    _order: dict[int, list[str]] = field(default_factory=dict)  # id(kpis) -> KPI metrics
    _names: dict[int, frozenset[str]] = field(default_factory=dict)  # id(kpis) -> inputs
    lacking: list[frozenset[str]] = field(default_factory=list)  # the inputs each misses
    _full: dict[str, bool] = field(default_factory=dict)  # metric -> every member has a value

    def column(self, metric: str) -> Column:
        found = self.columns.get(metric)
        if found is None:
            found = self.columns[metric] = [None] * len(self.members)
        return found

    def full(self, metric: str) -> bool:
        """Whether every member has a value of the metric (no None in its column)."""
        found = self._full.get(metric)
        if found is None:
            found = self._full[metric] = not any(map(is_, self.columns[metric], repeat(None)))
        return found

    def kpi_metrics(self, position: int) -> list[str]:
        """Return the metrics of the KPIs of the member's rubric, in the rubric's order."""
        return self._order[id(self.kpis[position])]

    def names(self, position: int) -> frozenset[str]:
        """Return every input the KPIs of the member's rubric use."""
        return self._names[id(self.kpis[position])]

    def of(self, position: int) -> list[tuple[str, Decimal]]:
        """Return one member's values in `stats.member_values`' order (sections, then KPIs)."""
        member = self.members[position]
        found = [(SECTION_PREFIX + s, v) for s, v in member.sections.items() if v is not None]
        for metric in self.kpi_metrics(position):
            value = self.columns[metric][position]
            if value is not None:
                found.append((metric, value))
        return found


def cycle_values(members: Sequence[tuple[Member, Sequence[Kpi]]]) -> CycleValues:
    """Value every member: its section scores and its rubric's KPIs, KPI by KPI."""
    values = CycleValues([m for m, _ in members], [k for _, k in members])
    sections: dict[str, Column] = {}  # section id -> its column
    for position, member in enumerate(values.members):
        for section_id, score in member.sections.items():
            if score is not None:
                column = sections.get(section_id)
                if column is None:
                    column = sections[section_id] = values.column(SECTION_PREFIX + section_id)
                column[position] = score
    values.lacking = [frozenset()] * len(values.members)
    by_kpis: dict[int, list[int]] = {}  # positions per rubric's KPI tuple
    for position, kpis in enumerate(values.kpis):
        by_kpis.setdefault(id(kpis), []).append(position)
    for key, positions in by_kpis.items():
        kpis = values.kpis[positions[0]]
        values._order[key] = [KPI_PREFIX + kpi.id for kpi in kpis]
        names = frozenset().union(*(formula_of(kpi.formula).names for kpi in kpis))
        values._names[key] = names
        inputs = [values.members[p].kpi_inputs for p in positions]
        missing = []  # (index in `inputs`, the inputs it lacks) of the members lacking any
        for i, (position, own) in enumerate(zip(positions, inputs, strict=True)):
            lacking = values.lacking[position] = missing_inputs(names, own)
            if lacking:
                missing.append((i, lacking))
        with localcontext(ARITHMETIC):  # as kpi_figures.figures_of_many
            for kpi in kpis:
                raws = values.raws.setdefault(kpi.id, [None] * len(values.members))
                shown = values.column(KPI_PREFIX + kpi.id)
                _evaluate(kpi, positions, inputs, missing, shown, raws)
    return values


def _evaluate(
    kpi: Kpi,
    positions: Sequence[int],
    inputs: Sequence[Mapping[str, Decimal]],
    missing: Sequence[tuple[int, frozenset[str]]],
    shown: Column,
    raws: Column,
) -> None:
    # The caller has entered ARITHMETIC. kpi_figures._figure, one KPI for many members:
    # the members reporting every input are evaluated together (Formula.evaluate_all).
    # A member reports the formula's inputs when it lacks none of them (its `missing` are
    # those of all the rubric's inputs it lacks): tested on the few that lack any, rather
    # than a subset test per member and KPI.
    formula, multiplier = formula_of(kpi.formula), multiplier_of(kpi)
    names = formula.names
    left_out = {i for i, lacking in missing if not names.isdisjoint(lacking)}
    if left_out:
        reporting: Sequence[int] = [i for i in range(len(inputs)) if i not in left_out]
        found = formula.evaluate_all([inputs[i] for i in reporting])
    else:
        reporting = range(len(inputs))
        found = formula.evaluate_all(inputs)
        if len(inputs) == len(shown) and not any(map(is_, found, repeat(None))):
            # Every member of the cycle (positions 0, 1, ...) has a value: whole columns.
            every = cast(list[Decimal], found)
            primary = every if multiplier is None else [raw * multiplier for raw in every]
            shown[:] = kpi_figures(primary)
            raws[:] = every
            return
    computed = [
        (positions[i], raw) for i, raw in zip(reporting, found, strict=True) if raw is not None
    ]
    if multiplier is None:
        figures = kpi_figures([raw for _, raw in computed])
    else:
        figures = kpi_figures([raw * multiplier for _, raw in computed])
    for (position, raw), figure in zip(computed, figures, strict=True):
        shown[position] = figure
        raws[position] = raw


def group_statistics(
    values: CycleValues,
    positions: Sequence[int],
    min_size: int,
    whole: Callable[[str], Decimal | None] | None = None,
) -> dict[str, MetricStats]:
    """`stats.group_statistics` of the members at `positions` (in the group's order).

    The group's KPIs are its first member's rubric's, as there. `whole` returns an
    input's sum over the group as InputTotals adds it, when known (cell_sums).
    """
    if len(positions) < min_size:
        return {}
    kpis = values.kpis[positions[0]]
    by_kpi = {KPI_PREFIX + kpi.id: kpi for kpi in kpis}
    inputs = [values.members[p].kpi_inputs for p in positions]
    lacking = [values.lacking[p] for p in positions]
    totals = InputTotals(inputs, values.names(positions[0]), lacking, whole)
    found = {}
    for metric in sorted(values.columns):
        column = values.columns[metric]
        if values.full(metric):  # nothing to leave out: picked out without a test per value
            metric_values: list[Decimal] = list(map(column.__getitem__, positions))  # type: ignore[arg-type]
        else:
            metric_values = [v for v in map(column.__getitem__, positions) if v is not None]
        if not metric_values or len(metric_values) < min_size:
            continue
        kpi = by_kpi.get(metric)
        raws = None
        if kpi is not None and kpi.aggregation is Aggregation.SUM:
            raws = list(map(values.raws[kpi.id].__getitem__, positions))
        found[metric] = metric_stats(metric, metric_values, kpi, inputs, totals, raws)
    return found


def encoded(values: CycleValues, texts: FigureTexts) -> dict[int, str]:
    """Every member's stored text (member_figures), by organisation id; none without values.

    The text of `stats.member_values` in its order (sections, then the rubric's KPIs),
    written column by column: each value's piece is made once per column, and the
    members whose texts list the same metrics in the same order (the same rubric and
    section order: nearly all of a cycle) are joined row by row from their columns.
    """
    pieces = {metric: texts.pieces(metric, column) for metric, column in values.columns.items()}
    layouts: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    for position, member in enumerate(values.members):
        key = (id(values.kpis[position]), tuple(member.sections))
        found_layout = layouts.get(key)
        if found_layout is None:
            layouts[key] = [position]
        else:
            found_layout.append(position)
    texts_at: list[str | None] = [None] * len(values.members)
    for (_, section_ids), positions in layouts.items():
        metrics = [SECTION_PREFIX + section_id for section_id in section_ids]
        metrics += values.kpi_metrics(positions[0])
        shown = [pieces[metric] for metric in metrics if metric in pieces]
        if len(positions) < len(values.members):
            shown = [list(map(column.__getitem__, positions)) for column in shown]
        for position, row in zip(positions, zip(*shown, strict=True), strict=False):
            own = list(filter(None, row))  # a metric without a value has no piece
            if own:
                texts_at[position] = join(own)
    return {
        member.organisation_id: text
        for member, text in zip(values.members, texts_at, strict=True)
        if text is not None
    }
