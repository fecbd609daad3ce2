"""A conflict declared after submitting, while the review's year was closed: held on reopening.

A closed year's results are frozen and no review of it changes (year_lock.py), so a
declaration then leaves the submitted review counted (declared_late.py, "frozen"). Once
the secretariat reopens the year, the declaration does what it would have done in an open
year: the review goes back to unsubmitted and the lead and deputy are told, as if she had
declared it that day (the lead's to-do and the consolidation page then show it, with her
reason).
"""

from __future__ import annotations

from sqlalchemy import and_, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.reviews.declared_late import report_declared_late
from rcapp.reviews.models import (
    AssignmentStatus,
    DeclaredConflict,
    Review,
    ReviewAssignment,
    ReviewStatus,
)


def hold_declared_on_reopen(cycle: ReportingCycle, actor: User | None) -> None:
    """Hold the year's submitted, unfinished reviews whose reviewer declared a conflict."""
    rows = db.session().execute(
        select(ReviewAssignment, DeclaredConflict.reason)
        .join(Review, ReviewAssignment.review_id == Review.id)
        .join(Assessment, Review.assessment_id == Assessment.id)
        .join(
            DeclaredConflict,
            and_(
                DeclaredConflict.user_id == ReviewAssignment.reviewer_id,
                DeclaredConflict.organisation_id == Assessment.organisation_id,
            ),
        )
        .where(
            Assessment.cycle_id == cycle.id,
            ReviewAssignment.status == AssignmentStatus.SUBMITTED,
            Review.status != ReviewStatus.FINAL,
        )
        .order_by(ReviewAssignment.id)
    )
    for assignment, reason in rows:
        assignment.status = AssignmentStatus.ASSIGNED
        report_declared_late(assignment, "submitted", reason, actor)
    db.session().flush()
