"""How many of a working group's members changed since the year's benchmarks were computed.

The group's statistics and its members' stored KPI values are those of the submitted
self-assessments when the year was last computed. A member that submitted (or resubmitted
after a return) since, or was returned since, is not what the figures count: the lead's
side-by-side page says how many, and may ask for a computation again. A finished peer
review changes no stored figure (the statistics are of the self-assessments; the final
stars are read live), so it is not counted.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ColumnElement, func, or_, select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.benchmarks.models import MemberValues
from rcapp.cycles.closed_groups import members_of
from rcapp.cycles.closed_parks import cycle_of
from rcapp.organisations.models import Organisation, OrganisationKind


def changed_members(
    cycle_id: int, group_id: int, kind: OrganisationKind, computed_at: dt.datetime | None
) -> int:
    """Count the group's members whose submitted self-assessment changed since `computed_at`.

    Submitted after it (or never computed: every submitted one without stored values), or
    stored by it and no longer submitted (returned since). None: never computed.
    """
    stored = (
        select(MemberValues.id)
        .where(MemberValues.cycle_id == cycle_id, MemberValues.organisation_id == Organisation.id)
        .exists()
    )
    submitted = Assessment.status == AssessmentStatus.SUBMITTED
    since: list[ColumnElement[bool]] = [submitted & ~stored]
    if computed_at is not None:
        since.append(submitted & (Assessment.submitted_at > computed_at))
    since.append(~submitted & stored)
    statement = (
        select(func.count(func.distinct(Organisation.id)))
        .select_from(Organisation)
        .join(Assessment, Assessment.organisation_id == Organisation.id)
        .where(
            Assessment.cycle_id == cycle_id,
            Organisation.kind == kind,
            Organisation.id.in_(members_of(group_id, cycle_of(cycle_id))),
            or_(*since),
        )
    )
    return db.session().scalar(statement) or 0
