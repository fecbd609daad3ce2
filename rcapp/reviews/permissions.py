"""Who may do what in peer review; docs/permissions.md ("Peer review") is the readable form.

Kept apart from rcapp.permissions (the self-assessment matrix) so that the two evolve
separately. Views call `require_review(user, action, target)`; templates `can_review`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import OrgRole, User
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.cycles.closed_groups import groups_of
from rcapp.errors import NotAllowed
from rcapp.organisations.models import WorkingGroup
from rcapp.permissions import grants_of
from rcapp.reviews.errors import OwnOrganisationReview
from rcapp.reviews.models import ActionStatus, Finding, Review, ReviewAssignment


class ReviewAction(enum.StrEnum):
    MANAGE = "review.manage"  # assign reviewers, see the discrepancy map, settle, finalise
    REVIEW = "review.review"  # open the reviewer page of one assignment and decide items
    SEE_FINAL = "review.see_final"  # final stars, changed items, findings, actions
    CLOSE_ACTION = "review.close_action"  # close a corrective action with evidence
    ACCEPT_ACTION = "review.accept_action"  # accept or reopen a closed corrective action
    ACTION_FILE = "review.action_file"  # download a corrective action's evidence file
    FINDING_FILE = "review.finding_file"  # a photo or file a reviewer attached to a finding
    APPEAL = "review.appeal"  # appeal a final rating
    DECIDE_APPEAL = "review.decide_appeal"


def _member_of(user: User, organisation_id: int) -> bool:
    # The roles as the login loader read them with the user row (no statement of its own).
    return grants_of(user).org_role(organisation_id) is not None


def _assessment(target: Any) -> Assessment:
    if isinstance(target, Assessment):
        return target
    if isinstance(target, Review):
        return target.assessment
    if isinstance(target, ReviewAssignment):
        return target.review.assessment
    if isinstance(target, Finding):
        return target.review.assessment
    raise TypeError(f"no assessment for {target!r}")


def review_of(assessment: Assessment) -> Review | None:
    return db.session().scalar(select(Review).where(Review.assessment_id == assessment.id))


def review_group(review: Review) -> int | None:
    """Return the group the review was set up in while it exists (None: any of the org's)."""
    group_id = review.working_group_id
    if group_id is None or db.session().get(WorkingGroup, group_id) is None:
        return None
    return group_id


def _review(target: Any) -> Review | None:
    if isinstance(target, Review):
        return target
    if isinstance(target, ReviewAssignment | Finding):
        return target.review
    return None


def leads_review_of(user: User, target: Any) -> bool:
    """Lead or deputy of the review's group, and not one of the organisation's members.

    A review belongs to the group it was set up in (`Review.working_group_id`); before
    there is one (or for a review from before groups were kept), any group the
    organisation belongs to.
    """
    assessment = _assessment(target)
    if _member_of(user, assessment.organisation_id):
        return False
    led = grants_of(user).led
    review = _review(target)
    if review is None and isinstance(target, Assessment):
        review = review_of(assessment)
    owner = None if review is None else review_group(review)
    if owner is not None:
        return owner in led
    groups = groups_of(assessment.organisation, assessment.cycle)  # the year's (closed_groups)
    return any(group.id in led for group in groups)


def leads_own_organisation(user: User | Any, assessment: Assessment) -> bool:
    """Whether `user` leads a group of the assessment's organisation while one of its members.

    A conflict of interest: the reason such a lead may not run its review (QA47 S15).
    """
    if not isinstance(user, User) or user.is_secretariat:
        return False
    if not _member_of(user, assessment.organisation_id):
        return False
    led = grants_of(user).led
    groups = groups_of(assessment.organisation, assessment.cycle)  # the year's (closed_groups)
    return any(group.id in led for group in groups)


def _answers_submitted(target: Any) -> bool:
    """Whether the organisation's answers stand submitted (so the review may read them).

    Returned for revision they are its working draft again: private to its members, as
    every draft is (rcapp.permissions), even to the reviewers and lead of a running review.
    """
    return _assessment(target).status is AssessmentStatus.SUBMITTED


def _reviews(user: User, target: Any) -> bool:
    return (
        isinstance(target, ReviewAssignment)
        and target.reviewer_id == user.id
        and not target.review.is_final
        and _answers_submitted(target)
    )


def reads_own_finalised(user: User | Any, assignment: ReviewAssignment) -> bool:
    """Whether `user` submitted this assignment of a review finalised since: his work, read only.

    Only his own, and only submitted (one never submitted is no review of his, as the
    completed list says); every save stays refused (`_reviews` requires the review open).
    """
    return (
        isinstance(user, User)
        and user.is_active
        and assignment.reviewer_id == user.id
        and assignment.review.is_final
        and assignment.is_submitted
    )


def _manages(user: User, target: Any) -> bool:
    """Lead the review; its pages (answers, decisions) only while the answers stand submitted.

    With the assessment itself as target (the assigning page, which shows no answers) or
    one assignment (withdrawing a reviewer) the lead may act whatever its state.
    """
    if not leads_review_of(user, target):
        return False
    return isinstance(target, Assessment | ReviewAssignment) or _answers_submitted(target)


def _final(target: Any) -> bool:
    review = _review(target)
    return review is not None and review.is_final


def _own_final(user: User, target: Any) -> bool:
    return _final(target) and _member_of(user, _assessment(target).organisation_id)


def _has_outcome(target: Any) -> bool:
    """Tell whether the review is final, or reopened by an upheld appeal: it has an outcome.

    While the lead settles again the organisation keeps its result page (the appeal's
    decision, the actions it works through), only without a final rating.
    """
    review = _review(target)
    return review is not None and review.has_outcome


def _own_outcome(user: User, target: Any) -> bool:
    return _has_outcome(target) and _member_of(user, _assessment(target).organisation_id)


def _admin_of_final(user: User, target: Any) -> bool:
    """Tell whether `user` is the organisation's admin: a rating's one appeal is its word.

    QA32 S3: any member (the company's own peer reviewer, say) could use it up.
    """
    organisation_id = _assessment(target).organisation_id
    return _final(target) and grants_of(user).org_role(organisation_id) == OrgRole.ADMIN


def _closable(user: User, target: Any) -> bool:
    return (
        isinstance(target, Finding)
        and target.action_status is ActionStatus.OPEN
        and _own_outcome(user, target)
    )


def _acceptable(user: User, target: Any) -> bool:
    return (
        isinstance(target, Finding)
        and target.action_status is ActionStatus.CLOSED
        and leads_review_of(user, target)
    )


def _sees_finding_files(user: User, target: Any) -> bool:
    """Tell whether `user` may have a finding's photos and files.

    The reviewer who recorded it; the lead once it is submitted to her; the organisation
    once it is in the final result (sent, not dropped). Not another reviewer.
    """
    if not isinstance(target, Finding):
        return False
    review = target.review
    author = db.session().get(ReviewAssignment, target.assignment_id or 0)
    if author is not None and author.reviewer_id == user.id:
        return True
    submitted = author is None or author.is_submitted  # None: a withdrawn reviewer's, kept
    if submitted and leads_review_of(user, target):
        return True
    return _own_outcome(user, target) and target in review.sent_findings


Rule = Callable[[User, Any], bool]
RULES: dict[ReviewAction, Rule] = {
    ReviewAction.MANAGE: _manages,
    ReviewAction.REVIEW: _reviews,
    ReviewAction.SEE_FINAL: lambda u, t: (
        _has_outcome(t) and (_own_outcome(u, t) or leads_review_of(u, t))
    ),
    ReviewAction.CLOSE_ACTION: _closable,
    ReviewAction.ACCEPT_ACTION: _acceptable,
    # The organisation and the lead (the secretariat too, below): not the reviewers.
    ReviewAction.ACTION_FILE: lambda u, t: (
        isinstance(t, Finding) and _has_outcome(t) and (_own_outcome(u, t) or leads_review_of(u, t))
    ),
    ReviewAction.FINDING_FILE: _sees_finding_files,
    ReviewAction.APPEAL: _admin_of_final,
    ReviewAction.DECIDE_APPEAL: lambda _u, _t: False,
}
# The secretariat manages and sees every review and decides appeals; it neither reviews,
# nor closes an organisation's actions, nor appeals on its behalf. It may confirm a closed
# action, so it reads the closing evidence it confirms (as it reads every assessment's
# evidence): QA32 D3, where it confirmed blind.
SECRETARIAT: dict[ReviewAction, Rule] = {
    ReviewAction.MANAGE: lambda _u, _t: True,
    ReviewAction.SEE_FINAL: lambda _u, t: _has_outcome(t),
    ReviewAction.ACTION_FILE: lambda _u, t: isinstance(t, Finding) and _has_outcome(t),
    ReviewAction.ACCEPT_ACTION: lambda _u, t: (
        isinstance(t, Finding) and t.action_status is ActionStatus.CLOSED
    ),
    ReviewAction.DECIDE_APPEAL: lambda _u, _t: True,
    ReviewAction.FINDING_FILE: lambda _u, t: isinstance(t, Finding),
}


def can_review(user: User | Any, action: ReviewAction, target: Any = None) -> bool:
    """Whether `user` may do the peer-review `action` on `target`."""
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_secretariat:
        rule = SECRETARIAT.get(action)
        return rule is not None and rule(user, target)
    return RULES[action](user, target)


def require_review(user: User | Any, action: ReviewAction, target: Any = None) -> None:
    if not can_review(user, action, target):
        if _own_review(user, target):
            raise OwnOrganisationReview(action.value)
        raise NotAllowed(action.value)


def _own_review(user: User | Any, target: Any) -> bool:
    """Whether a refused target is a review step of the lead's own organisation."""
    if not isinstance(target, Assessment | Review | ReviewAssignment | Finding):
        return False
    return leads_own_organisation(user, _assessment(target))


def is_lead(user: User | Any) -> bool:
    return isinstance(user, User) and (user.is_secretariat or bool(grants_of(user).led))
