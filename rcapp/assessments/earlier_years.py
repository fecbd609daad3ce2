"""Whether an organisation has a year before an assessment's to compare it with.

The years page (历年对比) lists an organisation's submitted years; an earlier year counts
only once submitted (assessments.reported), as every reader of earlier years takes it.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.assessments.reported import reported
from rcapp.cycles.models import ReportingCycle


def has_earlier_year(assessment: Assessment) -> bool:
    """Tell whether the organisation submitted an assessment of a year before this one's."""
    found = db.session().scalar(
        select(Assessment.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == assessment.organisation_id,
            ReportingCycle.year < assessment.cycle.year,
            reported(),
        )
        .limit(1)
    )
    return found is not None
