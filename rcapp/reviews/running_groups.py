"""Which groups run an organisation's reviews not final yet (organisations.hooks, qa45 D3).

A review stays with the group that runs it when its organisation leaves the group; the
organisation's edit form asks before a save removes it from such a group.
"""

from __future__ import annotations

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.reviews.models import Review, ReviewStatus


def running_reviews(organisation_id: int) -> dict[int, list[int]]:
    """Map each group id to the years of the organisation's reviews it runs, not final."""
    rows = db.session().execute(
        select(Review.working_group_id, ReportingCycle.year)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
        .where(
            Assessment.organisation_id == organisation_id,
            Review.working_group_id.is_not(None),
            Review.status != ReviewStatus.FINAL,
            ReportingCycle.status == CycleStatus.OPEN,  # a closed year's stopped with it
        )
        .order_by(ReportingCycle.year)
    )
    found: dict[int, list[int]] = {}
    for group_id, year in rows:
        if group_id is not None:
            found.setdefault(group_id, []).append(year)
    return found
