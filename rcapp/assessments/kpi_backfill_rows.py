"""Read an organisation's backfilled KPI inputs of earlier years (往年数据（补录）, qa63).

A company that joins mid-way has no assessment in the years before, so its core KPIs had
no series for three years. It may enter those years' core KPI inputs, self-declared, with
a later year's assessment (rcapp.assessments.kpi_backfill). The one rule every reader of
earlier years applies to them:

- a year with a reported assessment keeps that assessment's data: a backfill never stands
  in for, or beside, what a year's own assessment reported;
- a year-Y assessment reads only backfills entered with an assessment of year Y or
  earlier, so a result already worked out does not change because of a later backfill.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

from sqlalchemy import Select, bindparam, exists, select

from rcapp import db
from rcapp.assessments.models import Assessment, KpiBackfill
from rcapp.cycles.models import ReportingCycle
from rcapp.rubrics.model import KpiInput, Rubric
from rcapp.scoring.cycle import core_inputs

# The ladder's trend rungs want a three-year series: this year and the two before it.
BACKFILL_YEARS = 2


def backfill_candidates(year: int) -> tuple[int, ...]:
    """Return the earlier years a year-`year` assessment may backfill, oldest first."""
    return tuple(range(year - BACKFILL_YEARS, year))


def backfill_inputs(rubric: Rubric) -> tuple[KpiInput, ...]:
    """Return the inputs a backfill takes: those of the core KPIs (all the ladder reads)."""
    core = core_inputs(rubric)
    return tuple(kpi_input for kpi_input in rubric.kpi_inputs if kpi_input.id in core)


def assessed_years(organisation_id: int, years: Collection[int]) -> frozenset[int]:
    """Return those of `years` the organisation has an assessment in (of any status)."""
    rows = db.session().scalars(
        select(ReportingCycle.year)
        .join(Assessment, Assessment.cycle_id == ReportingCycle.id)
        .where(Assessment.organisation_id == organisation_id, ReportingCycle.year.in_(years))
    )
    return frozenset(rows)


def backfill_rows(organisation_id: int, year: int) -> dict[int, dict[str, KpiBackfill]]:
    """Return the backfills a year-`year` assessment reads: earlier year → input id → row."""
    rows = db.session().scalars(
        select(KpiBackfill).where(
            KpiBackfill.organisation_id == organisation_id,
            KpiBackfill.year < year,
            KpiBackfill.entered_year <= year,
        )
    )
    found: dict[int, dict[str, KpiBackfill]] = {}
    for row in rows:
        found.setdefault(row.year, {})[row.input_id] = row
    return found


_backfills = KpiBackfill.__table__.c
_assessments = Assessment.__table__.c
_cycles = ReportingCycle.__table__.c
# The backfilled inputs a year-`year` assessment reads, as backfill_values selects them, for
# a page that folds them into a statement it runs anyway (queries.kpi_inputs_compared):
# bound "organisation_id" and "year"; columns year, input_id, value.
READ_BACKFILLS: Select[tuple[int, str, Decimal]] = select(
    _backfills.year, _backfills.input_id, _backfills.value
).where(
    _backfills.organisation_id == bindparam("organisation_id"),
    _backfills.year < bindparam("year"),
    _backfills.entered_year <= bindparam("year"),
    ~exists()
    .where(
        _assessments.organisation_id == _backfills.organisation_id,
        _assessments.cycle_id == _cycles.id,
        _cycles.year == _backfills.year,
    )
    .correlate_except(Assessment.__table__, ReportingCycle.__table__),
)


def backfill_values(organisation_id: int, year: int) -> dict[int, dict[str, Decimal]]:
    """Return the backfilled years' inputs a year-`year` assessment reads: year → input → value.

    A year the organisation has an assessment in (reported or not) is left out: its own
    assessment's data count, or none (a backfill entered before it was started).
    """
    rows = backfill_rows(organisation_id, year)
    if not rows:
        return {}
    assessed = assessed_years(organisation_id, rows.keys())
    return {
        y: {input_id: row.value for input_id, row in inputs.items()}
        for y, inputs in rows.items()
        if y not in assessed
    }


def backfilled_years(organisation_id: int, year: int) -> tuple[int, ...]:
    """Return the earlier years whose KPI inputs a year-`year` assessment reads as backfill."""
    return tuple(sorted(backfill_values(organisation_id, year)))


def backfill_filled(rubric: Rubric, organisation_id: int, year: int) -> dict[int, int]:
    """Return how many of the backfill's inputs each backfilled year holds: year → count.

    A year counts in the run of reported years only with all of them (scoring.cycle), so
    the KPI page says "2 / 19", not just "added" (backfillcap #2).
    """
    return filled_counts(rubric, backfill_values(organisation_id, year))


def filled_counts(rubric: Rubric, backfilled: Mapping[int, Collection[str]]) -> dict[int, int]:
    """Count the backfill's inputs among each year's input ids: year → count."""
    wanted = {kpi_input.id for kpi_input in backfill_inputs(rubric)}
    return {year: len(wanted & set(ids)) for year, ids in backfilled.items()}
