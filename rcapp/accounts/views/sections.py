"""What accounts add to the organisation and working-group pages (see organisations.hooks)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_login import current_user

from rcapp.accounts import queries
from rcapp.accounts.forms import GroupRoleForm
from rcapp.organisations.hooks import GROUP_PAGE, ORGANISATION_PAGE, PageSection, add_section
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.permissions import Action, can


def organisation_users(organisation: Organisation) -> Mapping[str, Any] | None:
    """List the organisation's users for those who manage them (None hides the section)."""
    if not can(current_user, Action.ORG_MANAGE_USERS, organisation):
        return None
    return {"memberships": queries.memberships_of(organisation)}


def group_roles(group: WorkingGroup) -> Mapping[str, Any]:
    """Who leads the group; the secretariat also gets the assignment form."""
    may_assign = can(current_user, Action.USERS_MANAGE)
    return {"roles": queries.group_roles(group), "form": GroupRoleForm() if may_assign else None}


def register(app: Flask) -> None:
    add_section(
        app,
        ORGANISATION_PAGE,
        PageSection("users", "accounts/_organisation_users.html", organisation_users),
    )
    add_section(app, GROUP_PAGE, PageSection("roles", "accounts/_group_roles.html", group_roles))
