"""The stars a short run of KPI reporting caps this year's rating at, known before answering.

A band that asks for core KPIs reported several consecutive years (rubric condition
`kpis_reported`) cannot be reached by an organisation whose run, this year included, is
shorter: a first-year signatory reads "at most 1 star" on its result page only after
submitting (qa50 #7). The cap follows from the rubric and the earlier years alone, so the
overview can say it before a single item is answered.

A newly joined organisation may still fill in earlier years it had no assessment in (补录,
rcapp.assessments.kpi_backfill): those years lengthen the run this year, so the cap names
them as this year's way up instead of "not this year" (qa backfillcap #1, #3).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from rcapp.rubrics.model import KpisReported, Rubric
from rcapp.scoring.cycle import core_inputs
from rcapp.scoring.stars import counted_run


@dataclass(frozen=True)
class HistoryCap:
    """At most `stars` this year: the band above needs `required` years, this year gives `years`.

    `to_fill`: the earlier years still offered for backfill whose core KPI data would
    lengthen the run; filled, the cap becomes `stars_after` (None: no cap left; only
    meaningful with `to_fill`). `missing`: the core KPI inputs this year still lacks: until
    they are filled the run counts `counted` years, not `years` (stars.counted_run).
    """

    stars: int
    required: int
    years: int  # consecutive years of core KPI reporting this year can make, itself included
    to_fill: tuple[int, ...] = ()
    stars_after: int | None = None
    missing: int = 0

    @property
    def counted(self) -> int:
        """The run as the result page counts it now: this year only once it is complete."""
        return counted_run(self.years - 1, self.missing)

    @property
    def years_after(self) -> int:
        """The run this year makes once `to_fill` is filled in."""
        return self.years + len(self.to_fill)


def history_cap(
    rubric: Rubric,
    year: int,
    reported: Collection[int],
    offered: Collection[int] = (),
    missing: int = 0,
) -> HistoryCap | None:
    """Return the cap the KPI-reporting run puts on this year's stars; None when there is none.

    `reported`: the earlier years with every core KPI input (own assessment or backfill);
    `offered`: the earlier years backfill may still fill in (filled or not); `missing`:
    the core KPI inputs this year still lacks.
    """
    before = _run(year, reported)
    cap = _cap(rubric, before + 1)
    if cap is None:
        return None
    stars, required = cap
    reachable = _run(year, set(reported) | set(offered))
    after = _cap(rubric, reachable + 1)
    # the shortest run that lifts the cap as far as backfill can: no year asked for in vain
    needed = min(n for n in range(before, reachable + 1) if _cap(rubric, n + 1) == after)
    to_fill = tuple(y for y in range(year - needed, year) if y not in reported)
    if not to_fill:
        return HistoryCap(stars, required, before + 1, missing=missing)
    stars_after = None if after is None else after[0]
    return HistoryCap(stars, required, before + 1, to_fill, stars_after, missing)


def fillable_years(year: int, reported: Collection[int], offered: Collection[int]) -> int:
    """Count the years backfill may still add just before the run reported up to `year`."""
    return _run(year, set(reported) | set(offered)) - _run(year, reported)


def _run(year: int, years: Collection[int]) -> int:
    """Count the consecutive years in `years` just before `year`."""
    count = 0
    while year - count - 1 in years:
        count += 1
    return count


def _cap(rubric: Rubric, years: int) -> tuple[int, int] | None:
    """Return (stars at most, years the band above needs) for a run of `years`; None: no cap."""
    out_of_reach = [
        (band.stars, condition.years)
        for band in rubric.rating.bands
        for condition in band.conditions
        if isinstance(condition, KpisReported) and condition.years > years
    ]
    if not out_of_reach:
        return None
    stars, required = min(out_of_reach)
    return stars - 1, required


def reported_years(rubric: Rubric, history: Mapping[int, Mapping[str, object]]) -> frozenset[int]:
    """Return the earlier years of `history` with every core KPI's inputs (as the run counts)."""
    needed = core_inputs(rubric)
    return frozenset(year for year, inputs in history.items() if needed and needed <= inputs.keys())


def missing_core_count(rubric: Rubric, inputs: Mapping[str, object]) -> int:
    """Count the core KPIs' inputs `inputs` lacks (this year's, for `missing`)."""
    return len(core_inputs(rubric) - inputs.keys())
