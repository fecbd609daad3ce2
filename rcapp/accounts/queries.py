"""Read-only lookups for the users pages."""

from __future__ import annotations

import enum

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.accounts.models import Membership, User, WorkingGroupRole
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.pagination import Page, paginate


class UserStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"


def search_users(text: str, status: UserStatus | None, number: int) -> Page[User]:
    """Users whose name, e-mail or organisation name contains `text`, by name."""
    statement = select(User).options(
        selectinload(User.memberships).selectinload(Membership.organisation)
    )
    if text:
        pattern = f"%{text.strip()}%"
        in_orgs = (
            select(Membership.user_id)
            .join(Organisation)
            .where(or_(Organisation.name_zh.ilike(pattern), Organisation.credit_code == text))
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
        .order_by(WorkingGroupRole.role, User.name)
    )
    return list(db.session().scalars(statement))


def memberships_of(organisation: Organisation) -> list[Membership]:
    statement = (
        select(Membership)
        .join(User)
        .where(Membership.organisation_id == organisation.id)
        .options(selectinload(Membership.user))
        .order_by(Membership.role, User.name)
    )
    return list(db.session().scalars(statement))
