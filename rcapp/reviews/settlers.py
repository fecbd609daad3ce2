"""Who settled a review's items, in the role they settle it in: lead, deputy lead or secretariat.

The discrepancy map and the final page name the settler beside each settlement; a deputy's
settlement read "组长裁定" (the lead's ruling) before. The role is the settler's role in the
review's group today (any of the organisation's groups for a review without one).
"""

from __future__ import annotations

from dataclasses import dataclass

from rcapp import db
from rcapp.accounts.models import GroupRole, User
from rcapp.accounts.queries import outside_leads
from rcapp.audit.labels import ACTING_AS
from rcapp.cycles.closed_groups import groups_of
from rcapp.reviews.models import Review
from rcapp.reviews.permissions import review_group


@dataclass(frozen=True)
class Settler:
    """`role`: "lead", "deputy", "secretariat", or "" (no such role now); `name` '' if deleted."""

    role: str
    name: str


def settler_role(user: User, review: Review) -> str:
    """Return the role in which `user` settles `review` (see Settler.role)."""
    owner = review_group(review)
    groups = (
        {owner}
        if owner is not None
        else {g.id for g in groups_of(review.assessment.organisation, review.assessment.cycle)}
    )
    roles = {r.role for r in user.group_roles if r.working_group_id in groups}
    if GroupRole.LEAD in roles:
        return "lead"
    if GroupRole.DEPUTY in roles:
        return "deputy"
    return "secretariat" if user.is_secretariat else ""


def acting_as(user: User, review: Review) -> dict[str, str]:
    """Return the role to keep in the audit entry of a step `user` takes on `review`.

    Nothing when they hold none of the three (the log then says the step without a role).
    """
    role = settler_role(user, review)
    return {ACTING_AS: role} if role else {}


def leads_of(review: Review) -> list[User]:
    """Leads and deputies of the review's group who are not the organisation's own members.

    The group the review was set up in (a review from before groups were kept: every
    group of the organisation), as permissions.leads_review_of decides who runs it.
    """
    organisation = review.assessment.organisation
    owner = review_group(review)
    year_groups = groups_of(organisation, review.assessment.cycle)
    groups = [owner] if owner is not None else [g.id for g in year_groups]
    return outside_leads(organisation.id, groups)


def runner_role(review: Review) -> str:
    """Name the role of who runs the review now: "lead", "deputy" or "secretariat".

    Those leads_of names (the to-do and the mails go to them): a lead of its group if any
    runs it, else a deputy (the lead being the organisation's own member), else the
    secretariat. The result page and the scorecard name them (QA57 m4: "the
    working-group lead is reviewing it again" when the deputy was).
    """
    roles = {settler_role(user, review) for user in leads_of(review)}
    return next((role for role in ("lead", "deputy") if role in roles), "secretariat")


def settlers_of(review: Review) -> dict[str, Settler]:
    """Map each settled item of the review to who settled it."""
    found: dict[str, Settler] = {}
    for settlement in review.settlements:
        user_id = settlement.settled_by_id
        user = db.session().get(User, user_id) if user_id is not None else None
        found[settlement.item_id] = (
            Settler("", "") if user is None else Settler(settler_role(user, review), user.name)
        )
    return found
