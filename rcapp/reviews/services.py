"""Open reviews and assign reviewers under the conflict-of-interest rules.

Services flush and never commit; the actor is passed in; every change is audited.
Refusals raise before anything is written (errors.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rcapp import db
from rcapp.accounts.models import GroupRole, User
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import last_year_kpi_inputs, rubric_of
from rcapp.audit.services import record
from rcapp.errors import InvalidState
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.reviews import declared_late, mail, queries, rechecks
from rcapp.reviews.conflict_check import conflicts_by_organisation
from rcapp.reviews.declared_late import DeclaredEffects
from rcapp.reviews.errors import (
    ConflictAlreadyDeclared,
    ConflictOfInterest,
    NotAReviewer,
    ReviewFinalised,
    ReviewTaken,
    TooFewReviewers,
)
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.finding_files import forget_files
from rcapp.reviews.models import DeclaredConflict, Finding, Review, ReviewAssignment, ReviewKind
from rcapp.reviews.permissions import leads_review_of, review_group
from rcapp.reviews.rules import (
    MIN_REVIEWERS,
    Conflict,
    ReviewKindRule,
    kpi_movers,
)
from rcapp.reviews.sampling import sample_of
from rcapp.reviews.year_lock import require_open_year
from rcapp.rubrics.model import Rubric
from rcapp.scoring import Scorecard
from rcapp.scoring.kpis import kpi_value
from rcapp.uniques import AlreadyStored, claim

logger = logging.getLogger(__name__)


def reviewer_organisation(user: User) -> Organisation:
    """Return the organisation a reviewer reviews from: their first membership."""
    if not user.memberships:
        raise NotAReviewer(user.name)
    return min(user.memberships, key=lambda m: m.id).organisation


def check_reviewer(assessment: Assessment, reviewer: User, review: Review | None) -> None:
    """Raise ConflictOfInterest with every reason the reviewer may not review the assessment."""
    reviewer_organisation(reviewer)  # NotAReviewer without any
    assigned = review is not None and any(a.reviewer_id == reviewer.id for a in review.assignments)
    settles = leads_review_of(reviewer, assessment)  # a lead or deputy settles it: four eyes
    # Every organisation the reviewer belongs to counts, as when checked again (rechecks.py).
    by_organisation = conflicts_by_organisation(
        (m.organisation for m in reviewer.memberships),
        assessment,
        reviewer.id,
        already_assigned=assigned,
        settles=settles,
    )
    found = {c for these in by_organisation.values() for c in these}
    if found:
        reason = ""
        if Conflict.DECLARED in found:  # the lead reads what the reviewer declared
            reason = queries.declared_reason(reviewer.id, assessment.organisation_id)
        raise ConflictOfInterest(reviewer.name, tuple(c for c in Conflict if c in found), reason)


def owning_group(assessment: Assessment, actor: User, asked: int | None = None) -> int | None:
    """Choose the group a new review belongs to: the one it is set up in.

    The group asked for (the lead's group page links with it) when it is one of the
    organisation's and the actor leads it (or is the secretariat); else the first of the
    organisation's groups the actor leads; else (the secretariat) its first group.
    """
    groups = sorted(assessment.organisation.working_groups, key=lambda g: g.code)
    led = {
        r.working_group_id
        for r in actor.group_roles
        if r.role in (GroupRole.LEAD, GroupRole.DEPUTY)
    }
    if asked in {g.id for g in groups} and (actor.is_secretariat or asked in led):
        return asked
    return next((g.id for g in groups if g.id in led), groups[0].id if groups else None)


def assign_reviewers(
    assessment: Assessment,
    kind: ReviewKind,
    reviewers: Sequence[User],
    actor: User,
    compose: mail.Compose | None = None,
    group_id: int | None = None,
    dates: AssignDates | None = None,
) -> Review:
    """Open (or extend) the assessment's review with `reviewers`, all or none.

    The assessment must be submitted and its review not final; every reviewer must pass
    the conflict rules; the review ends with at least the minimum number of reviewers
    for its kind (an on-site review needs two). With `compose`, each new reviewer is told
    by e-mail through the outbox. A new review belongs to `owning_group` (`group_id`: the
    group page it was set up from). Refused (YearClosed) once the year is closed. `dates`:
    the new reviewers' due day and an on-site review's visit day (the form checks them).
    """
    require_open_year(assessment, "assign reviewers")
    if assessment.status is not AssessmentStatus.SUBMITTED:
        raise InvalidState("assessment", assessment.status, "assign reviewers")
    review = queries.find_review(assessment)
    if review is not None and review.is_final:
        raise ReviewFinalised("assign reviewers")
    _require_own_group(review, actor)
    unique = list({user.id: user for user in reviewers}.values())
    refused: list[ConflictOfInterest] = []
    for reviewer in unique:
        try:
            check_reviewer(assessment, reviewer, review)
        except ConflictOfInterest as conflict:
            refused.append(conflict)
    if refused:  # every refused reviewer named, with its reasons
        first, *others = refused
        raise ConflictOfInterest(
            first.reviewer_name, first.reasons, first.declared_reason, tuple(others)
        )
    existing = 0 if review is None else len(review.assignments)
    needed = MIN_REVIEWERS[ReviewKindRule(kind.value)]
    if existing + len(unique) < needed:
        raise TooFewReviewers(needed)
    if review is None:
        try:
            review = _open_review(
                assessment, kind, actor, owning_group(assessment, actor, group_id)
            )
        except AlreadyStored:
            # Another lead opened the review this instant: decide again against it.
            return assign_reviewers(assessment, kind, reviewers, actor, compose, group_id, dates)
    elif review.kind is not kind:
        record(actor, "review", review.id, "review.kind", before=review.kind, after=kind)
        review.kind = kind
    if dates is not None:
        _set_visit(review, dates.visit_on if kind is ReviewKind.ONSITE else None, actor)
    # All assigned before any mail is composed: each names the others (co-reviewers).
    assigned = [_assign(review, reviewer, actor) for reviewer in unique]
    for assignment in assigned:
        assignment.due_on = None if dates is None else dates.due_on
    db.session().flush()
    if compose is not None:
        for assignment in assigned:
            mail.queue_assignment_mail(assignment, compose, actor)
    db.session().flush()
    return review


@dataclass(frozen=True)
class AssignDates:
    due_on: dt.date
    visit_on: dt.date | None = None


def _set_visit(review: Review, day: dt.date | None, actor: User) -> None:
    if review.visit_on != day:
        record(actor, "review", review.id, "review.visit_on", before=review.visit_on, after=day)
        review.visit_on = day


def _require_own_group(review: Review | None, actor: User) -> None:
    """Refuse a lead adding to a review another working group set up (ReviewTaken).

    A member of two groups: both leads may press 指派并通知 while nobody is assigned; the
    one whose review is stored second (found here, or on the retry after AlreadyStored)
    assigns nothing rather than adding reviewers to the other group's review.
    """
    if review is None or actor.is_secretariat:
        return
    owner = review_group(review)
    if owner is not None and not leads_review_of(actor, review):
        raise ReviewTaken(owner)


def _open_review(
    assessment: Assessment, kind: ReviewKind, actor: User, group_id: int | None
) -> Review:
    rubric = rubric_of(assessment)
    card = self_scorecard(assessment, rubric)
    group = None if group_id is None else db.session().get(WorkingGroup, group_id)
    focus = () if group is None or group.section_id is None else (group.section_id,)
    sample_items = json.dumps(list(sample_of(rubric, card, focus)))
    sample_kpis = json.dumps(list(kpis_to_check(assessment, rubric, card)))
    # Built inside the claim: a row tied to a stored parent is flushed with it.
    with claim(Review, "assessment_id"):
        review = Review(
            assessment=assessment,
            kind=kind,
            created_by_id=actor.id,
            sample_items=sample_items,
            sample_kpis=sample_kpis,
            working_group_id=group_id,
        )
        db.session().add(review)
    record(actor, "review", review.id, "review.open", after={"kind": kind.value, "group": group_id})
    logger.info("Review %s of assessment %s opened by %s", review.id, assessment.id, actor.id)
    return review


def kpis_to_check(assessment: Assessment, rubric: Rubric, card: Scorecard) -> tuple[str, ...]:
    before = last_year_kpi_inputs(assessment)
    previous = {kpi.id: kpi_value(kpi, before).value for kpi in rubric.kpis}
    return kpi_movers({k.kpi_id: k.value for k in card.kpis}, previous)


def _assign(review: Review, reviewer: User, actor: User) -> ReviewAssignment:
    organisation = reviewer_organisation(reviewer)
    try:
        with claim(ReviewAssignment, "review_id", "reviewer_id"):
            assignment = ReviewAssignment(
                review=review,
                reviewer_id=reviewer.id,
                reviewer_organisation_id=organisation.id,
                assigned_by_id=actor.id,
            )
            db.session().add(assignment)
    except AlreadyStored as exc:
        # Assigned by another request since the check: the answer the check gives.
        raise ConflictOfInterest(reviewer.name, (Conflict.ALREADY_ASSIGNED,)) from exc
    record(
        actor,
        "review",
        review.id,
        "review.assign",
        # The reviewer by id: the log names them "name (e-mail)" as on its other rows (S11).
        after={"reviewer": reviewer.id, "organisation": organisation.id},
    )
    logger.info("Reviewer %s assigned to review %s by %s", reviewer.id, review.id, actor.id)
    return assignment


def unsubmitted_work(assignment: ReviewAssignment) -> tuple[int, int]:
    """(item decisions, findings) the reviewer saved: what withdrawing them deletes."""
    return len(assignment.decisions), len(_findings_of(assignment))


def work_stamp(assignment: ReviewAssignment) -> str:
    """Return a digest of the reviewer's saved work: the withdraw page keeps what it showed.

    Any decision or finding saved, changed or deleted since alters it (qa41 D2).
    """
    decisions = sorted(
        (d.item_id, str(d.decision), d.level, d.reason or "") for d in assignment.decisions
    )
    findings = sorted((f.id, f.text, f.item_id or "") for f in _findings_of(assignment))
    text = json.dumps([decisions, findings], ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _findings_of(assignment: ReviewAssignment) -> list[Finding]:
    return [f for f in assignment.review.findings if f.assignment_id == assignment.id]


def withdraw_assignment(
    assignment: ReviewAssignment, actor: User, reason: str | None = None
) -> tuple[int, int]:
    """Remove a reviewer who has not yet submitted, while the year is open.

    Their saved decisions and findings go with them (never submitted, they are no part of
    the review; a finding left behind would be nobody's): the confirmation page names them,
    the audit log counts them, with the lead's `reason` (optional, QA47 D3). Returns
    (decisions, findings) deleted.
    """
    require_open_year(assignment.review.assessment, "withdraw")
    if assignment.is_submitted or assignment.review.is_final:
        raise InvalidState("assignment", assignment.status, "withdraw")
    return remove_assignment(assignment, actor, "review.withdraw", reason)


def remove_assignment(
    assignment: ReviewAssignment,
    actor: User,
    action: str,
    reason: str | None = None,
    told: dict[str, str] | None = None,
) -> tuple[int, int]:
    """Delete an unsubmitted assignment and its saved work, audited as `action`.

    "review.withdraw": the lead withdrew the reviewer; "review.withdraw_at_final": finalising
    withdrew a reviewer who never submitted (qa20 D4); "review.decline": the reviewer
    declined it (decline.py; `told`: the cause chosen, kept beside the counts).
    Returns (decisions, findings) deleted.
    """
    review = assignment.review
    decisions, findings = unsubmitted_work(assignment)
    record(
        actor,
        "review",
        review.id,
        action,
        before={
            "reviewer": assignment.reviewer.email,
            # Which task it was: the row goes, the reviewer's page and a second lead ask.
            "assignment": assignment.id,
            "assessment_id": review.assessment_id,
            "organisation_id": review.assessment.organisation_id,
        },
        # What the withdrawal deleted (qa41 D2), once: not the same counts on both sides
        # (QA47 D3).
        after={"decisions": decisions, "findings": findings, **(told or {})},
        reason=(reason or "").strip() or None,
    )
    for finding in _findings_of(assignment):
        forget_files(finding)  # its photos and files go from the disk too
        review.findings.remove(finding)
    review.assignments.remove(assignment)
    db.session().flush()
    logger.info(
        "Reviewer %s withdrawn from review %s by %s", assignment.reviewer_id, review.id, actor.id
    )
    return decisions, findings


def declare_conflict(
    user: User, organisation: Organisation, reason: str, actor: User
) -> DeclaredEffects:
    """Record the conflict; ConflictAlreadyDeclared if it was declared (this instant) before.

    Returns the user's assignments on the organisation it reached, named: open ones it
    stops (rechecks.after_declared), submitted ones it holds and final ones it leaves be
    (declared_late); the leads are told of each.
    """
    try:
        with claim(DeclaredConflict, "user_id", "organisation_id"):
            db.session().add(
                DeclaredConflict(user_id=user.id, organisation_id=organisation.id, reason=reason)
            )
    except AlreadyStored as exc:
        raise ConflictAlreadyDeclared(user.name) from exc
    record(
        actor,
        "user",
        user.id,
        "review.declare_conflict",
        after={"organisation": organisation.id},
        reason=reason,
    )
    db.session().flush()
    stopped = rechecks.after_declared(user, organisation.id, actor)
    late = declared_late.after_declared_late(user, organisation.id, actor)
    return replace(
        late,
        stopped=tuple(rechecks.named(a) for a in stopped if not rechecks.in_closed_year(a)),
        stopped_frozen=tuple(rechecks.named(a) for a in stopped if rechecks.in_closed_year(a)),
    )
