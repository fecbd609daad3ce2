"""KPI values for one organisation-year, and the KPI performance ladder of domain.md 8.1.

A rate KPI's formula gives events per hour; its value is shown per each listed basis
(model.BASIS_MULTIPLIERS) and the first basis is its primary one: group statistics and
thresholds are in the primary basis. The value of an `index` KPI for one organisation
is its formula's value; the index to a base year exists only for groups (groups.py).

Ladder per core KPI (each rung needs the ones below it):
0 not reported; 1 reported; 2 also reported in each of the `series_years` - 1 years
before; 3 also strictly better than the group median, or improved by at least
`improvement_pct` % on the year before (the change computed from the unrounded figures of
both years, as the KPI page computes it, never from the rounded ones shown); 4 also in
the top quartile (at or below the first quartile when lower is better, at or above the
third when higher is) and no worse than the year before. A lower-is-better KPI held at
zero this year and the year before (no fatalities, say) is at its best possible value: it
counts as better than any median and in the top quartile, so a spotless record is never
held at rung 2. KP = mean rung / 4 x 100.

An earlier year whose rubric version defined the KPI otherwise (another formula, inputs
or hour basis: rubrics.kpi_compare, AssessmentInputs.kpi_incomparable) does not compare
with this year: it counts neither towards the series nor as last year for the change,
even when this year's formula could be evaluated on that year's inputs. The same rule
marks that year "not comparable" on the result page, the PDF, the workbook and year over
year, so a rung never rests on a year those show as not comparable.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from rcapp.rubrics.model import BASIS_MULTIPLIERS, Direction, Kpi, KpiPerformance, Rubric
from rcapp.scoring.kpi_figures import KpiFigure, formula_of, kpi_figure_of
from rcapp.scoring.model import GroupStats, KpiInputs
from rcapp.scoring.rounding import ARITHMETIC, HUNDRED, kpi_figure
from rcapp.scoring.scorecard import BasisValue, KpiLadderFacts, KpiLevel, KpiStatus, KpiValue

# Figures already computed: year → KPI id → figure (what the ladder may reuse).
KnownFigures = Mapping[int, Mapping[str, KpiFigure]]
_EMPTY: KpiInputs = {}


def formula_names(kpi: Kpi) -> frozenset[str]:
    """Return the input ids the KPI's formula uses."""
    return formula_of(kpi.formula).names


def raw_kpi(kpi: Kpi, values: KpiInputs) -> Decimal | None:
    """Evaluate the formula unrounded, without a basis; None when missing or not computable."""
    with localcontext(ARITHMETIC):
        return formula_of(kpi.formula).evaluate(values)


def primary(kpi: Kpi, raw: Decimal) -> Decimal:
    """Put an unrounded formula value in the KPI's primary basis (unrounded)."""
    with localcontext(ARITHMETIC):
        return raw * BASIS_MULTIPLIERS[kpi.bases[0]] if kpi.bases else raw


def kpi_value(kpi: Kpi, values: KpiInputs, figure: KpiFigure | None = None) -> KpiValue:
    """Evaluate the KPI for one set of inputs, rounded by rounding.kpi_figure.

    `figure` is kpi_figure_of(kpi, values) when the caller has it already.
    """
    found = kpi_figure_of(kpi, values) if figure is None else figure
    missing = (
        tuple(sorted(formula_names(kpi) - values.keys()))
        if found.status is KpiStatus.NOT_REPORTED
        else ()
    )
    return KpiValue(
        kpi_id=kpi.id,
        name=kpi.name,
        unit=kpi.unit,
        better=kpi.better,
        core=kpi.core,
        status=found.status,
        value=found.value,
        by_basis=() if found.raw is None else basis_values(kpi, found.raw),
        missing_inputs=missing,
    )


def gate_value(kpi: Kpi, figure: KpiFigure) -> KpiValue:
    """Return the KpiValue the star gates read: status and value, no per-basis figures.

    For rating many assessments at once (scoring.cycle), where the scorecard is not shown.
    """
    return KpiValue(kpi.id, kpi.name, kpi.unit, kpi.better, kpi.core, figure.status, figure.value)


def basis_values(kpi: Kpi, raw: Decimal) -> tuple[BasisValue, ...]:
    with localcontext(ARITHMETIC):
        return tuple(
            BasisValue(basis, kpi_figure(raw * BASIS_MULTIPLIERS[basis])) for basis in kpi.bases
        )


def is_better(better: Direction, value: Decimal, other: Decimal, *, strict: bool) -> bool:
    """Whether `value` is better than (or, not strict, as good as) `other`."""
    if value == other:
        return not strict
    return value < other if better is Direction.LOWER else value > other


def in_top_quartile(better: Direction, value: Decimal, stats: GroupStats) -> bool:
    if better is Direction.LOWER:
        return value <= kpi_figure(stats.first_quartile)
    return value >= kpi_figure(stats.third_quartile)


def improvement_pct(better: Direction, value: Decimal, before: Decimal) -> Decimal | None:
    """Return the % improvement on `before` (negative when worse); None when `before` is 0."""
    if before == 0:
        return None
    with localcontext(ARITHMETIC):
        change = (value - before) / abs(before) * HUNDRED
    return -change if better is Direction.LOWER else change


def kpi_level(
    kpi: Kpi,
    scheme: KpiPerformance,
    year: int,
    history: Mapping[int, KpiInputs],
    stats: GroupStats | None,
    known: KnownFigures | None = None,
    incomparable: Mapping[int, frozenset[str]] | None = None,
) -> KpiLevel:
    """Place one core KPI on the ladder; `history` includes this `year`.

    Each year's figure is computed once (taken from `known` when it is there).
    `incomparable` maps earlier years to the KPIs their rubric version defined otherwise.
    """
    figures: dict[int, KpiFigure] = {}
    other = incomparable or {}

    def comparable(when: int) -> bool:
        return kpi.id not in other.get(when, frozenset())

    def at(when: int) -> KpiFigure:
        found = figures.get(when)
        if found is None:
            found = None if known is None else known.get(when, {}).get(kpi.id)
            if found is None:
                found = kpi_figure_of(kpi, history.get(when, _EMPTY))
            figures[when] = found
        return found

    current = at(year)
    if current.status is KpiStatus.NOT_REPORTED:
        return KpiLevel(kpi.id, 0, "not reported", KpiLadderFacts())
    earlier = range(year - scheme.series_years + 1, year)
    gaps = [y for y in earlier if comparable(y) and at(y).status is KpiStatus.NOT_REPORTED]
    otherwise = [y for y in earlier if not comparable(y)]
    if gaps or otherwise:
        why = [f"{y} missing" for y in gaps] + [f"{y} defined otherwise" for y in otherwise]
        return KpiLevel(
            kpi.id,
            1,
            f"reported; no {scheme.series_years}-year series ({', '.join(why)})",
            KpiLadderFacts(missing_years=tuple(gaps), incomparable_years=tuple(otherwise)),
        )
    series = f"reported for {scheme.series_years} years"
    if current.value is None:
        return KpiLevel(kpi.id, 2, f"{series}; not computable this year", KpiLadderFacts())
    # The series (at least 2 years: rubrics.model.KpiPerformance) holds last year, so
    # last year compares here. The change is computed from the unrounded figures (qa17 D5):
    # 0.43 after 0.89 shown is 51.09 % better, not the 51.69 % the shown figures give.
    last = at(year - 1)
    change = (
        None
        if current.raw is None or last.raw is None
        else improvement_pct(kpi.better, current.raw, last.raw)
    )
    return _upper_rungs(kpi, scheme, current.value, last.value, change, stats, series)


def _upper_rungs(
    kpi: Kpi,
    scheme: KpiPerformance,
    value: Decimal,
    before: Decimal | None,
    change: Decimal | None,
    stats: GroupStats | None,
    series: str,
) -> KpiLevel:
    """Rungs 2 to 4: `value` and `before` as shown; `change` from the unrounded figures."""
    median = None if stats is None else kpi_figure(stats.median)
    beats_median = median is not None and is_better(kpi.better, value, median, strict=True)
    improved = change is not None and change >= scheme.improvement_pct
    held_at_zero = kpi.better is Direction.LOWER and value == 0 and before == 0
    top = held_at_zero or (stats is not None and in_top_quartile(kpi.better, value, stats))
    steady = before is not None and is_better(kpi.better, value, before, strict=False)
    facts = KpiLadderFacts(
        median=median,
        change_pct=None if change is None else kpi_figure(change),
        beats_median=beats_median,
        improved=improved,
        held_at_zero=held_at_zero,
        top_quartile=top,
        steady=steady,
    )
    if not (beats_median or improved or held_at_zero):
        versus = "no group median" if median is None else f"not better than the median {median}"
        trend = "no change known" if change is None else f"change {kpi_figure(change)}%"
        return KpiLevel(
            kpi.id, 2, f"{series}; {versus}; {trend} (needs {scheme.improvement_pct}%)", facts
        )
    if held_at_zero:
        why = "zero this year and last year"
    elif beats_median:
        why = f"better than the median {median}"
    else:
        why = f"improved {kpi_figure(change or Decimal(0))}%"
    if top and steady:
        return KpiLevel(kpi.id, 4, f"{why}; top quartile and not deteriorating", facts)
    missing = "not in the top quartile" if not top else "deteriorating on last year"
    return KpiLevel(kpi.id, 3, f"{why}; {missing}", facts)


def kpi_levels(
    rubric: Rubric,
    year: int,
    inputs: KpiInputs,
    history: Mapping[int, KpiInputs],
    group_stats: Mapping[str, GroupStats],
    known: KnownFigures | None = None,
    incomparable: Mapping[int, frozenset[str]] | None = None,
) -> tuple[KpiLevel, ...]:
    """Ladder every core KPI; `history` holds earlier years, `inputs` this year's.

    `known` holds figures the caller computed already (year → KPI id → figure of that
    year's inputs), so that no KPI is evaluated twice for the same year. `incomparable`
    maps earlier years to the KPIs their rubric version defined otherwise (never counted).
    """
    all_years = {**history, year: inputs}
    scheme = rubric.rating.kpi_performance
    return tuple(
        kpi_level(kpi, scheme, year, all_years, group_stats.get(kpi.id), known, incomparable)
        for kpi in rubric.kpis
        if kpi.core
    )


def kpi_performance(levels: tuple[KpiLevel, ...]) -> Decimal | None:
    """Return KP unrounded: mean rung / 4 x 100; None without core KPIs."""
    if not levels:
        return None
    with localcontext(ARITHMETIC):
        return Decimal(sum(level.level for level in levels)) * HUNDRED / (4 * len(levels))
