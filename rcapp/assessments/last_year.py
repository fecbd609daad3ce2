"""Why last year's KPI figures are what they are on this year's KPI page (qa45 S4)."""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.reported import REPORTED_STATUS
from rcapp.cycles.models import ReportingCycle


def last_year_state(assessment: Assessment) -> str:
    """Say whether last year was reported, left unsubmitted, or had no assessment.

    "reported": that year was submitted (its figures count); "unsubmitted": the organisation
    had an assessment that year that was never submitted, so it counts in no result and the
    KPI page's 上年 column stays empty; "none": no assessment that year.
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
