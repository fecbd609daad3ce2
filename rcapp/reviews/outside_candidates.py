"""Reviewers of other working groups, offered when the organisation's own are too few (qa51 M2).

A small group (the two-park WG-PK) may have a single reviewer free of conflict for a
review: the same park, the reviewed organisation itself and the deciding lead are refused.
A review with one reviewer is capped below the rubric's two-reviewer bands, and the lead
had no way out. When fewer than ADVISED_REVIEWERS of the group's own candidates can serve,
the reviewers of the other working groups who have no conflict of interest are offered too
(those with one are listed, not to be chosen, with the reason: qa66 #2); if that is still
too few, the page asks the lead to have the secretariat give the group another reviewer.

Only reviewers of an organisation of the reviewed one's kind are offered (qa54 2): parks
are assessed on another rubric, so a park's staff does not review a company, nor the
reverse. The count is of the group's own who can serve, assigned or free (qa54 3): an
outside reviewer assigned already does not make the others vanish while the group's own
are still too few, and is listed (as assigned) whatever the count.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import GroupRole, User, WorkingGroupRole
from rcapp.assessments.models import Assessment
from rcapp.organisations.models import WorkingGroup
from rcapp.reviews import services
from rcapp.reviews.errors import ConflictOfInterest, ReviewRefused
from rcapp.reviews.messages import conflicts_text, refusal_text
from rcapp.reviews.models import Review
from rcapp.reviews.rules import ADVISED_REVIEWERS


def able_count(
    candidates: Sequence[tuple[User, str]], review: Review | None, *, assigned_outside: bool = True
) -> int:
    """Count who can serve: the candidates free of conflict and those assigned already.

    Without `assigned_outside`, only the assigned among `candidates` count (not those assigned
    from outside them).
    """
    assigned = set() if review is None else {a.reviewer_id for a in review.assignments}
    if not assigned_outside:
        assigned &= {u.id for u, _reason in candidates}
    return len({u.id for u, reason in candidates if not reason} | assigned)


def outside_candidates(
    assessment: Assessment,
    review: Review | None,
    own_groups: Collection[int],
    candidates: Sequence[tuple[User, str]],
    lang: str,
) -> dict[int, tuple[User, list[str], str]]:
    """Return, by user id, the other groups' reviewers, their groups' names and their conflict.

    Only those assigned to the review already when the organisation's own groups have
    enough (ADVISED_REVIEWERS) who can serve. A reviewer with a conflict of interest is
    listed with its reason ('' for none), so the lead sees why they cannot be chosen (qa66 #2).
    """
    assigned = set() if review is None else {a.reviewer_id for a in review.assignments}
    short = able_count(candidates, review, assigned_outside=False) < ADVISED_REVIEWERS
    listed = {u.id for u, _reason in candidates}
    found: dict[int, tuple[User, list[str], str]] = {}
    refused: set[int] = set()
    for user, group in _reviewers_outside(own_groups):
        if user.id in listed or user.id in refused:
            continue
        if user.id not in found:
            reason = "" if user.id in assigned else _reason_if_offered(assessment, user, review)
            if user.id not in assigned and (not short or reason is None):
                refused.add(user.id)
                continue
            found[user.id] = (user, [], reason or "")
        found[user.id][1].append(group.display_name(lang))
    return found


def refusal_reason(assessment: Assessment, user: User, review: Review | None) -> str:
    """Say why the user may not review the assessment ('' when they may): the service's rules."""
    try:
        services.check_reviewer(assessment, user, review)
    except ConflictOfInterest as refused:
        return conflicts_text(refused.reasons, refused.declared_reason)
    except ReviewRefused as refused:
        return refusal_text(refused)
    return ""


def _reason_if_offered(assessment: Assessment, user: User, review: Review | None) -> str | None:
    """Return an outside reviewer's conflict ('' for none), or None when not one to list.

    Not listed: a user of no organisation, or of another kind than the reviewed one.
    """
    try:
        kind = services.reviewer_organisation(user).kind
    except ReviewRefused:
        return None
    if kind != assessment.organisation.kind:
        return None
    return refusal_reason(assessment, user, review)


def _reviewers_outside(own_groups: Collection[int]) -> list[tuple[User, WorkingGroup]]:
    """Active reviewers of the working groups not in `own_groups`, by name, with their group."""
    rows = db.session().execute(
        select(User, WorkingGroup)
        .join(WorkingGroupRole, WorkingGroupRole.user_id == User.id)
        .join(WorkingGroup, WorkingGroup.id == WorkingGroupRole.working_group_id)
        .where(
            WorkingGroupRole.role == GroupRole.REVIEWER,
            WorkingGroupRole.working_group_id.not_in(list(own_groups)),
            User.is_active.is_(True),
        )
        .order_by(User.name, WorkingGroup.code)
    )
    return [(user, group) for user, group in rows]
