"""Builders for test data: defaults make a valid object; tests set only what they assert on.

Organisations get a real unified social credit code (valid check character), assessments
the real sha256 of their pinned test rubric, users the shared test password.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, inspect, select
from sqlalchemy.orm import Session

import rcapp.all_models  # noqa: F401 - every table must be known to all_rows()
from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.accounts.models import GroupRole, OrgRole, User, WorkingGroupRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment, AssessmentStatus, ScorecardSnapshot, SnapshotKind
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.clock import beijing_today
from rcapp.cycles.deadlines import submitted_after_deadline
from rcapp.cycles.models import ReportingCycle
from rcapp.db import Base
from rcapp.organisations.credit_code import check_character
from rcapp.organisations.models import Organisation, OrganisationKind, WorkingGroup
from rcapp.rubrics.model import Rubric
from tests.conftest import TEST_RUBRICS_DIR

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    """A valid unified social credit code (a company registered in Nanjing), unique per call."""
    number = next(_counter) if serial is None else serial
    first17 = f"91320100{number:09d}"
    return first17 + check_character(first17)


def rubric_sha256(rubric_id: str, version: int) -> str:
    """The sha256 of a test rubric file, as the registry pins it ("0" * 64 if there is none)."""
    path = TEST_RUBRICS_DIR / rubric_id / f"v{version}.yaml"
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "0" * 64


# --- organisations, users, working groups -------------------------------------------------


def make_organisation(**fields: Any) -> Organisation:
    n = next(_counter)
    values: dict[str, Any] = {
        "kind": OrganisationKind.COMPANY,
        "name_zh": f"测试化工有限公司{n}",
        "name_en": f"Test Chemicals Co. {n}",
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南京市",
    }
    values.update(fields)
    organisation = Organisation(**values)
    db.session().add(organisation)
    db.session().flush()
    return organisation


def make_park(**fields: Any) -> Organisation:
    fields.setdefault("name_zh", f"测试化工园区{next(_counter)}")
    return make_organisation(kind=OrganisationKind.PARK, **fields)


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


def make_group_deputy(group: WorkingGroup, name: str = "郑凯") -> User:
    """A deputy lead of `group`, from an organisation of their own (not one of its members)."""
    deputy = make_user(make_organisation(), name=name)
    make_group_role(deputy, group, GroupRole.DEPUTY)
    return deputy


def make_group_lead(group: WorkingGroup) -> User:
    """A lead of `group`, from an organisation of their own (not one of its members)."""
    lead = make_user(make_organisation())
    make_group_role(lead, group, GroupRole.LEAD)
    return lead


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
    organisation = make_organisation(name_zh="甲化工有限公司")
    other_org = make_organisation(name_zh="乙化工有限公司")
    outsider_org = make_organisation(name_zh="丙化工有限公司")
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


# --- cycles and assessments ---------------------------------------------------------------


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
        "rubric_sha256": rubric_sha256(cycle.company_rubric_id, cycle.company_rubric_version),
    }
    values.update(fields)
    if values.get("submitted_at") is not None and "submitted_late" not in values:
        # as services.submit_assessment judges it, against the cycle's deadline of now
        values["submitted_late"] = submitted_after_deadline(cycle.deadline, values["submitted_at"])
    assessment = Assessment(**values)
    db.session().add(assessment)
    db.session().flush()
    return assessment


def mark_reported(assessment: Assessment) -> None:
    """Make an earlier year's assessment (KPI data only) a reported year: submitted.

    An earlier year's KPI data count only when its assessment was submitted
    (rcapp.assessments.reported); tests that need last year's figures mark it so.
    """
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = dt.datetime(assessment.cycle.year + 1, 2, 1, tzinfo=dt.UTC)
    db.session().flush()


def make_final_stars(assessment: Assessment, stars: int, *, rated: bool = True) -> None:
    """Keep the final scorecard a finished peer review writes (only its stars and rated read)."""
    db.session().add(
        ScorecardSnapshot(
            assessment_id=assessment.id,
            kind=SnapshotKind.FINAL,
            rubric_id=assessment.rubric_id,
            rubric_version=assessment.rubric_version,
            rubric_sha256=assessment.rubric_sha256,
            codec_version=1,
            scorecard="{}",
            review_context="{}",
            stars=stars,
            rated=rated,
        )
    )
    db.session().flush()


# Complete answers to the mini rubric (tests/data/rubrics/mini-company/v1.yaml).
FULL_ANSWERS: dict[str, dict[str, ItemInput]] = {
    "MS": {
        "MS.G1.1": ItemInput(level="3", evidence_note="承诺书 2025-01"),
        "MS.G1.2": ItemInput(level="1"),
    },
    "C1": {
        "C1.E1.1": ItemInput(level="3", evidence_note="演练记录"),
        "C1.E1.2": ItemInput(value="2"),
    },
    "C6": {"C6.E1.1": ItemInput(level="2")},
}
FULL_KPIS = {
    "hours_employees": KpiEntry("2000000"),
    "lti_employees": KpiEntry("2"),
    "drills": KpiEntry("3"),
}


@dataclass
class World:
    cycle: ReportingCycle
    org_a: Organisation
    org_b: Organisation
    user_a: User
    user_b: User
    secretariat: User


def make_world(year: int = 2025) -> World:
    cycle = make_cycle(year=year)
    org_a = make_organisation()
    org_b = make_organisation()
    return World(
        cycle=cycle,
        org_a=org_a,
        org_b=org_b,
        user_a=make_user(org_a),
        user_b=make_user(org_b),
        secretariat=make_user(is_secretariat=True),
    )


def start(world: World, organisation: Organisation | None = None) -> Assessment:
    org = organisation or world.org_a
    actor = world.user_a if org is world.org_a else world.user_b
    return services.get_or_start_assessment(org, world.cycle, actor)


def fill_complete(assessment: Assessment, actor: User) -> Rubric:
    """Answer every item and prerequisite and every KPI input of the mini rubric."""
    rubric = rubric_of(assessment)
    for section_id, answers in FULL_ANSWERS.items():
        result = services.save_section(assessment, rubric, section_id, answers, actor)
        assert result.ok, result.problems
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level="1")}, actor)
    # a prerequisite met is backed by its document, or the submit is refused
    file_prerequisite(assessment, rubric, "P1", actor)
    result = services.save_kpi_inputs(assessment, rubric, FULL_KPIS, actor)
    assert result.ok, result.problems
    return rubric


def file_prerequisite(assessment: Assessment, rubric: Rubric, item_id: str, actor: User) -> None:
    """Upload the evidence file of a prerequisite (a one-page PDF)."""
    from rcapp.assessments.evidence import add_attachment

    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    add_attachment(assessment, rubric, item_id, f"{item_id}-承诺书.pdf", io.BytesIO(pdf), actor)


def report_last_year(world: World) -> Assessment:
    """Report org_a's KPIs for the year before the world's: two years of history within reach."""
    last = services.get_or_start_assessment(
        world.org_a, make_cycle(year=world.cycle.year - 1), world.user_a
    )
    result = services.save_kpi_inputs(last, rubric_of(last), FULL_KPIS, world.user_a)
    assert result.ok, result.problems
    mark_reported(last)
    return last


def submitted_assessment(world: World) -> Assessment:
    """Organisation A's assessment, every item answered and submitted by user A."""
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    return assessment


def answer_of(assessment: Assessment, item_id: str) -> tuple[int | None, Decimal | None]:
    found = next((a for a in assessment.answers if a.item_id == item_id), None)
    return (None, None) if found is None else (found.level, found.value)


def all_rows(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a refused request changed nothing."""
    existing = set(inspect(session.connection()).get_table_names())
    tables: list[Table] = [t for t in Base.metadata.sorted_tables if t.name in existing]
    return {
        table.name: sorted(
            (tuple(row) for row in session.execute(select(table))), key=lambda row: repr(row)
        )
        for table in tables
    }
