"""Build the demo world through the same services the pages use (flush only; the command commits).

Going through the services means the demo data passes every check real input passes
(credit codes, rubric answers, KPI ranges, event fields) and leaves the audit trail a
real year would.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.accounts import services as accounts
from rcapp.accounts.models import User
from rcapp.assessments import evidence
from rcapp.assessments import queries as assessment_queries
from rcapp.assessments import services as assessments
from rcapp.assessments.changes import SaveResult
from rcapp.assessments.computed_kpis import computed_ids
from rcapp.assessments.models import Assessment, ScorecardSnapshot, SnapshotKind
from rcapp.assessments.validation import EventInput
from rcapp.clock import BEIJING, beijing_today
from rcapp.config import PROJECT_ROOT
from rcapp.cycles import services as cycles
from rcapp.cycles.models import ReportingCycle
from rcapp.demo import kpi_profiles, world
from rcapp.demo.answers import DemoAnswers, load_example, shifted
from rcapp.demo.placeholder_files import placeholder_png, placeholder_xlsx
from rcapp.demo.placeholder_pdf import placeholder_pdf
from rcapp.demo.review_round import build_review_round
from rcapp.organisations import group_services, partners
from rcapp.organisations import services as organisations
from rcapp.organisations.models import (
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    WorkingGroup,
)
from rcapp.organisations.standard_groups import GroupSpec
from rcapp.rubrics.model import Rubric
from rcapp.rubrics.registry import RubricRegistry, RubricSummary

logger = logging.getLogger(__name__)

EXAMPLES_DIR = PROJECT_ROOT / "examples"


class DemoDataError(Exception):
    """The demo data no longer fits the rubrics or the services (a bug in rcapp.demo)."""


@dataclass
class Built:
    """What the builder made, by the keys of rcapp.demo.world."""

    secretariat: User
    groups: dict[str, WorkingGroup] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    assessments: list[Assessment] = field(default_factory=list)


def build_world(rubrics_dir: str | os.PathLike[str], examples_dir: Path = EXAMPLES_DIR) -> Built:
    """Create everything in rcapp.demo.world; the caller commits."""
    built = Built(secretariat=_account(world.SECRETARIAT, None))
    built.users[built.secretariat.email] = built.secretariat
    for spec in world.GROUPS:
        built.groups[spec.code] = _working_group(spec, built.secretariat)
    for org_spec in world.ORGANISATIONS:
        built.organisations[org_spec.key] = _organisation(org_spec, built)
    for person in world.PEOPLE:
        if person is world.SECRETARIAT:
            continue
        built.users[person.email] = _person(person, built)
    for partner in world.PARTNERS:
        _partner(partner, built)
    answers = _AnswerFiles(examples_dir)
    for year in (world.EARLIEST_YEAR, world.PREVIOUS_YEAR, world.CURRENT_YEAR):
        company, park = _rubric_summaries(rubrics_dir, year)
        opened = min(world.opened_on(year), beijing_today())
        closed_deadline = {
            world.EARLIEST_YEAR: world.EARLIEST_DEADLINE,
            world.PREVIOUS_YEAR: world.PREVIOUS_DEADLINE,
        }.get(year)
        deadline = closed_deadline or world.current_deadline(beijing_today(), opened)
        cycle = cycles.open_cycle(year, company, park, deadline, built.secretariat, opened)
        parks: list[tuple[world.AssessmentPlan, Assessment, ReportingCycle]] = []
        for plan in world.PLANS:
            if plan.year == year:
                made = _assessment(plan, cycle, built, answers, _submits_later(plan))
                built.assessments.append(made)
                if _submits_later(plan):
                    parks.append((plan, made, cycle))
        if year != world.CURRENT_YEAR:
            _submit_all(parks, built)
            cycles.close_cycle(cycle, built.secretariat)
            _closed_in_its_spring(cycle)
    build_review_round(built)
    _submit_all(parks, built)  # the current year's parks: after the reviews' final ratings
    logger.info("demo world built: %d users", len(built.users))
    return built


def _closed_in_its_spring(cycle: ReportingCycle) -> None:
    """Date a past year's close as the secretariat closed it, not when the demo was built.

    The year page's 关闭时间 and the frozen results' 快照 time then read as a real year's,
    two weeks after its deadline (world.closed_on); the audit log keeps when it was written.
    """
    requested = dt.datetime.combine(world.closed_on(cycle.deadline), dt.time(10, 0), BEIJING)
    requested = min(requested, dt.datetime.now(dt.UTC))
    closed = requested + dt.timedelta(minutes=2)  # the freezing took the worker a moment
    cycle.close_requested_at, cycle.closed_at = requested, closed
    frozen = (
        select(ScorecardSnapshot)
        .join(Assessment)
        .where(Assessment.cycle_id == cycle.id, ScorecardSnapshot.kind == SnapshotKind.FROZEN)
    )
    for snapshot in db.session().scalars(frozen):
        snapshot.computed_at = closed
    db.session().flush()


def _rubric_summaries(
    rubrics_dir: str | os.PathLike[str], year: int
) -> tuple[RubricSummary, RubricSummary]:
    summaries, _problems = cycles.available_rubrics(RubricRegistry(rubrics_dir))
    found = {(summary.id, summary.version): summary for summary in summaries}
    company, park = world.RUBRICS[year]
    missing = [f"{r}@{v}" for r, v in (company, park) if (r, v) not in found]
    if missing:
        raise DemoDataError(f"the demo needs the rubrics {', '.join(missing)} in {rubrics_dir}")
    return found[company], found[park]


def _account(person: world.PersonSpec, organisation_id: int | None) -> User:
    new = accounts.create_account(
        person.email,
        person.name,
        None,
        password=world.DEMO_PASSWORD,
        is_secretariat=person.secretariat,
        organisation_id=organisation_id,
        role=person.org_role,
    )
    # create_account makes a first password temporary; the demo passwords are published
    # in the README and shared, so a forced change at first login would only lock others out.
    new.user.must_change_password = False
    return new.user


def _working_group(spec: GroupSpec, actor: User) -> WorkingGroup:
    return group_services.create_group(group_services.spec_values(spec), actor)


def _organisation(spec: world.OrgSpec, built: Built) -> Organisation:
    park = built.organisations[spec.park] if spec.park else None
    values = {
        "kind": spec.kind,
        "name_zh": spec.name_zh,
        "name_en": spec.name_en,
        "credit_code": spec.credit_code,
        "province": spec.province,
        "city": spec.city,
        "sector": spec.sector,
        "parent_group": spec.parent_group,
        "park_id": park.id if park is not None else None,
        "commitment_status": (
            CommitmentStatus.SIGNED if spec.signed_on else CommitmentStatus.NOT_SIGNED
        ),
        "commitment_signed_on": spec.signed_on,
        "commitment_signatory": spec.signatory,
    }
    group_ids = [built.groups[code].id for code in spec.groups]
    site = world.SITE_CONTACTS[spec.key]
    values |= {
        "site_address": site.address,
        "hse_contact": site.person,
        "contact_phone": site.phone,
        "contact_email": site.email,
    }
    return organisations.create_organisation(values, built.secretariat, group_ids)


def _person(person: world.PersonSpec, built: Built) -> User:
    organisation = built.organisations[person.org] if person.org else None
    user = _account(person, organisation.id if organisation else None)
    for code, role in person.group_roles:
        accounts.assign_group_role(built.groups[code], user, role, built.secretariat)
    return user


def _partner(spec: world.PartnerSpec, built: Built) -> None:
    # The company's RC admin records the partners it brought in.
    organisation = built.organisations[spec.org]
    values = {
        "name": spec.name,
        "credit_code": spec.credit_code,
        "relation": spec.relation,
        "joined_on": spec.joined_on,
        "note": spec.note,
    }
    partners.add_partner(organisation, values, _admin_of(spec.org, built))


def _admin_of(org_key: str, built: Built) -> User:
    return built.users[world.admin_email(org_key)]


def _filler_of(org_key: str, built: Built) -> User:
    """Who fills the assessment: the organisation's HSE member if it has one, else its admin."""
    members = [p for p in world.PEOPLE if p.org == org_key and not p.group_roles]
    members.sort(key=lambda p: p.org_role.value != "member")
    return built.users[members[0].email]


class _AnswerFiles:
    """Example files read once per rubric."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._read: dict[tuple[str, str], DemoAnswers] = {}

    def get(self, name: str, rubric: Rubric) -> DemoAnswers:
        key = (name, rubric.key)
        if key not in self._read:
            self._read[key] = load_example(self.directory / name, rubric)
        return self._read[key]


def _submits_later(plan: world.AssessmentPlan) -> bool:
    """Whether the plan's assessment is submitted after the year's others: a park's is.

    A park's three-star count (rc-park@2) is taken from its residents' results, final ones
    included: a park submitted before them (and before the review round's final ratings)
    kept a scorecard of a count that changed since, which its result page set aside for a
    live one (qa42 S4: 已提交, yet "按当前填写内容即时计算").
    """
    kinds = {spec.key: spec.kind for spec in world.ORGANISATIONS}
    return kinds[plan.org] is OrganisationKind.PARK


def _assessment(
    plan: world.AssessmentPlan,
    cycle: ReportingCycle,
    built: Built,
    files: _AnswerFiles,
    later: bool = False,
) -> Assessment:
    """Start, fill and (unless `later`: see _submit) submit or return the plan's assessment."""
    organisation = built.organisations[plan.org]
    actor = _filler_of(plan.org, built)
    assessment = assessments.get_or_start_assessment(organisation, cycle, actor)
    rubric = assessment_queries.rubric_of(assessment)
    answers = shifted(files.get(plan.source, rubric), rubric, plan.shift, plan.every)
    _fill(assessment, rubric, answers, plan, actor)
    _attach(assessment, rubric, answers, plan, actor)
    for event in world.EVENTS:
        if event.org == plan.org and event.year == plan.year:
            _add_event(assessment, rubric, event, actor, built)
    if not later:
        _submit(plan, assessment, cycle, built)
    return assessment


def _submit_all(
    parks: list[tuple[world.AssessmentPlan, Assessment, ReportingCycle]], built: Built
) -> None:
    for plan, assessment, cycle in parks:
        _submit(plan, assessment, cycle, built)


def _submit(
    plan: world.AssessmentPlan, assessment: Assessment, cycle: ReportingCycle, built: Built
) -> None:
    """Submit (and return) the assessment as the plan says; a draft stays as it is."""
    if plan.state is not world.State.DRAFT:
        actor = _filler_of(plan.org, built)
        assessments.submit_assessment(assessment, actor, _submitted_at(cycle))
    if plan.state is world.State.RETURNED:
        assessments.return_assessment(assessment, plan.return_comment or "", built.secretariat)


def _submitted_at(cycle: ReportingCycle) -> dt.datetime:
    """Past years were submitted in good time, ten days before their deadline; now otherwise."""
    now = dt.datetime.now(dt.UTC)
    on_time = dt.datetime.combine(
        cycle.deadline - dt.timedelta(days=10), dt.time(10, 0), tzinfo=BEIJING
    )
    return min(now, on_time)


def _fill(
    assessment: Assessment,
    rubric: Rubric,
    answers: DemoAnswers,
    plan: world.AssessmentPlan,
    actor: User,
) -> None:
    where = f"{plan.org} {plan.year}"
    for section in rubric.sections:
        if plan.sections is None or section.id in plan.sections:
            typed = answers.sections.get(section.id, {})
            na = answers.section_na.get(section.id)
            _check(
                where, assessments.save_section(assessment, rubric, section.id, typed, actor, na)
            )
    _check(where, assessments.save_prerequisites(assessment, rubric, answers.prerequisites, actor))
    kpis: Mapping[str, Any] = kpi_profiles.profiled(plan.org, answers.kpi_inputs_of(plan.year))
    if plan.kpi_inputs is not None:
        kpis = {key: kpis[key] for key in plan.kpi_inputs}
    # What rcapp counts itself (a park's three-star residents under rc-park@2) is not typed:
    # no page can type it, so the demo's parks submit as a real park does (qa38 D1).
    kpis = {key: entry for key, entry in kpis.items() if key not in computed_ids(rubric)}
    _check(where, assessments.save_kpi_inputs(assessment, rubric, kpis, actor))


def _attach(
    assessment: Assessment,
    rubric: Rubric,
    answers: DemoAnswers,
    plan: world.AssessmentPlan,
    actor: User,
) -> None:
    """Upload one placeholder file per item whose example answer lists `files`."""
    sections = {s.id: {i.id for e in s.elements for i in e.items} for s in rubric.sections}
    prerequisites = {p.id for p in rubric.prerequisites}
    kept = 0
    for item_id, names in answers.files.items():
        wanted = plan.sections is None or any(
            item_id in sections[section] for section in plan.sections
        )
        wanted = wanted or item_id in prerequisites
        if wanted and names:
            name, data = _evidence_file(plan, item_id, names[0], kept)
            kept += 1
            evidence.add_attachment(assessment, rubric, item_id, name, io.BytesIO(data), actor)


def _evidence_file(
    plan: world.AssessmentPlan, item_id: str, stem: str, position: int
) -> tuple[str, bytes]:
    """Return an evidence file's name and content: a one-page PDF standing in for a scan.

    The company under review this year (its review still open) has a photo and a workbook
    among its first files, so the review page shows each kind (qa70 p10); viewers open the
    PDF (qa20 S10).
    """
    if plan.org == world.OPEN_REVIEW_ORG and plan.year == world.CURRENT_YEAR:
        if position == 0:
            return f"{stem}.png", placeholder_png()
        if position == 1:
            return f"{stem}.xlsx", placeholder_xlsx(item_id)
    return f"{stem}.pdf", placeholder_pdf(item_id)


def _add_event(
    assessment: Assessment, rubric: Rubric, spec: world.EventSpec, actor: User, built: Built
) -> None:
    resident = built.organisations[spec.resident] if spec.resident else None
    typed = EventInput(
        event_type=spec.event_type,
        grade=spec.grade,
        occurred_on=spec.occurred_on,
        fatalities=str(spec.fatalities),
        injuries=str(spec.injuries),
        direct_loss=spec.direct_loss_10k_yuan,
        description=spec.description,
        is_resolved=spec.resolved,
        resident="" if resident is None else str(resident.id),
        resident_name=spec.resident_name,
        resident_credit_code=spec.resident_credit_code,
    )
    _event, problems = assessments.add_event(assessment, rubric, typed, actor)
    if problems:
        raise DemoDataError(f"event of {spec.org}: {problems}")


def _check(where: str, result: SaveResult) -> None:
    if result.problems:
        raise DemoDataError(f"{where}: {list(result.problems)}")
