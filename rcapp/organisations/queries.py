"""Read-only lookups for the organisation and working-group pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.accounts.models import GroupRole, Membership, User, WorkingGroupRole
from rcapp.assessments.models import Assessment
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import (
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    WorkingGroup,
    WorkingGroupMember,
)
from rcapp.pagination import Page, paginate

LEADING_ROLES = (GroupRole.LEAD, GroupRole.DEPUTY)


@dataclass(frozen=True)
class OrganisationFilter:
    text: str = ""
    kind: OrganisationKind | None = None
    province: str = ""
    working_group_id: int | None = None
    commitment_status: CommitmentStatus | None = None


def search_organisations(
    filters: OrganisationFilter, viewer: User, number: int
) -> Page[Organisation]:
    """Organisations matching `filters` that `viewer` may see, by Chinese name."""
    return paginate(matching_organisations(filters, viewer), number)


def matching_organisations(filters: OrganisationFilter, viewer: User) -> Select[Organisation]:
    """Return the ordered query behind the list page (the Excel export runs it unpaginated)."""
    statement = _filtered(select(Organisation), filters)
    if not viewer.is_secretariat:
        statement = statement.where(Organisation.id.in_(_led_member_ids(viewer)))
    return statement.order_by(Organisation.name_zh, Organisation.id)


def _filtered(statement: Select[Organisation], f: OrganisationFilter) -> Select[Organisation]:
    if f.text:
        pattern = f"%{f.text}%"
        statement = statement.where(
            or_(
                Organisation.name_zh.ilike(pattern),
                Organisation.name_en.ilike(pattern),
                Organisation.credit_code.ilike(pattern),
            )
        )
    if f.kind is not None:
        statement = statement.where(Organisation.kind == f.kind)
    if f.province:
        statement = statement.where(Organisation.province == f.province)
    if f.commitment_status is not None:
        statement = statement.where(Organisation.commitment_status == f.commitment_status)
    if f.working_group_id is not None:
        members = select(WorkingGroupMember.organisation_id).where(
            WorkingGroupMember.working_group_id == f.working_group_id
        )
        statement = statement.where(Organisation.id.in_(members))
    return statement


def _led_member_ids(viewer: User) -> Select[int]:
    led = [r.working_group_id for r in viewer.group_roles if r.role in LEADING_ROLES]
    return select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id.in_(led)
    )


def parks(excluding: Organisation | None = None) -> list[Organisation]:
    statement = select(Organisation).where(Organisation.kind == OrganisationKind.PARK)
    if excluding is not None and excluding.id is not None:
        statement = statement.where(Organisation.id != excluding.id)
    return list(db.session().scalars(statement.order_by(Organisation.name_zh)))


def all_organisations() -> list[Organisation]:
    return list(db.session().scalars(select(Organisation).order_by(Organisation.name_zh)))


def working_groups() -> list[WorkingGroup]:
    return list(db.session().scalars(select(WorkingGroup).order_by(WorkingGroup.code)))


def groups_visible_to(viewer: User) -> list[WorkingGroup]:
    statement = select(WorkingGroup).options(selectinload(WorkingGroup.organisations))
    if not viewer.is_secretariat:
        led = [r.working_group_id for r in viewer.group_roles if r.role in LEADING_ROLES]
        statement = statement.where(WorkingGroup.id.in_(led))
    return list(db.session().scalars(statement.order_by(WorkingGroup.code)))


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


def assessments_of(organisation: Organisation) -> list[Assessment]:
    statement = (
        select(Assessment)
        .join(ReportingCycle)
        .where(Assessment.organisation_id == organisation.id)
        .order_by(ReportingCycle.year.desc())
    )
    return list(db.session().scalars(statement))


def residents_of(park: Organisation) -> list[Organisation]:
    """Companies that sit in `park` (empty for a company)."""
    if park.kind is not OrganisationKind.PARK:
        return []
    statement = select(Organisation).where(Organisation.park_id == park.id)
    return list(db.session().scalars(statement.order_by(Organisation.name_zh)))
