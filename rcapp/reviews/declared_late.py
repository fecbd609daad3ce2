"""A conflict of interest a reviewer declares after submitting her review (qa70 last stop).

Declared on an open review, the review stops (rechecks.after_declared). Declared after she
submitted, the lead was not told and her review still counted. Now:

- submitted, not yet final: her review goes back to unsubmitted, so it no longer counts,
  and the conflict rules lock it as they lock an open one; her decisions stay for the lead
  to read. The lead decides: withdraw her and assign another, or finalise with the others
  when they are enough (finalising withdraws her). `submitted_at` is kept: it is how the
  lead's to-do and the consolidation page tell this case from a review never submitted.
- final: nothing final changes; the declaration is audited and the lead told.
- submitted, not final, in a year closed or being closed: the year lock wins (year_lock.py):
  the close froze the year's results with her review counted, so nothing changes; the
  declaration is audited, the lead, deputy and secretariat are told, and when the year is
  reopened the review is held then (declared_closed_year.py).

Either way the lead and deputy get the conflict mail, saying which case it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.audit.services import record
from rcapp.cycles.models import CycleStatus
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
from rcapp.row_locks import locked_in_state

# What the declaration did to a submitted review, by stage (the mail's `stage` too).
AUDITED = {
    "submitted": "review.conflict_after_submit",
    "final": "review.conflict_after_final",
    "frozen": "review.conflict_in_closed_year",
}


@dataclass(frozen=True)
class DeclaredEffects:
    """The user's reviews of the organisation a declaration reached, named."""

    stopped: tuple[str, ...] = ()  # open: stopped (rechecks.after_declared)
    # open, in a closed or closing year: stopped, and nobody may withdraw or assign until
    # the year is reopened
    stopped_frozen: tuple[str, ...] = ()
    held: tuple[str, ...] = ()  # submitted, not final: no longer counted
    final: tuple[str, ...] = ()  # final: unchanged, the lead told
    frozen: tuple[str, ...] = ()  # submitted, not final, year closed: unchanged, all told


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
    reached: dict[str, list[str]] = {stage: [] for stage in AUDITED}
    for assignment in submitted_assignments_of(user, organisation_id):
        stage = _stage(assignment)
        if stage == "submitted":
            assignment.status = AssignmentStatus.ASSIGNED
        report_declared_late(assignment, stage, reason, actor)
        reached[stage].append(named(assignment))
    db.session().flush()
    return DeclaredEffects(
        held=tuple(reached["submitted"]),
        final=tuple(reached["final"]),
        frozen=tuple(reached["frozen"]),
    )


def _stage(assignment: ReviewAssignment) -> str:
    """Say which case a submitted assignment is: final, frozen with its year, or held.

    The year's row is share-locked while open (year_lock.require_open_year): a close asked
    at this moment waits for the hold, then freezes the review without her.
    """
    review = assignment.review
    if review.status is ReviewStatus.FINAL:
        return "final"
    open_year = locked_in_state(review.assessment.cycle, "status", (CycleStatus.OPEN,), shared=True)
    return "submitted" if open_year else "frozen"


def report_declared_late(
    assignment: ReviewAssignment, stage: str, reason: str, actor: User | None
) -> None:
    """Audit what a declaration after submitting did at `stage` and tell whom it concerns."""
    found = AssignmentInConflict(
        assignment.reviewer.name, (Conflict.DECLARED,), declared_reason=reason
    )
    record(
        actor,
        "review",
        assignment.review_id,
        AUDITED[stage],
        after={"reviewer": assignment.reviewer_id, "reasons": [str(Conflict.DECLARED)]},
        reason=reason or None,
    )
    outcome_mail.queue_conflict_notice(assignment, found, actor, declared=True, stage=stage)


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
