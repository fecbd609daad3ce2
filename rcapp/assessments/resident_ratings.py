"""A park's resident companies rated three stars or more: the one count every page and report uses.

The park KPI input `companies_3star` (`computed: resident_companies_3star`), the park's
resident page, its scorecard and the annual workbook and report all read this count, so one
fact has one number. The rule:

- each company resident in the park counts with its latest submitted assessment of the year
  or of the rubric's `validity_years` before it (a rating stays valid that long; a draft or a
  returned assessment is no rating);
- that assessment's rating is the final one where its peer review is finished (the `final`
  scorecard), else its submitted self-assessment (provisional);
- a result not rated at all (a prerequisite unmet, a veto) is not three stars.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from rcapp import db
from rcapp.assessments.models import (
    Assessment,
    AssessmentStatus,
    ScorecardSnapshot,
    SnapshotKind,
)
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind
from rcapp.rubrics.app_registry import app_registry

THREE_STARS = 3


def resident_ratings(park_id: int, year: int, validity_years: int) -> dict[int, int | None]:
    """Return each rated resident company's current stars at the end of `year` (None: not rated).

    Companies without a submitted assessment in the validity window are left out.
    """
    final = aliased(ScorecardSnapshot)
    own = aliased(ScorecardSnapshot)
    rows = db.session().execute(
        select(
            Assessment.organisation_id,
            ReportingCycle.year,
            Assessment.stars,
            own.rated,
            final.stars,
            final.rated,
        )
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .outerjoin(own, (own.assessment_id == Assessment.id) & (own.kind == SnapshotKind.SELF))
        .outerjoin(
            final, (final.assessment_id == Assessment.id) & (final.kind == SnapshotKind.FINAL)
        )
        .where(
            Organisation.park_id == park_id,
            Organisation.kind == OrganisationKind.COMPANY,
            Assessment.status == AssessmentStatus.SUBMITTED,
            ReportingCycle.year.between(year - validity_years + 1, year),
        )
    )
    latest: dict[int, tuple[int, int | None]] = {}
    for organisation_id, cycle_year, self_stars, self_rated, final_stars, final_rated in rows:
        if organisation_id in latest and latest[organisation_id][0] >= cycle_year:
            continue
        if final_stars is not None:
            stars = None if final_rated is False else final_stars
        else:
            stars = None if self_rated is False else (self_stars or 0)
        latest[organisation_id] = (cycle_year, stars)
    return {organisation_id: stars for organisation_id, (_year, stars) in latest.items()}


def three_star_residents(park_id: int, year: int, validity_years: int) -> Decimal | None:
    """Count the resident companies rated three stars or more; None when none is rated in rcapp."""
    ratings = resident_ratings(park_id, year, validity_years)
    if not ratings:
        return None
    return Decimal(sum(1 for stars in ratings.values() if (stars or 0) >= THREE_STARS))


def validity_years(cycle: ReportingCycle) -> int:
    """Return how many years a resident's rating stays valid in `cycle` (its park rubric's rule)."""
    rubric = app_registry().get(cycle.park_rubric_id, cycle.park_rubric_version).rubric
    return rubric.rating.validity_years


def three_star_residents_in(park_id: int, cycle: ReportingCycle) -> int:
    """Count the park's residents rated three stars or more at the end of `cycle` (0: none)."""
    return int(three_star_residents(park_id, cycle.year, validity_years(cycle)) or 0)


def submitted_residents(park_id: int, cycle_id: int) -> int:
    """Count the park's resident companies that submitted their assessment of the cycle."""
    statement = (
        select(func.count(Assessment.id))
        .join(Organisation, Assessment.organisation_id == Organisation.id)
        .where(
            Organisation.park_id == park_id,
            Organisation.kind == OrganisationKind.COMPANY,
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
        )
    )
    return int(db.session().scalar(statement) or 0)
