"""The permission matrix (role × action), enforced here and nowhere else.

docs/permissions.md is the readable form of `RULES`; a test checks both agree.
Views call `require(user, action, target)`; templates call `can(...)` to hide links.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import Flask, current_app, has_app_context

from rcapp.errors import Locked, NotAllowed

# Role values as stored (accounts.models.OrgRole / GroupRole are StrEnums of these), so this
# shared module needs no domain import: every package's views can check permissions.
ORG_ADMIN = "admin"
LEADING_ROLES = frozenset({"lead", "deputy"})


class Principal(Protocol):
    """Who acts: a logged-in user (accounts.models.User) or the CLI's stand-in."""

    @property
    def id(self) -> int: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_secretariat(self) -> bool: ...


class Subject(enum.StrEnum):
    """What a rule is about; each model names itself in `permission_subject`."""

    ORGANISATION = "organisation"
    ASSESSMENT = "assessment"
    WORKING_GROUP = "working_group"


def subject_of(target: Any) -> Subject | None:
    value = getattr(target, "permission_subject", None)
    return None if value is None else Subject(value)


class Action(enum.StrEnum):
    ORG_LIST = "org.list"
    ORG_CREATE = "org.create"
    ORG_VIEW = "org.view"
    ORG_EDIT = "org.edit"
    # the site address, HSE contact, phone and e-mail (on-site reviewers: reviews.site_contact)
    ORG_CONTACT_VIEW = "org.contact_view"
    ORG_MANAGE_USERS = "org.manage_users"
    ORG_TEMPLATE = "org.template"
    USERS_MANAGE = "users.manage"
    CYCLE_MANAGE = "cycle.manage"
    ASSESSMENT_START = "assessment.start"
    ASSESSMENT_VIEW = "assessment.view"
    ASSESSMENT_EDIT = "assessment.edit"
    ASSESSMENT_SUBMIT = "assessment.submit"
    ASSESSMENT_RETURN = "assessment.return"
    RESULT_VIEW = "result.view"
    EVIDENCE_VIEW = "evidence.view"
    EVIDENCE_UPLOAD = "evidence.upload"
    AUDIT_VIEW = "audit.view"
    GROUP_VIEW = "group.view"
    GROUP_MANAGE = "group.manage"
    ANNUAL_REPORT_READ = "annual_report.read"


@dataclass(frozen=True)
class Grants:
    """What the rules read of a user's roles: organisation roles and working-group roles.

    Plain values (organisation id, role) and (working-group id, role), sorted, so equal
    roles give equal (and hashable) grants. The login loader reads them with the user row
    on every request (`User.loaded_grants`); a user object without them is read through
    its `memberships` and `group_roles`.
    """

    org_roles: tuple[tuple[int, str], ...]
    group_roles: tuple[tuple[int, str], ...]
    _by_org: dict[int, str] = field(init=False, repr=False, compare=False, hash=False)
    led: frozenset[int] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_org", dict(self.org_roles))
        led = frozenset(g for g, role in self.group_roles if role in LEADING_ROLES)
        object.__setattr__(self, "led", led)

    @classmethod
    def of(
        cls, org_roles: Iterable[tuple[int, str]], group_roles: Iterable[tuple[int, str]]
    ) -> Grants:
        return cls(tuple(sorted(org_roles)), tuple(sorted(group_roles)))

    def org_role(self, organisation_id: int) -> str | None:
        return self._by_org.get(organisation_id)


def grants_of(user: Any) -> Grants:
    """Return `user`'s grants: as loaded with the user row while valid, else from its roles."""
    loaded = getattr(user, "loaded_grants", None)
    found = loaded() if callable(loaded) else None
    if isinstance(found, Grants):
        return found
    return Grants.of(
        ((m.organisation_id, str(m.role)) for m in user.memberships),
        ((r.working_group_id, str(r.role)) for r in user.group_roles),
    )


def _org_role(user: Any, organisation_id: int) -> str | None:
    return grants_of(user).org_role(organisation_id)


def _is_member(user: Any, organisation_id: int) -> bool:
    return _org_role(user, organisation_id) is not None


def _is_org_admin(user: Any, organisation_id: int) -> bool:
    return _org_role(user, organisation_id) == ORG_ADMIN


def led_group_ids(user: Any) -> frozenset[int]:
    """Working groups `user` leads or deputises for."""
    return grants_of(user).led


_YEAR_GROUPS = "rcapp.year_groups"


def set_year_groups(app: Flask, reader: Callable[[Any, Any], Iterable[Any]]) -> None:
    """Register `reader(organisation, cycle)`: its groups in that year (cycles.closed_groups)."""
    app.extensions[_YEAR_GROUPS] = reader


def _leads_group_of(user: Any, organisation: Any, target: Any = None) -> bool:
    """Working-group lead or deputy of a group the organisation belongs to.

    In the target's year when it has one (an assessment): a closed year's groups are those
    kept at its close, so its lead still sees that year's work of a member that moved.
    """
    led = led_group_ids(user)
    cycle = getattr(target, "cycle", None)
    known = cycle is not None and has_app_context()
    reader = current_app.extensions.get(_YEAR_GROUPS) if known else None
    groups = organisation.working_groups if reader is None else reader(organisation, cycle)
    return any(group.id in led for group in groups)


def _in_the_programme(user: Any) -> bool:
    """Tell whether the user belongs to an organisation or holds a working-group role."""
    grants = grants_of(user)
    return bool(grants.org_roles or grants.group_roles)


def _is_lead(user: Any) -> bool:
    return bool(led_group_ids(user))


def _leads_group(user: Any, target: Any) -> bool:
    """Lead or deputy of the target working group; with no target, of any group."""
    if target is None:
        return _is_lead(user)
    return subject_of(target) is Subject.WORKING_GROUP and target.id in led_group_ids(user)


def _org_of(target: Any) -> Any:
    subject = subject_of(target)
    if subject is Subject.ORGANISATION:
        return target
    if subject is Subject.ASSESSMENT:
        return target.organisation
    raise TypeError(f"no organisation for {target!r}")


def _submitted(target: Any) -> bool:
    return subject_of(target) is Subject.ASSESSMENT and target.status == "submitted"


Rule = Callable[[Any, Any], bool]


def _own_or_led(user: Any, target: Any) -> bool:
    org = _org_of(target)
    return _is_member(user, org.id) or _leads_group_of(user, org, target)


def _own_or_led_submitted(user: Any, target: Any) -> bool:
    """Members see their own assessment in any state; leads only once it is submitted.

    A lead usually works for a competitor, so drafts, returned answers and their evidence
    stay private until the organisation submits.
    """
    org = _org_of(target)
    if _is_member(user, org.id):
        return True
    return _submitted(target) and _leads_group_of(user, org, target)


def _own_editable(user: Any, target: Any) -> bool:
    return (
        subject_of(target) is Subject.ASSESSMENT
        and target.is_editable
        and target.cycle.is_open
        and _is_member(user, target.organisation_id)
    )


RULES: dict[Action, Rule] = {
    Action.ORG_LIST: lambda u, _t: _is_lead(u),
    Action.ORG_CREATE: lambda _u, _t: False,
    Action.ORG_VIEW: _own_or_led,
    Action.ORG_EDIT: lambda u, t: _is_org_admin(u, _org_of(t).id),
    Action.ORG_CONTACT_VIEW: _own_or_led,
    Action.ORG_MANAGE_USERS: lambda u, t: _is_org_admin(u, _org_of(t).id),
    # the blank template before an assessment: members only (it lists the event register)
    Action.ORG_TEMPLATE: lambda u, t: _is_member(u, _org_of(t).id),
    Action.USERS_MANAGE: lambda _u, _t: False,
    Action.CYCLE_MANAGE: lambda _u, _t: False,
    Action.ASSESSMENT_START: lambda u, t: _is_member(u, _org_of(t).id),
    Action.ASSESSMENT_VIEW: _own_or_led_submitted,
    Action.ASSESSMENT_EDIT: _own_editable,
    Action.ASSESSMENT_SUBMIT: _own_editable,
    Action.ASSESSMENT_RETURN: lambda _u, _t: False,
    Action.RESULT_VIEW: _own_or_led_submitted,
    Action.EVIDENCE_VIEW: _own_or_led_submitted,
    Action.EVIDENCE_UPLOAD: _own_editable,
    Action.AUDIT_VIEW: lambda _u, _t: False,
    Action.GROUP_VIEW: _leads_group,
    Action.GROUP_MANAGE: lambda _u, _t: False,
    # the published annual report is written for the whole industry: every member reads it
    Action.ANNUAL_REPORT_READ: lambda u, _t: _in_the_programme(u),
}

# What the secretariat may do beyond everyone else: everything except filling in
# an organisation's own answers (it returns an assessment for revision instead).
SECRETARIAT_DENIED = frozenset(
    {
        Action.ASSESSMENT_START,
        Action.ASSESSMENT_EDIT,
        Action.ASSESSMENT_SUBMIT,
        Action.EVIDENCE_UPLOAD,
    }
)
SECRETARIAT_NEEDS_SUBMITTED = frozenset({Action.ASSESSMENT_RETURN})


def can(user: Any, action: Action, target: Any = None) -> bool:
    """Whether `user` may do `action` on `target` (an Organisation, Assessment or None).

    Anonymous visitors (Flask-Login's stand-in) and deactivated users may do nothing.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_secretariat:
        if action in SECRETARIAT_DENIED:
            return False
        if action in SECRETARIAT_NEEDS_SUBMITTED:
            # Only in an open year: a closed year's results are frozen, and a returned
            # assessment there could never be submitted again.
            return _submitted(target) and target.cycle.is_open
        return True
    return RULES[action](user, target)


# Writing actions a member is refused only while the assessment is locked.
LOCKABLE = frozenset({Action.ASSESSMENT_EDIT, Action.ASSESSMENT_SUBMIT, Action.EVIDENCE_UPLOAD})


def locked_only(user: Any, action: Action, target: Any) -> bool:
    """Whether `user` is refused `action` on `target` only because it is locked.

    A member of the organisation, the assessment submitted (or returned to nobody) or its
    year closed: the same action would be allowed on an editable assessment.
    """
    return (
        action in LOCKABLE
        and subject_of(target) is Subject.ASSESSMENT
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and not user.is_secretariat
        and _is_member(user, target.organisation_id)
        and not (target.is_editable and target.cycle.is_open)
    )


def require(user: Any, action: Action, target: Any = None) -> None:
    """Raise NotAllowed (shown as 403) unless `can(user, action, target)`.

    Locked (shown as 409, with the reason) when only the assessment's lock stands in the way.
    """
    if not can(user, action, target):
        if locked_only(user, action, target):
            raise Locked(action.value, target)
        raise NotAllowed(action.value)
