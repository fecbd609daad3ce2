"""An earlier year beside a review world's: the three-year series the KPI ladder reads."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.cycles.models import CycleStatus, ReportingCycle
from tests.factories import FULL_KPIS, make_cycle
from tests.factories_reviews import ReviewWorld


def closed_2023(db_session: Session, world: ReviewWorld) -> ReportingCycle:
    """2023, closed, with every company's full KPI data submitted (not flushed).

    With the world's 2024 and its open year, the ladder's upper rungs read the median.
    """
    older = make_cycle(year=2023)
    for company, member in zip(world.companies, world.members, strict=True):
        earlier = services.get_or_start_assessment(company, older, member)
        services.save_kpi_inputs(earlier, rubric_of(earlier), FULL_KPIS, member)
    # Earlier years count only when submitted (the world's 2024 is KPI data only, a draft).
    db_session.execute(
        update(Assessment)
        .where(
            Assessment.organisation_id.in_([c.id for c in world.companies]),
            Assessment.cycle_id != world.cycle.id,
        )
        .values(status=AssessmentStatus.SUBMITTED)
    )
    older.status = CycleStatus.CLOSED
    return older
