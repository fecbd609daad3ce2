"""Read-only lookups for the users pages."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import String, bindparam, case, func, literal_column, or_, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.accounts.models import GroupRole, Invitation, Membership, User, WorkingGroupRole
from rcapp.object_cache import PerKey
from rcapp.organisations.former_names import named_like
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.organisations.name_order import pinyin_key
from rcapp.pagination import Page, paginate
from rcapp.permissions import Grants


class UserStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


# The separator written into the statement: given as a string, it would be a value that
# SQLAlchemy puts into the statement's text anew on every run (a post-compile parameter).
_COMMA: Any = literal_column("','")


def _roles_of_user(target: Any, role: Any, user_id: Any) -> Any:
    """One string of the user's `<target id>:<role>` pairs, comma-separated (any order)."""
    pair = func.cast(target, String) + ":" + role
    return select(func.aggregate_strings(pair, _COMMA)).where(user_id == User.id).scalar_subquery()


# Built once: the login loader runs it on every request.
_USER_WITH_ROLES = select(
    User,
    _roles_of_user(Membership.organisation_id, Membership.role, Membership.user_id),
    _roles_of_user(
        WorkingGroupRole.working_group_id, WorkingGroupRole.role, WorkingGroupRole.user_id
    ),
).where(User.id == bindparam("user_id"))


def user_for_request(user_id: int) -> User | None:
    """Load a user with their organisation and group roles as plain values, in one query.

    The roles are read fresh with the row every time (the rules must see a removed role on
    the very next request); only parsing them is kept per process.
    """
    row = db.session().execute(_USER_WITH_ROLES, {"user_id": user_id}).one_or_none()
    if row is None:
        return None
    user: User = row[0]
    org_roles, group_roles = row[1], row[2]
    user.keep_loaded_grants(
        _grants.get((org_roles, group_roles), lambda: _parse(org_roles, group_roles))
    )
    return user


# Distinct role sets in use: a few per organisation.
_grants: PerKey[tuple[str | None, str | None], Grants] = PerKey(size=4096)


def _pairs(joined: str | None) -> list[tuple[int, str]]:
    found = []
    for pair in (joined or "").split(","):
        if pair:
            target, _, role = pair.partition(":")
            found.append((int(target), role))
    return found


def _parse(org_roles: str | None, group_roles: str | None) -> Grants:
    return Grants.of(_pairs(org_roles), _pairs(group_roles))


def search_users(text: str, status: UserStatus | None, number: int) -> Page[User]:
    """Users whose name, e-mail or organisation name contains `text`, by name.

    The organisation's names include its former names (曾用名): a user found by the name
    their organisation had is found still.
    """
    statement = select(User).options(
        selectinload(User.memberships).selectinload(Membership.organisation)
    )
    if text:
        pattern = f"%{text.strip()}%"
        in_orgs = (
            select(Membership.user_id)
            .join(Organisation)
            .where(
                or_(
                    Organisation.name_zh.ilike(pattern),
                    Organisation.credit_code == text,
                    named_like(text.strip()),
                )
            )
        )
        statement = statement.where(
            or_(User.name.ilike(pattern), User.email.ilike(pattern), User.id.in_(in_orgs))
        )
    if status is not None:
        statement = statement.where(User.is_active.is_(status is UserStatus.ACTIVE))
    return paginate(statement.order_by(User.name, User.id), number)


def find_membership(organisation_id: int, user_id: int) -> Membership | None:
    return db.session().scalar(
        select(Membership).where(
            Membership.organisation_id == organisation_id, Membership.user_id == user_id
        )
    )


def group_roles(group: WorkingGroup) -> list[WorkingGroupRole]:
    statement = (
        select(WorkingGroupRole)
        .join(User)
        .where(WorkingGroupRole.working_group_id == group.id)
        # the table names each holder's organisation (qa51 S5): read with the rows
        .options(
            selectinload(WorkingGroupRole.user)
            .selectinload(User.memberships)
            .selectinload(Membership.organisation)
        )
        .order_by(_GROUP_ROLE_ORDER, User.name)
    )
    return list(db.session().scalars(statement))


# The lead first, then deputies, then reviewers (not the keys' alphabetical order).
_GROUP_ROLE_ORDER = case(
    {GroupRole.LEAD: 0, GroupRole.DEPUTY: 1, GroupRole.REVIEWER: 2},
    value=WorkingGroupRole.role,
    else_=3,
)


def memberships_of(organisation: Organisation) -> list[Membership]:
    """Return the organisation's users: active accounts first, then by name (the page says so).

    By role first, a role change moved the person to the other end of the list (qa60 #11).
    Names sort by their pinyin, as organisations' do (users keep no sort key: a handful of
    rows, sorted here).
    """
    statement = (
        select(Membership)
        .where(Membership.organisation_id == organisation.id)
        .options(selectinload(Membership.user))
    )
    return sorted(
        db.session().scalars(statement),
        key=lambda m: (not m.user.is_active, pinyin_key(m.user.name), m.user.name, m.user_id),
    )


def newest_invitations(user_ids: list[int]) -> dict[int, Invitation]:
    """Each user's newest invitation (sent, expiring or expired, used or not), by user id."""
    if not user_ids:
        return {}
    newest: dict[int, Invitation] = {}
    for invitation in db.session().scalars(
        select(Invitation).where(Invitation.user_id.in_(user_ids)).order_by(Invitation.id)
    ):
        newest[invitation.user_id] = invitation
    return newest


def group_roles_of(user: User) -> list[WorkingGroupRole]:
    """Return the user's working-group roles, lead first, with their groups."""
    statement = (
        select(WorkingGroupRole)
        .join(WorkingGroup)
        .where(WorkingGroupRole.user_id == user.id)
        .options(selectinload(WorkingGroupRole.working_group))
        .order_by(_GROUP_ROLE_ORDER, WorkingGroup.code)
    )
    return list(db.session().scalars(statement))


def outside_leads(organisation_id: int, group_ids: list[int]) -> list[User]:
    """Leads and deputies of the groups who are not members of the organisation, by name.

    Those who run its peer review: a lead of its own organisation does not (conflict).
    """
    own = select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    statement = (
        select(User)
        .join(WorkingGroupRole, WorkingGroupRole.user_id == User.id)
        .where(
            WorkingGroupRole.working_group_id.in_(group_ids),
            WorkingGroupRole.role.in_((GroupRole.LEAD, GroupRole.DEPUTY)),
            User.id.not_in(own),
        )
        .order_by(User.name)
    )
    return list(db.session().scalars(statement))  # reachable() drops repeats


def secretariat_users() -> list[User]:
    statement = select(User).where(User.is_secretariat.is_(True)).order_by(User.name)
    return list(db.session().scalars(statement))
