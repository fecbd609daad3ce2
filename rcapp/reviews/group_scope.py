"""Which reviews a working group runs, and its reviewers' load in them and elsewhere.

A review belongs to the group it was set up in (`Review.working_group_id`); one from
before groups were kept, or whose group was since deleted, belongs to every group of the
organisation (as `permissions.leads_review_of` reads it). A group's calibration and its
reviewers' workload count only the reviews it runs: a member may be reviewed by another
of its groups, and that review is the other lead's business.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select

from rcapp import db
from rcapp.assessments.models import Assessment
from rcapp.cycles.closed_groups import member_ids
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewStatus


def _existing_groups(ids: Iterable[int | None]) -> set[int]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    found = db.session().scalars(select(WorkingGroup.id).where(WorkingGroup.id.in_(wanted)))
    return set(found)


def _member_ids(group: WorkingGroup, cycle: ReportingCycle | None) -> set[int]:
    """Return the group's members in the year (a closed year: at its close; None: today)."""
    return member_ids(group.id, cycle)


def _runs(group_id: int, owner: int | None, organisation_id: int, members: set[int]) -> bool:
    """Say whether the group runs it: set up in it, or in no (existing) group and a member's."""
    if owner is not None:
        return owner == group_id
    return organisation_id in members


def reviews_run_by(
    group: WorkingGroup, reviews: Iterable[Review], cycle: ReportingCycle | None
) -> list[Review]:
    """Keep the reviews the group runs (all of the year `cycle`), in the order given."""
    reviews = list(reviews)
    existing = _existing_groups(r.working_group_id for r in reviews)
    members = _member_ids(group, cycle)
    return [
        r
        for r in reviews
        if _runs(
            group.id,
            r.working_group_id if r.working_group_id in existing else None,
            r.assessment.organisation_id,
            members,
        )
    ]


@dataclass(frozen=True)
class Load:
    """A reviewer's assignments in one year: in the group's reviews, and in other groups'."""

    open: int = 0
    submitted: int = 0
    open_elsewhere: int = 0
    submitted_elsewhere: int = 0


def counts_in_workload() -> ColumnElement[bool]:
    """Whether an assignment counts in a reviewer's workload: submitted, or its review open.

    One left unsubmitted on a final review (before finalising withdrew them, qa20 D4) is
    nobody's work any more.
    """
    return or_(
        ReviewAssignment.status == AssignmentStatus.SUBMITTED,
        Review.status != ReviewStatus.FINAL,
    )


def group_workload(group: WorkingGroup, cycle: ReportingCycle) -> dict[int, Load]:
    """Per reviewer id: their open and submitted assignments in the year, here and elsewhere."""
    rows = list(
        db.session().execute(
            select(
                ReviewAssignment.reviewer_id,
                ReviewAssignment.status,
                Review.working_group_id,
                Assessment.organisation_id,
                func.count(),
            )
            .join(Review, ReviewAssignment.review_id == Review.id)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .where(Assessment.cycle_id == cycle.id, counts_in_workload())
            .group_by(
                ReviewAssignment.reviewer_id,
                ReviewAssignment.status,
                Review.working_group_id,
                Assessment.organisation_id,
            )
        )
    )
    existing = _existing_groups(row[2] for row in rows)
    members = _member_ids(group, cycle)
    counts: dict[int, list[int]] = {}
    for reviewer_id, status, owner, organisation_id, count in rows:
        here = _runs(group.id, owner if owner in existing else None, organisation_id, members)
        slot = (0 if here else 2) + (1 if status is AssignmentStatus.SUBMITTED else 0)
        counts.setdefault(reviewer_id, [0, 0, 0, 0])[slot] += count
    return {reviewer_id: Load(*values) for reviewer_id, values in counts.items()}
