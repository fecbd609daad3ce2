"""Read-only look-ups the report commands and pages share."""

from __future__ import annotations

from sqlalchemy import or_, select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation

MAX_ID_DIGITS = 9  # ids are 32-bit integers
MIN_YEAR, MAX_YEAR = 1900, 2999


def find_organisation(reference: str) -> Organisation | None:
    """Find an organisation by credit code, numeric id or exact Chinese/English name."""
    text = reference.strip()
    conditions = [
        Organisation.credit_code == text.upper(),
        Organisation.name_zh == text,
        Organisation.name_en == text,
    ]
    if text.isdigit() and len(text) <= MAX_ID_DIGITS:  # an all-digit credit code is no id
        conditions.append(Organisation.id == int(text))
    return db.session().scalars(select(Organisation).where(or_(*conditions))).first()


def find_cycle(year: int) -> ReportingCycle | None:
    if not MIN_YEAR <= year <= MAX_YEAR:  # PostgreSQL refuses integers out of range
        return None
    return db.session().scalar(select(ReportingCycle).where(ReportingCycle.year == year))


def find_assessment(organisation: Organisation, cycle: ReportingCycle) -> Assessment | None:
    return db.session().scalar(
        select(Assessment).where(
            Assessment.organisation_id == organisation.id, Assessment.cycle_id == cycle.id
        )
    )


def results_of_cycle(cycle: ReportingCycle) -> list[Assessment]:
    """List the cycle's results to publish: submitted assessments, by Chinese name.

    A draft, or one returned for revision, is no result (the annual report does not count
    it either): its scorecard is not sent out with the year's scorecards.
    """
    statement = (
        select(Assessment)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED)
        .order_by(Organisation.name_sort, Organisation.name_zh, Organisation.id)
    )
    return list(db.session().scalars(statement))
