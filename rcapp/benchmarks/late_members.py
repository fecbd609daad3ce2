"""Members who submitted after the year's benchmarks were computed (qa20 D3).

The side-by-side table listed the members with computed values only: one that submitted
after the last computation was left out silently, while the review planning page listed
it. Each is listed now with its submitted self-assessment's section scores (what a
computation would store for it); its KPIs wait for the secretariat to compute again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.benchmarks.member_figures import column_rounding, encoder
from rcapp.benchmarks.models import MemberValues
from rcapp.benchmarks.queries import MemberAssessment, MemberName
from rcapp.benchmarks.services import section_scores
from rcapp.benchmarks.stats import section_metric
from rcapp.cycles.closed_groups import members_of
from rcapp.cycles.closed_parks import cycle_of
from rcapp.organisations.models import Organisation, OrganisationKind


@dataclass(frozen=True)
class LateMember:
    name: MemberName
    assessment: MemberAssessment
    figures: str  # its section scores, stored as a computation would (member_figures)
    submitted_at: dt.datetime | None


def late_members(cycle_id: int, group_id: int, kind: OrganisationKind) -> list[LateMember]:
    """List the group's members with a submitted assessment but no computed values, by id."""
    session = db.session()
    with_values = (
        select(MemberValues.id)
        .where(MemberValues.cycle_id == cycle_id, MemberValues.organisation_id == Organisation.id)
        .exists()
    )
    members = members_of(group_id, cycle_of(cycle_id))  # the year's (closed_groups)
    rows = session.execute(
        select(Organisation, Assessment)
        .join(Assessment, Assessment.organisation_id == Organisation.id)
        .where(
            Assessment.cycle_id == cycle_id,
            Assessment.status == AssessmentStatus.SUBMITTED,
            Organisation.kind == kind,
            Organisation.id.in_(members),
            ~with_values,
        )
        .order_by(Organisation.id)
    ).all()
    if not rows:
        return []
    bind = session.get_bind()
    encode = encoder(column_rounding(bind.dialect))
    found = []
    for organisation, assessment in rows:
        scores = section_scores(assessment)
        figures = encode(
            {section_metric(s): score for s, score in scores.items() if score is not None}
        )
        found.append(
            LateMember(
                MemberName(
                    organisation.id,
                    organisation.name_zh,
                    organisation.name_en,
                    organisation.name_sort,
                ),
                MemberAssessment(
                    assessment.id,
                    organisation.id,
                    assessment.overall_score,
                    assessment.stars,
                    assessment.rubric_id,
                    assessment.rubric_version,
                    assessment.rubric_sha256,
                ),
                figures,
                assessment.submitted_at,
            )
        )
    return found
