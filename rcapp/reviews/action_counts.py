"""A review's corrective actions by where they stand, and a lead's share of a group's.

The lead's to-do and review planning count them per review (qa72 M2): still open (and
how many of those are past due), closed by the organisation and waiting for the lead's
acceptance, accepted. Those counts are the ones the review's result page lists.

A lead who is a member of one of the group's organisations follows up none of its
actions (a conflict of interest: another lead or deputy of the group does): both pages
count the lead's share and say how many of her own organisation's were left out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rcapp.accounts.models import User
from rcapp.reviews.models import ActionStatus, Finding, FindingKind, Review
from rcapp.reviews.outcome_rows import days_overdue


@dataclass(frozen=True)
class ActionCount:
    open: int  # raised or sent back, not closed by the organisation yet
    overdue: int  # of those, past their due date
    waiting: int = 0  # closed by the organisation, waiting for the lead's acceptance
    accepted: int = 0  # closed and accepted

    def __bool__(self) -> bool:
        return bool(self.open or self.waiting or self.accepted)


def in_effect(action: Finding) -> bool:
    """Tell whether the action stands: its review has an outcome and it is submitted work.

    Before the outcome a reviewer's action is a proposal the organisation cannot see yet;
    reopened by an appeal, a reviewer added since may hold drafts nobody else sees yet; one
    the lead dropped before finalising never went to the organisation (Review.sent_findings).
    """
    review = action.review
    submitted = {a.id for a in review.submitted_assignments}
    submitted_work = action.assignment_id is None or action.assignment_id in submitted
    return review.has_outcome and submitted_work and not action.is_dropped


def shown_actions(review: Review) -> list[Finding]:
    """List the review's corrective actions as its result page does (those in effect)."""
    return [f for f in review.findings if f.kind is FindingKind.CORRECTIVE_ACTION and in_effect(f)]


def count_findings(actions: Iterable[Finding], today: dt.date) -> ActionCount:
    """Count corrective actions by status, and the open ones past due."""
    found = list(actions)
    open_actions = [f for f in found if f.action_status is ActionStatus.OPEN]
    return ActionCount(
        len(open_actions),
        sum(1 for f in open_actions if days_overdue(f, today)),
        sum(1 for f in found if f.action_status is ActionStatus.CLOSED),
        sum(1 for f in found if f.action_status is ActionStatus.ACCEPTED),
    )


def count_actions(review: Review | None, today: dt.date) -> ActionCount:
    """Count the review's corrective actions by status, and the open ones past due."""
    return ActionCount(0, 0) if review is None else count_findings(shown_actions(review), today)


@dataclass(frozen=True)
class LeadShare:
    """A group's corrective actions split for one lead or deputy."""

    followed: list[Finding]  # those she follows up
    own: list[Finding]  # her own organisation's: a conflict of interest, left to the others

    @property
    def own_open(self) -> int:
        """Count the open actions left out of her count (said beside it)."""
        return sum(1 for f in self.own if f.action_status is ActionStatus.OPEN)


def lead_share(user: User | object, actions: Sequence[Finding]) -> LeadShare:
    """Split `actions` into those `user` follows up and those of her own organisations.

    The secretariat belongs to no reviewed organisation: it follows up all of them.
    """
    own_ids = (
        {m.organisation_id for m in user.memberships}
        if isinstance(user, User) and not user.is_secretariat
        else set()
    )
    own = [f for f in actions if f.review.assessment.organisation_id in own_ids]
    return LeadShare([f for f in actions if f not in own], own)
