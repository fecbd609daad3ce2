"""Builders for test data: defaults make a valid object; tests set only what they assert on."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, OrgRole, User, WorkingGroupRole
from rcapp.assessments.models import Assessment
from rcapp.clock import beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_organisation(**fields: Any) -> Organisation:
    n = next(_counter)
    values: dict[str, Any] = {
        "kind": OrganisationKind.COMPANY,
        "name_zh": f"测试化工有限公司{n}",
        "name_en": f"Test Chemicals Co. {n}",
        "credit_code": f"TESTCODE{n:010d}",
        "province": "江苏省",
        "city": "南京市",
    }
    values.update(fields)
    organisation = Organisation(**values)
    db.session().add(organisation)
    db.session().flush()
    return organisation


def make_user(
    organisation: Organisation | None = None,
    role: OrgRole = OrgRole.MEMBER,
    **fields: Any,
) -> User:
    n = next(_counter)
    user = accounts.create_user(
        fields.pop("email", f"user{n}@example.cn"),
        fields.pop("name", f"用户{n}"),
        password=fields.pop("password", PASSWORD),
        **fields,
    )
    if organisation is not None:
        accounts.add_membership(user, organisation.id, role)
    return user


def make_working_group(**fields: Any) -> WorkingGroup:
    n = next(_counter)
    values: dict[str, Any] = {
        "code": f"WG{n}",
        "kind": "code",
        "name_zh": f"工作组{n}",
        "name_en": f"Working group {n}",
    }
    values.update(fields)
    group = WorkingGroup(**values)
    db.session().add(group)
    db.session().flush()
    return group


def make_group_role(user: User, group: WorkingGroup, role: GroupRole) -> WorkingGroupRole:
    group_role = WorkingGroupRole(user=user, working_group=group, role=role)
    db.session().add(group_role)
    db.session().flush()
    return group_role


def make_cycle(**fields: Any) -> ReportingCycle:
    values: dict[str, Any] = {
        "year": 2025,
        "company_rubric_id": "mini-company",
        "company_rubric_version": 1,
        "park_rubric_id": "mini-company",
        "park_rubric_version": 1,
        # Open for submissions whatever the machine's date (deadlines are enforced).
        "deadline": beijing_today() + dt.timedelta(days=120),
    }
    values.update(fields)
    cycle = ReportingCycle(**values)
    db.session().add(cycle)
    db.session().flush()
    return cycle


def make_assessment(organisation: Organisation, cycle: ReportingCycle, **fields: Any) -> Assessment:
    values: dict[str, Any] = {
        "organisation": organisation,
        "cycle": cycle,
        "rubric_id": cycle.company_rubric_id,
        "rubric_version": cycle.company_rubric_version,
        "rubric_sha256": "0" * 64,
    }
    values.update(fields)
    assessment = Assessment(**values)
    db.session().add(assessment)
    db.session().flush()
    return assessment
