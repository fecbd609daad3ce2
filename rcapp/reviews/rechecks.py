"""Conflicts of interest checked again on open assignments when a reviewer's organisations change.

Assigning checks the rules once (services.check_reviewer). A reviewer who later joins the
reviewed organisation, its parent group or its park, or who leaves every member
organisation, is checked again whenever it matters: on the reviewer's page and each save
(reviewing refuses it), on the lead's assignment page, and when a membership is added or
removed (the lead and deputy are told). Only open assignments are checked: a submitted
review is history, and a final review is closed.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from flask_babel import pgettext
from sqlalchemy import ColumnElement, select

from rcapp import db
from rcapp.accounts.hooks import MembershipEffects
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.audit.services import record
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.i18n import current_lang
from rcapp.organisations.models import Organisation
from rcapp.reviews import outcome_mail, queries
from rcapp.reviews.conflict_check import conflicts_by_organisation
from rcapp.reviews.errors import AssignmentInConflict
from rcapp.reviews.models import AssignmentStatus, Review, ReviewAssignment, ReviewStatus
from rcapp.reviews.rules import Conflict

logger = logging.getLogger(__name__)


def is_open(assignment: ReviewAssignment) -> bool:
    return not assignment.is_submitted and not assignment.review.is_final


def conflict_of(
    assignment: ReviewAssignment, organisations: Sequence[Organisation] | None = None
) -> AssignmentInConflict | None:
    """Return why the open assignment is in conflict now (None: it is not, or not open).

    Every organisation the reviewer belongs to counts (`organisations` stands for them
    when given), not only the one they were assigned from: joining the reviewed
    organisation as a second membership is a conflict all the same. Reciprocity compares
    with the cycle's assignments as they were made, so only the reviewer who moved is caught.
    """
    if not is_open(assignment):
        return None
    reviewer = assignment.reviewer
    if organisations is None:
        organisations = [m.organisation for m in reviewer.memberships]
    if not organisations:
        return AssignmentInConflict(reviewer.name, (), no_organisation=True)
    assessment = assignment.review.assessment
    by_organisation = conflicts_by_organisation(organisations, assessment, reviewer.id)
    found = {c for these in by_organisation.values() for c in these}
    causes = [org_id for org_id, these in by_organisation.items() if these]  # whence it comes
    if not found:
        return None
    reason = ""
    if Conflict.DECLARED in found:
        reason = queries.declared_reason(reviewer.id, assessment.organisation_id)
    return AssignmentInConflict(
        reviewer.name,
        tuple(c for c in Conflict if c in found),
        declared_reason=reason,
        organisation_ids=tuple(causes),
    )


def require_no_conflict(assignment: ReviewAssignment) -> None:
    found = conflict_of(assignment)
    if found is not None:
        raise found


def _open_assignments(*where: ColumnElement[bool]) -> list[ReviewAssignment]:
    """List the open assignments (not submitted, review not final) meeting `where`."""
    return list(
        db.session().scalars(
            select(ReviewAssignment)
            .join(Review, ReviewAssignment.review_id == Review.id)
            .join(Assessment, Review.assessment_id == Assessment.id)
            .join(ReportingCycle, Assessment.cycle_id == ReportingCycle.id)
            .where(
                ReviewAssignment.status == AssignmentStatus.ASSIGNED,
                Review.status == ReviewStatus.IN_REVIEW,
                *where,
            )
            .order_by(ReviewAssignment.id)
        )
    )


def open_assignments_of(user: User) -> list[ReviewAssignment]:
    return _open_assignments(ReviewAssignment.reviewer_id == user.id)


def in_conflict_in_closed_years() -> list[ReviewAssignment]:
    """List the open assignments in conflict whose year is closed or closing (few: frozen)."""
    closed = _open_assignments(ReportingCycle.status != CycleStatus.OPEN)
    return [a for a in closed if conflict_of(a) is not None]


def after_membership_change(
    user: User, organisation_id: int, joined: bool, actor: User | None
) -> MembershipEffects:
    """Find the open assignments this change put in or out of conflict; audit, tell the leads.

    Called (through accounts.hooks) after the membership was added or removed. Conflicts
    are not stored: the state before the change is the rules applied to the organisations
    the user had then. An assignment already in conflict before the change is not reported
    again; one whose conflict the change ended is (the reviewer can continue, or in a closed
    year once it is reopened). Returns the kinds, each named "organisation 2025 年度" in the
    actor's language, as the other pages write a year.
    """
    assignments = open_assignments_of(user)
    if not assignments:
        return MembershipEffects()
    db.session().expire(user, ["memberships"])  # the change was flushed, not yet loaded
    now = [m.organisation for m in user.memberships]
    changed = db.session().get(Organisation, organisation_id)
    before = [o for o in now if o.id != organisation_id]
    if not joined and changed is not None:
        before.append(changed)
    in_conflict: list[str] = []
    ended: list[str] = []
    ended_frozen: list[str] = []
    for assignment in assignments:
        found, earlier = conflict_of(assignment), conflict_of(assignment, before)
        if found is None and earlier is not None:
            _report_ended(assignment, earlier, actor)
            (ended_frozen if in_closed_year(assignment) else ended).append(named(assignment))
        elif found is not None and earlier is None:
            _report(assignment, found, actor)
            in_conflict.append(named(assignment))
    return MembershipEffects(tuple(in_conflict), tuple(ended), tuple(ended_frozen))


def after_declared(user: User, organisation_id: int, actor: User) -> list[ReviewAssignment]:
    """Report the open assignments a declared conflict stops (qa70 m5): audit, tell the leads.

    The reviewer's page refuses saves from now on (conflict_of finds the declaration); the
    decisions saved stay for the lead to read, but count only once submitted, which the
    reviewer can no longer do: the lead withdraws the reviewer and assigns another (in a
    closed year, once the secretariat reopened it: see _report). A submitted review is
    history, as after a membership change. Returns each assignment stopped.
    """
    stopped = []
    for assignment in open_assignments_of(user):
        if assignment.review.assessment.organisation_id != organisation_id:
            continue
        found = conflict_of(assignment)
        if found is not None:
            _report(assignment, found, actor, declared=True)
            stopped.append(assignment)
    return stopped


def after_declaration_withdrawn(
    earlier: list[tuple[ReviewAssignment, AssignmentInConflict]], actor: User
) -> list[ReviewAssignment]:
    """Report the open assignments a withdrawn declaration freed (conflict_withdraw.py).

    `earlier`: each open assignment on the organisation with its conflict before the
    declaration was deleted; one without a conflict now is audited and its leads told the
    reviewer can continue, as after a membership change. Returns each assignment freed.
    """
    freed = []
    for assignment, before in earlier:
        if conflict_of(assignment) is None:
            _report_ended(assignment, before, actor, withdrawn=True)
            freed.append(assignment)
    return freed


def in_closed_year(assignment: ReviewAssignment) -> bool:
    """Whether the assignment's year is closed or closing: nobody may withdraw or assign."""
    return not assignment.review.assessment.cycle.is_open


def retell_on_reopen(cycle: ReportingCycle, actor: User | None) -> None:
    """Tell the leads of the reopened year's open assignments in conflict: act on them now.

    In a closed year they were told the reviewer could be neither withdrawn nor replaced
    until the year was reopened; now they can, as in an open year (the open-year notice).
    """
    for assignment in _open_assignments(Assessment.cycle_id == cycle.id):
        found = conflict_of(assignment)
        if found is not None:
            declared = Conflict.DECLARED in found.reasons
            outcome_mail.queue_conflict_notice(assignment, found, actor, declared)


def named(assignment: ReviewAssignment) -> str:
    assessment = assignment.review.assessment
    name = assessment.organisation.display_name(current_lang())
    # In a list joined by "、" (", " in English): the year must not read as a name part.
    year = assessment.cycle.year
    return str(pgettext("assignment in a list", "%(name)s %(year)d 年度", name=name, year=year))


def _reasons(found: AssignmentInConflict) -> list[str]:
    return ["no_organisation"] if found.no_organisation else [str(r) for r in found.reasons]


def _report(
    assignment: ReviewAssignment,
    found: AssignmentInConflict,
    actor: User | None,
    declared: bool = False,
) -> None:
    review = assignment.review
    reasons = _reasons(found)
    record(
        actor,
        "review",
        review.id,
        "review.conflict",
        after={"reviewer": assignment.reviewer_id, "reasons": reasons},
    )
    # In a closed year withdrawing and assigning wait for the reopening (year_lock).
    stage = "stopped_frozen" if in_closed_year(assignment) else "open"
    outcome_mail.queue_conflict_notice(assignment, found, actor, declared, stage=stage)
    logger.info(
        "Review assignment %s in conflict (%s) after a membership change or declaration by %s",
        assignment.id,
        ",".join(reasons),
        actor.id if actor else "cli",
    )


def _report_ended(
    assignment: ReviewAssignment,
    ended: AssignmentInConflict,
    actor: User | None,
    withdrawn: bool = False,
) -> None:
    """Audit and tell the leads: the reviewer they were told to withdraw can continue.

    `withdrawn`: the reviewer withdrew the declaration (the mail says so), not a membership.
    """
    reasons = _reasons(ended)
    record(
        actor,
        "review",
        assignment.review_id,
        "review.conflict_ended",
        before={"reviewer": assignment.reviewer_id, "reasons": reasons},
    )
    outcome_mail.queue_conflict_ended_notice(assignment, ended, actor, withdrawn)
    logger.info(
        "Review assignment %s out of conflict (%s) after a membership or declaration change by %s",
        assignment.id,
        ",".join(reasons),
        actor.id if actor else "cli",
    )
