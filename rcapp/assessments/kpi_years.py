"""Earlier years whose rubric version defined a KPI otherwise than this year's.

Their values of that KPI do not compare with this year's (the rule year over year uses,
rubrics.kpi_compare): a target may not take such a year as its base, and no progress is
computed from it.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import pinned_rubric
from rcapp.assessments.reported import REPORTED_STATUS, reported
from rcapp.cycles.models import ReportingCycle
from rcapp.rubrics.kpi_compare import comparable_kpis
from rcapp.rubrics.loader import RubricError
from rcapp.rubrics.model import Rubric


def incomparable_kpis(assessment: Assessment, rubric: Rubric) -> dict[int, frozenset[str]]:
    """Return, for each earlier reported year of the organisation, the KPIs it defined otherwise.

    Years with the same rubric version (or no KPI defined otherwise) are left out.
    """
    rows = db.session().execute(
        select(
            ReportingCycle.year,
            Assessment.rubric_id,
            Assessment.rubric_version,
            Assessment.rubric_sha256,
        )
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            ReportingCycle.year < assessment.cycle.year,
            reported(),  # the years kpi_history reads
        )
    )
    ours = frozenset(kpi.id for kpi in rubric.kpis)
    found: dict[int, frozenset[str]] = {}
    for year, rubric_id, version, sha256 in rows:
        if (rubric_id, version) == (rubric.id, rubric.version):
            continue
        try:
            earlier = pinned_rubric(rubric_id, version, sha256)
        except RubricError:
            continue  # a version no longer on disk: nothing to tell, as before it was kept
        other = ours - comparable_kpis(earlier, rubric)
        if other:
            found[year] = other
    return found


def last_year_state(assessment: Assessment) -> str:
    """Say why last year's KPI figures are what they are: reported, unsubmitted or none.

    "reported": that year was submitted (its figures count); "unsubmitted": the organisation
    had an assessment that year that was never submitted, so it counts in no result and the
    KPI page's 上年 column stays empty (qa45 S4); "none": no assessment that year.
    """
    status = db.session().scalar(
        select(Assessment.status)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            ReportingCycle.year == assessment.cycle.year - 1,
        )
    )
    if status is None:
        return "none"
    return "reported" if status == REPORTED_STATUS else "unsubmitted"
