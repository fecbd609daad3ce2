"""The raw KPI inputs of a run of years' submitted results, each with its pinned rubric.

The annual report's trends pool them per year; the workbook's index KPIs (a group figure
against the base year = 100) need the base year's, as the report computes them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.computed_kpis import with_computed
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue
from rcapp.assessments.queries import registry
from rcapp.cycles.models import ReportingCycle
from rcapp.reports.annual_pool import PinnedInputs
from rcapp.rubrics.model import Rubric

TREND_YEARS = 5


def trend_years(year: int) -> tuple[int, ...]:
    """Return the years the report's trends cover, ending with `year`."""
    return tuple(range(year - TREND_YEARS + 1, year + 1))


def base_year(inputs: dict[int, list[PinnedInputs]], years: tuple[int, ...]) -> int:
    """Return the first of `years` with a submitted result: the report's base year."""
    return next((y for y in years if inputs.get(y)), years[-1])


def inputs_by_year(years: tuple[int, ...]) -> dict[int, list[PinnedInputs]]:
    """Raw KPI inputs of submitted assessments and their pinned rubrics, per year (one query).

    Submitted now, as everywhere else the year's figures count: one returned for revision
    (submitted once) is not a result until it is submitted again. An assessment without
    inputs reports none of its KPIs but still counts in their totals.
    """
    statement = (
        select(
            ReportingCycle.year,
            Assessment.id,
            Assessment.organisation_id,
            Assessment.rubric_id,
            Assessment.rubric_version,
            KpiValue.input_id,
            KpiValue.value,
        )
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .outerjoin(KpiValue, KpiValue.assessment_id == Assessment.id)
        .where(ReportingCycle.year.in_(years), Assessment.status == AssessmentStatus.SUBMITTED)
    )
    pinned: dict[int, tuple[int, int, Rubric]] = {}
    values: dict[int, dict[str, Decimal]] = defaultdict(dict)
    rubrics: dict[tuple[str, int], Rubric] = {}
    for row in db.session().execute(statement):
        year, assessment_id, organisation_id, rubric_id, version, input_id, value = row
        if (rubric_id, version) not in rubrics:
            rubrics[rubric_id, version] = registry().get(rubric_id, version).rubric
        pinned[assessment_id] = (year, organisation_id, rubrics[rubric_id, version])
        if input_id is not None:
            values[assessment_id][input_id] = value
    per: dict[int, list[PinnedInputs]] = defaultdict(list)
    for assessment_id, (year, organisation_id, rubric) in pinned.items():
        # rcapp's own figures over the typed ones, as every other page (qa17 D2).
        inputs = with_computed(organisation_id, year, rubric, values[assessment_id])
        per[year].append(PinnedInputs(rubric, inputs, organisation_id))
    return per
