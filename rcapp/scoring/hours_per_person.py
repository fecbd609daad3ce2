"""Hours worked per person cannot exceed the hours a year holds (pure: rubric and figures in).

A physical bound, not a rubric rule: 24 h × 366 days = 8,784 h per person a year. The rubric
names no "hours per person" KPI, so the pairs are recognised by the inputs' codes and units:
an hours input `hours_<scope>` (unit h) and a headcount input `headcount_<scope>` (unit
persons) of the same rubric count the same people (rc-company: "average of the month-end
headcounts, with the same scope as employee hours worked"). An input named otherwise, or
with another unit, is in no pair: no check rather than a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from rcapp.rubrics.model import KpiInput, Rubric

HOURS_IN_A_YEAR = Decimal(24 * 366)  # 8,784 h: every hour of a leap year
HOURS_PREFIX = "hours_"
HEADCOUNT_PREFIX = "headcount_"
HOUR_UNITS = frozenset({"h", "hours"})  # the rubrics' English unit of hours inputs
PERSON_UNITS = frozenset({"persons"})


@dataclass(frozen=True)
class HoursPair:
    """An hours input and the headcount input of the same people."""

    hours: KpiInput
    headcount: KpiInput

    @property
    def names(self) -> tuple[str, str]:
        return self.hours.id, self.headcount.id


def hours_pairs(rubric: Rubric) -> tuple[HoursPair, ...]:
    """Return the rubric's (hours, headcount) input pairs, recognised by code and unit."""
    by_id = {kpi_input.id: kpi_input for kpi_input in rubric.kpi_inputs}
    pairs = []
    for kpi_input in rubric.kpi_inputs:
        if not kpi_input.id.startswith(HOURS_PREFIX) or kpi_input.unit.en not in HOUR_UNITS:
            continue
        scope = kpi_input.id.removeprefix(HOURS_PREFIX)
        headcount = by_id.get(HEADCOUNT_PREFIX + scope)
        if headcount is not None and headcount.unit.en in PERSON_UNITS:
            pairs.append(HoursPair(kpi_input, headcount))
    return tuple(pairs)


def hours_per_person(hours: Decimal | None, headcount: Decimal | None) -> Decimal | None:
    """Return hours ÷ headcount; None when either is missing or nobody is counted."""
    if hours is None or headcount is None or headcount <= 0:
        return None
    return hours / headcount


def over_a_year(pair: HoursPair, values: Mapping[str, Decimal | None]) -> Decimal | None:
    """Return the pair's hours per person when above a year's hours, else None."""
    per_person = hours_per_person(values.get(pair.hours.id), values.get(pair.headcount.id))
    if per_person is None or per_person <= HOURS_IN_A_YEAR:
        return None
    return per_person
