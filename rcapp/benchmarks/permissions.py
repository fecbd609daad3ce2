"""Who sees which benchmarks: members their own position, leads and the secretariat names."""

from __future__ import annotations

from typing import Any

from rcapp.accounts.models import GroupRole, User
from rcapp.benchmarks.stats import GroupKind
from rcapp.cycles.closed_groups import groups_of
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import NotAllowed
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.permissions import grants_of

LEADS = (GroupRole.LEAD, GroupRole.DEPUTY)


def _active(user: Any) -> bool:
    return isinstance(user, User) and user.is_active


def leads(user: User, group: WorkingGroup) -> bool:
    return any(r.working_group_id == group.id and r.role in LEADS for r in user.group_roles)


def can_see_position(
    user: User | Any, organisation: Organisation, cycle: ReportingCycle | None = None
) -> bool:
    """Allow the organisation's members, its groups' leads and the secretariat.

    For a `cycle`, the leads of the groups it was in that year too (kept at the close): a
    lead whose group it has left since still sees the year the group benchmarked it.
    """
    if not _active(user):
        return False
    # the roles loaded with the user row (grants_of): no collection read on every page
    grants = grants_of(user)
    if user.is_secretariat or grants.org_role(organisation.id) is not None:
        return True
    groups = list(organisation.working_groups)
    if cycle is not None:
        groups += groups_of(organisation, cycle)
    return any(group.id in grants.led for group in groups)


def can_compare(user: User | Any, group: WorkingGroup) -> bool:
    """Side by side with names: the group's lead or deputy, and the secretariat."""
    return _active(user) and (user.is_secretariat or leads(user, group))


def sees_names(user: User | Any, kind: GroupKind, key: str) -> bool:
    """Whether the user sees a peer group's members by name, and so all its statistics.

    The secretariat sees every group's; a working group's lead and deputy their group's
    (side by side). Everyone else sees a group by the member rule (disclosure).
    """
    if not _active(user):
        return False
    if user.is_secretariat:
        return True
    return kind is GroupKind.WORKING_GROUP and any(
        r.working_group_id == int(key) and r.role in LEADS for r in user.group_roles
    )


def can_see_residents(user: User | Any, park: Organisation) -> bool:
    """Allow a park's residents as a group to its own office's people and the secretariat."""
    if not _active(user) or park.kind is not OrganisationKind.PARK:
        return False
    return user.is_secretariat or any(m.organisation_id == park.id for m in user.memberships)


def require(allowed: bool, what: str) -> None:
    if not allowed:
        raise NotAllowed(what)
