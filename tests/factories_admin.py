"""Builders for the administration tests: valid credit codes and one user of every role."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Session

import rcapp.all_models  # noqa: F401 - every table must be known to the snapshot
from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.db import Base
from rcapp.organisations.credit_code import check_character
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from tests.factories import make_group_role, make_organisation, make_user, make_working_group

_serial = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    """A valid unified social credit code (a company registered in Nanjing), unique per call."""
    number = next(_serial) if serial is None else serial
    first17 = f"91320100{number:09d}"
    return first17 + check_character(first17)


def make_org(**fields: Any) -> Organisation:
    fields.setdefault("credit_code", credit_code())
    return make_organisation(**fields)


def make_park(**fields: Any) -> Organisation:
    n = next(_serial)
    fields.setdefault("name_zh", f"测试化工园区{n}")
    return make_org(kind=OrganisationKind.PARK, **fields)


def make_secretariat(**fields: Any) -> User:
    return make_user(is_secretariat=True, **fields)


@dataclass
class Cast:
    """One user per role around `organisation`, plus a second organisation and its admin.

    The lead, deputy and reviewer work for `outsider_org` and hold their role in `group`,
    which `organisation` belongs to; `other_org` is in no group.
    """

    organisation: Organisation
    other_org: Organisation
    outsider_org: Organisation
    group: WorkingGroup
    secretariat: User
    lead: User
    deputy: User
    reviewer: User
    admin: User
    member: User
    other_admin: User

    def by_role(self) -> dict[str, User]:
        return {
            "secretariat": self.secretariat,
            "lead": self.lead,
            "deputy": self.deputy,
            "reviewer": self.reviewer,
            "admin": self.admin,
            "member": self.member,
        }


def make_cast() -> Cast:
    organisation = make_org(name_zh="甲化工有限公司")
    other_org = make_org(name_zh="乙化工有限公司")
    outsider_org = make_org(name_zh="丙化工有限公司")
    group = make_working_group()
    organisation.working_groups.append(group)
    lead = make_user(outsider_org, email="lead@example.cn", name="组长")
    deputy = make_user(outsider_org, email="deputy@example.cn", name="副组长")
    reviewer = make_user(outsider_org, email="reviewer@example.cn", name="评审员")
    make_group_role(lead, group, GroupRole.LEAD)
    make_group_role(deputy, group, GroupRole.DEPUTY)
    make_group_role(reviewer, group, GroupRole.REVIEWER)
    return Cast(
        organisation=organisation,
        other_org=other_org,
        outsider_org=outsider_org,
        group=group,
        secretariat=make_secretariat(email="sec@example.cn", name="秘书处"),
        lead=lead,
        deputy=deputy,
        reviewer=reviewer,
        admin=make_user(organisation, OrgRole.ADMIN, email="admin@example.cn", name="管理员"),
        member=make_user(organisation, OrgRole.MEMBER, email="member@example.cn", name="填报人"),
        other_admin=make_user(other_org, OrgRole.ADMIN, email="other@example.cn", name="乙管理员"),
    )


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a refused request changed nothing."""
    existing = set(inspect(session.connection()).get_table_names())
    tables: list[Table] = [t for t in Base.metadata.sorted_tables if t.name in existing]
    return {
        table.name: sorted(
            (tuple(row) for row in session.execute(select(table))), key=lambda row: repr(row)
        )
        for table in tables
    }
