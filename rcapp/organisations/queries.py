"""Read-only lookups for the organisation and working-group pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from rcapp import db
from rcapp.organisations.former_names import named_like
from rcapp.organisations.models import (
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    WorkingGroup,
    WorkingGroupMember,
)
from rcapp.pagination import Page, paginate


@dataclass(frozen=True)
class OrganisationFilter:
    text: str = ""
    kind: OrganisationKind | None = None
    province: str = ""
    working_group_id: int | None = None
    commitment_status: CommitmentStatus | None = None


def search_organisations(
    filters: OrganisationFilter, led_groups: frozenset[int] | None, number: int, lang: str = "zh"
) -> Page[Organisation]:
    """Organisations matching `filters`, by the name the page shows (`lang`: "zh" or "en").

    `led_groups` limits them to members of those working groups (None: every organisation).
    """
    return paginate(matching_organisations(filters, led_groups, lang), number)


def matching_organisations(
    filters: OrganisationFilter, led_groups: frozenset[int] | None, lang: str = "zh"
) -> Select[Organisation]:
    """Return the ordered query behind the list page (the Excel export runs it unpaginated).

    Chinese pages sort by the Chinese name's pinyin; English pages by the English name, and
    an organisation without one (shown by its Chinese name) by that pinyin among them.
    """
    statement = _filtered(select(Organisation), filters)
    if led_groups is not None:
        statement = statement.where(Organisation.id.in_(_member_ids(led_groups)))
    if lang == "en":
        shown = func.coalesce(
            func.lower(func.nullif(Organisation.name_en, "")), Organisation.name_sort
        )
        return statement.order_by(shown, Organisation.name_sort, Organisation.id)
    return statement.order_by(Organisation.name_sort, Organisation.name_zh, Organisation.id)


def listed_order(organisations: Iterable[Organisation], lang: str) -> list[Organisation]:
    """Sort organisations in memory as the list page's query does (matching_organisations)."""

    def key(o: Organisation) -> tuple[str, str, int]:
        if lang == "en":
            return ((o.name_en or "").lower() or o.name_sort, o.name_sort, o.id)
        return (o.name_sort, o.name_zh, o.id)

    return sorted(organisations, key=key)


def _filtered(statement: Select[Organisation], f: OrganisationFilter) -> Select[Organisation]:
    if f.text:
        pattern = f"%{f.text}%"
        statement = statement.where(
            or_(
                Organisation.name_zh.ilike(pattern),
                Organisation.name_en.ilike(pattern),
                Organisation.credit_code.ilike(pattern),
                named_like(f.text),
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


def member_ids(group_id: int) -> set[int]:
    """Return the ids of a working group's member organisations."""
    return set(db.session().scalars(_member_ids(frozenset({group_id}))))


def _member_ids(groups: frozenset[int]) -> Select[int]:
    return select(WorkingGroupMember.organisation_id).where(
        WorkingGroupMember.working_group_id.in_(groups)
    )


def parks(excluding: Organisation | None = None) -> list[Organisation]:
    statement = select(Organisation).where(Organisation.kind == OrganisationKind.PARK)
    if excluding is not None and excluding.id is not None:
        statement = statement.where(Organisation.id != excluding.id)
    return list(
        db.session().scalars(statement.order_by(Organisation.name_sort, Organisation.name_zh))
    )


def all_organisations() -> list[Organisation]:
    return list(
        db.session().scalars(
            select(Organisation).order_by(Organisation.name_sort, Organisation.name_zh)
        )
    )


def working_groups() -> list[WorkingGroup]:
    return list(db.session().scalars(select(WorkingGroup).order_by(WorkingGroup.code)))


def groups_with_members(only: frozenset[int] | None) -> list[WorkingGroup]:
    """Working groups with their member organisations; `only` these ids (None: all)."""
    statement = select(WorkingGroup).options(selectinload(WorkingGroup.organisations))
    if only is not None:
        statement = statement.where(WorkingGroup.id.in_(only))
    return list(db.session().scalars(statement.order_by(WorkingGroup.code)))


def residents_of(park: Organisation) -> list[Organisation]:
    """Companies that sit in `park` (empty for a company)."""
    if park.kind is not OrganisationKind.PARK:
        return []
    statement = select(Organisation).where(Organisation.park_id == park.id)
    return list(
        db.session().scalars(statement.order_by(Organisation.name_sort, Organisation.name_zh))
    )
