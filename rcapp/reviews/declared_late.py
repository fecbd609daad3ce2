"""A conflict of interest a reviewer declares after submitting her review (qa70 last stop).

Declared on an open review, the review stops (rechecks.after_declared). Declared after she
submitted, the lead was not told and her review still counted. Now:

- submitted, not yet final: her review goes back to unsubmitted, so it no longer counts,
  and the conflict rules lock it as they lock an open one; her decisions stay for the lead
  to read. The lead decides: withdraw her and assign another, or finalise with the others
  when they are enough (finalising withdraws her). `submitted_at` is kept: it is how the
  lead's to-do and the consolidation page tell this case from a review never submitted.
- final: nothing final changes; the declaration is audited and the lead told.

Either way the lead and deputy get the conflict mail, saying which case it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.audit.services import record
from rcapp.reviews import outcome_mail, queries
from rcapp.reviews.errors import AssignmentInConflict
from rcapp.reviews.models import (
    AssignmentStatus,
    DeclaredConflict,
    Review,
    ReviewAssignment,
    ReviewStatus,
)
from rcapp.reviews.rechecks import named
from rcapp.reviews.rules import Conflict


@dataclass(frozen=True)
class DeclaredEffects:
    """The user's reviews of the organisation a declaration reached, named."""

    stopped: tuple[str, ...] = ()  # open: stopped (rechecks.after_declared)
    held: tuple[str, ...] = ()  # submitted, not final: no longer counted
    final: tuple[str, ...] = ()  # final: unchanged, the lead told


def submitted_assignments_of(
    user: User, organisation_id: int | None = None
) -> list[ReviewAssignment]:
    """Return the user's submitted assignments (of one organisation's reviews, if given)."""
    statement = (
        select(ReviewAssignment)
        .join(Review, ReviewAssignment.review_id == Review.id)
        .where(
            ReviewAssignment.reviewer_id == user.id,
            ReviewAssignment.status == AssignmentStatus.SUBMITTED,
        )
        .order_by(ReviewAssignment.id)
    )
    if organisation_id is not None:
        statement = statement.join(Assessment, Review.assessment_id == Assessment.id).where(
            Assessment.organisation_id == organisation_id
        )
    return list(db.session().scalars(statement))


def after_declared_late(user: User, organisation_id: int, actor: User) -> DeclaredEffects:
    """Hold the user's submitted reviews of the organisation, tell the leads; audit each."""
    reason = queries.declared_reason(user.id, organisation_id)
    found = AssignmentInConflict(user.name, (Conflict.DECLARED,), declared_reason=reason)
    held: list[str] = []
    final: list[str] = []
    for assignment in submitted_assignments_of(user, organisation_id):
        review = assignment.review
        is_final = review.status is ReviewStatus.FINAL
        if not is_final:
            assignment.status = AssignmentStatus.ASSIGNED
        record(
            actor,
            "review",
            review.id,
            "review.conflict_after_final" if is_final else "review.conflict_after_submit",
            after={"reviewer": assignment.reviewer_id, "reasons": [str(Conflict.DECLARED)]},
            reason=reason or None,
        )
        outcome_mail.queue_conflict_notice(
            assignment, found, actor, declared=True, stage="final" if is_final else "submitted"
        )
        (final if is_final else held).append(named(assignment))
    db.session().flush()
    return DeclaredEffects(held=tuple(held), final=tuple(final))


def declared_after_submit(reviews: list[Review]) -> dict[int, str]:
    """Map each held assignment of these reviews (declared after submitting) to the reason."""
    held = [
        a
        for review in reviews
        if review.status is ReviewStatus.IN_REVIEW
        for a in review.assignments
        if not a.is_submitted and a.submitted_at is not None
    ]
    if not held:
        return {}
    rows = db.session().execute(
        select(
            DeclaredConflict.user_id, DeclaredConflict.organisation_id, DeclaredConflict.reason
        ).where(DeclaredConflict.user_id.in_({a.reviewer_id for a in held}))
    )
    reasons = {(user_id, org_id): reason for user_id, org_id, reason in rows}
    return {
        a.id: reasons[key]
        for a in held
        if (key := (a.reviewer_id, a.review.assessment.organisation_id)) in reasons
    }
