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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, localcontext

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
from rcapp.scoring.rounding import ARITHMETIC, kpi_figure

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

    def column(self, metric: str) -> Column:
        found = self.columns.get(metric)
        if found is None:
            found = self.columns[metric] = [None] * len(self.members)
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
    for position, member in enumerate(values.members):
        for section_id, score in member.sections.items():
            if score is not None:
                values.column(SECTION_PREFIX + section_id)[position] = score
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
        for position, own in zip(positions, inputs, strict=True):
            values.lacking[position] = missing_inputs(names, own)
        with localcontext(ARITHMETIC):  # as kpi_figures.figures_of_many
            for kpi in kpis:
                raws = values.raws.setdefault(kpi.id, [None] * len(values.members))
                _evaluate(kpi, positions, inputs, values.column(KPI_PREFIX + kpi.id), raws)
    return values


def _evaluate(
    kpi: Kpi,
    positions: Sequence[int],
    inputs: Sequence[Mapping[str, Decimal]],
    shown: Column,
    raws: Column,
) -> None:
    # The caller has entered ARITHMETIC. kpi_figures._figure, one KPI for many members:
    # the members reporting every input are evaluated together (Formula.evaluate_all).
    formula, multiplier = formula_of(kpi.formula), multiplier_of(kpi)
    names = formula.names
    reporting = [i for i, values in enumerate(inputs) if names <= values.keys()]
    found = formula.evaluate_all([inputs[i] for i in reporting])
    for i, raw in zip(reporting, found, strict=True):
        if raw is not None:
            position = positions[i]
            shown[position] = kpi_figure(raw if multiplier is None else raw * multiplier)
            raws[position] = raw


def group_statistics(
    values: CycleValues, positions: Sequence[int], min_size: int
) -> dict[str, MetricStats]:
    """`stats.group_statistics` of the members at `positions` (in the group's order).

    The group's KPIs are its first member's rubric's, as there.
    """
    if len(positions) < min_size:
        return {}
    kpis = values.kpis[positions[0]]
    by_kpi = {KPI_PREFIX + kpi.id: kpi for kpi in kpis}
    inputs = [values.members[p].kpi_inputs for p in positions]
    lacking = [values.lacking[p] for p in positions]
    totals = InputTotals(inputs, values.names(positions[0]), lacking)
    found = {}
    for metric in sorted(values.columns):
        column = values.columns[metric]
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
    written column by column: each value's piece is made once per column.
    """
    pieces = {metric: texts.pieces(metric, column) for metric, column in values.columns.items()}
    section_metrics: dict[str, str] = {}
    found = {}
    for position, member in enumerate(values.members):
        own: list[str] = []
        for section_id in member.sections:
            section = section_metrics.get(section_id)
            if section is None:
                section = section_metrics[section_id] = SECTION_PREFIX + section_id
            section_pieces = pieces.get(section)
            if section_pieces is not None and (piece := section_pieces[position]) is not None:
                own.append(piece)
        for kpi_metric in values.kpi_metrics(position):
            if (piece := pieces[kpi_metric][position]) is not None:
                own.append(piece)
        if own:
            found[member.organisation_id] = join(own)
    return found
