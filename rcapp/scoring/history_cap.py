"""The stars a short run of KPI reporting caps this year's rating at, known before answering.

A band that asks for core KPIs reported several consecutive years (rubric condition
`kpis_reported`) cannot be reached by an organisation whose run, this year included, is
shorter: a first-year signatory reads "at most 1 star" on its result page only after
submitting (qa50 #7). The cap follows from the rubric and the earlier years alone, so the
overview can say it before a single item is answered.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp.rubrics.model import KpisReported, Rubric


@dataclass(frozen=True)
class HistoryCap:
    """At most `stars` this year: the band above needs `required` years, this year gives `years`."""

    stars: int
    required: int
    years: int  # consecutive years of core KPI reporting this year can make, itself included


def history_cap(rubric: Rubric, years_before: int) -> HistoryCap | None:
    """Return the cap the KPI-reporting run puts on this year's stars; None when there is none."""
    years = years_before + 1
    out_of_reach = [
        (band.stars, condition.years)
        for band in rubric.rating.bands
        for condition in band.conditions
        if isinstance(condition, KpisReported) and condition.years > years
    ]
    if not out_of_reach:
        return None
    stars, required = min(out_of_reach)
    return HistoryCap(stars - 1, required, years)
