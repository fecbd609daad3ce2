"""A year's peer reviews per working group, on the year page (qa87 1).

The secretariat's question "where do the peer reviews stand in each working group" meant
opening every group's review page in turn, or the internal annual workbook. Here each
group's submitted self-assessments are counted by where their peer review stands, by the
rules of the year's figures (review_filters): no reviewer assigned, in progress, not
finished at the close, finished. A group counts its members as the year's list filtered by
that group keeps them (organisations.queries.member_ids), so each number opens the list it
counts; an organisation in two groups counts in both, as both groups' review pages list it.
Read in three queries whatever the size of the year, none per group.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.review_filters import NOT_REVIEWED, progress_column
from rcapp.organisations.models import WorkingGroup
from rcapp.organisations.queries import groups_with_members
from rcapp.reviews.states import review_states


@dataclass(frozen=True)
class GroupReviewFigures:
    group: WorkingGroup
    submitted: int
    not_reviewed: int  # submitted, and no peer review set up (the close page's blocker)
    in_review: int
    frozen: int  # a closed year's: not finished at the close
    final: int


def group_review_figures(cycle_id: int) -> list[GroupReviewFigures]:
    """Count each working group's submitted self-assessments by review progress (module doc)."""
    submitted = db.session().execute(
        select(Assessment.id, Assessment.organisation_id).where(
            Assessment.cycle_id == cycle_id, Assessment.status == AssessmentStatus.SUBMITTED
        )
    )
    states = review_states(cycle_id)
    column_of: dict[int, str] = {}  # organisation id -> its progress column (NOT_REVIEWED: none)
    for assessment_id, organisation_id in submitted:
        column_of[organisation_id] = progress_column(states.get(assessment_id)) or NOT_REVIEWED
    figures = []
    for group in groups_with_members(None):
        if not group.organisations:  # a group nobody is in yet: nothing to follow
            continue
        counted = Counter(column_of[o.id] for o in group.organisations if o.id in column_of)
        figures.append(
            GroupReviewFigures(
                group=group,
                submitted=sum(counted.values()),
                not_reviewed=counted[NOT_REVIEWED],
                in_review=counted["in_review"],
                frozen=counted["frozen"],
                final=counted["final"],
            )
        )
    return figures
