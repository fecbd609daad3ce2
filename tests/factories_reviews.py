"""Builders for peer-review tests: a working group of companies with submitted assessments.

Company i of n is reviewed by the reviewers of companies i+1 and i+2 (mod n): no
reciprocal pair, no one reviewing their own company. Every company answers the mini
rubric at its top levels unless told otherwise, and reported KPIs the year before, so a
peer-reviewed company can reach three stars.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from rcapp.accounts.models import GroupRole, OrgRole, User
from rcapp.assessments import services
from rcapp.assessments.events import local_today
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput, ItemInput
from rcapp.clock import beijing_today
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.organisations.models import Organisation, WorkingGroup
from rcapp.reviews import reviewing, settling
from rcapp.reviews import services as review_services
from rcapp.reviews.consolidation import self_verdicts
from rcapp.reviews.finalcard import self_scorecard
from rcapp.reviews.models import Finding, FindingKind, Review, ReviewKind
from tests.factories import (
    FULL_KPIS,
    file_prerequisite,
    make_cycle,
    make_group_role,
    make_organisation,
    make_user,
    make_working_group,
)

TOP_ANSWERS: dict[str, dict[str, ItemInput]] = {
    "MS": {
        "MS.G1.1": ItemInput(level="4", evidence_note="承诺书 2025-01"),
        "MS.G1.2": ItemInput(level="1"),
    },
    "C1": {
        "C1.E1.1": ItemInput(level="4", evidence_note="演练记录"),
        "C1.E1.2": ItemInput(value="2"),
    },
    "C6": {"C6.E1.1": ItemInput(level="4")},
}


# An on-site review's visit day as the assign form takes it: a week ahead, before the due day.
VISIT = (beijing_today() + dt.timedelta(days=7)).isoformat()

# A larger accident within the year: a veto that takes every star (未评定（一票否决）).
FATAL_ACCIDENT = EventInput(
    event_type="safety_accident",
    grade="larger",
    occurred_on=(local_today() - dt.timedelta(days=30)).isoformat(),
    fatalities="3",
    description="储罐区火灾",
)


@dataclass
class ReviewWorld:
    cycle: ReportingCycle
    group: WorkingGroup
    lead: User
    secretariat: User
    companies: list[Organisation] = field(default_factory=list)
    members: list[User] = field(default_factory=list)  # one filler per company
    reviewers: list[User] = field(default_factory=list)  # one reviewer per company
    assessments: list[Assessment] = field(default_factory=list)


def make_review_world(
    n: int = 6,
    overrides: Mapping[int, Mapping[str, ItemInput]] | None = None,
    unmet: Collection[int] = (),
    vetoed: Collection[int] = (),
) -> ReviewWorld:
    """Make n companies in one group, each with a submitted assessment (item overrides by index).

    The companies at the `unmet` indexes leave prerequisite P1 unmet: not rated at all;
    those at the `vetoed` indexes register a fatal accident (a veto: no star).
    """
    previous = make_cycle(year=2024)
    cycle = make_cycle(year=2025)
    group = make_working_group()
    lead_org = make_organisation()
    lead = make_user(lead_org)
    make_group_role(lead, group, GroupRole.LEAD)
    world = ReviewWorld(cycle, group, lead, make_user(is_secretariat=True))
    for i in range(n):
        company = make_organisation()
        group.organisations.append(company)
        member = make_user(company, OrgRole.ADMIN)  # fills, and may appeal (QA32 S3)
        reviewer = make_user(company, name=f"评审员{i}")
        make_group_role(reviewer, group, GroupRole.REVIEWER)
        before = services.get_or_start_assessment(company, previous, member)
        services.save_kpi_inputs(before, rubric_of(before), FULL_KPIS, member)
        # Last year's KPI data count only as a reported year (rcapp.assessments.reported).
        before.status = AssessmentStatus.SUBMITTED
        world.companies.append(company)
        world.members.append(member)
        world.reviewers.append(reviewer)
        chosen = (overrides or {}).get(i, {})
        world.assessments.append(
            submitted(company, cycle, member, chosen, met=i not in unmet, veto=i in vetoed)
        )
    previous.status = CycleStatus.CLOSED
    return world


def submitted(
    company: Organisation,
    cycle: ReportingCycle,
    member: User,
    overrides: Mapping[str, ItemInput],
    met: bool = True,
    veto: bool = False,
) -> Assessment:
    assessment = services.get_or_start_assessment(company, cycle, member)
    rubric = rubric_of(assessment)
    for section_id, answers in TOP_ANSWERS.items():
        chosen = {item_id: overrides.get(item_id, given) for item_id, given in answers.items()}
        result = services.save_section(assessment, rubric, section_id, chosen, member)
        assert result.ok, result.problems
    level = "1" if met else "0"
    services.save_prerequisites(assessment, rubric, {"P1": ItemInput(level=level)}, member)
    if met:
        file_prerequisite(assessment, rubric, "P1", member)
    assert services.save_kpi_inputs(assessment, rubric, FULL_KPIS, member).ok
    if veto:
        services.add_event(assessment, rubric, FATAL_ACCIDENT, member)
    services.submit_assessment(assessment, member)
    return assessment


def reviewers_of(world: ReviewWorld, i: int) -> list[User]:
    n = len(world.companies)
    return [world.reviewers[(i + 1) % n], world.reviewers[(i + 2) % n]]


def assign_all(world: ReviewWorld, kind: ReviewKind = ReviewKind.ONSITE) -> list[Review]:
    return [
        review_services.assign_reviewers(assessment, kind, reviewers_of(world, i), world.lead)
        for i, assessment in enumerate(world.assessments)
    ]


# The item and due day of the finding `with_finding` adds.
FINDING_ITEM = "C1.E1.1"
FINDING_DUE = dt.date(2027, 6, 30)


def with_finding(
    world: ReviewWorld,
    kind: FindingKind = FindingKind.CORRECTIVE_ACTION,
    text: str = "演练报告缺签字",
    owner: str = "王工",
    due: dt.date | None = FINDING_DUE,
) -> tuple[Review, Finding]:
    """Assign every review; the first review's first reviewer adds a finding on FINDING_ITEM."""
    review = assign_all(world)[0]
    first = review.assignments[0]
    finding = reviewing.add_finding(first, kind, text, FINDING_ITEM, owner, due, first.reviewer)
    return review, finding


def submitted_with_finding(
    world: ReviewWorld,
    settle_at_self: bool = False,
    kind: FindingKind = FindingKind.CORRECTIVE_ACTION,
    text: str = "演练报告缺签字",
    owner: str = "王工",
    due: dt.date | None = FINDING_DUE,
) -> tuple[Review, Finding]:
    """`with_finding`, then every reviewer accepts the rest of the sample and submits.

    `settle_at_self` has the lead settle FINDING_ITEM at the organisation's own level.
    """
    review, finding = with_finding(world, kind, text, owner, due)
    submit_all(review)
    if settle_at_self:
        rubric = rubric_of(review.assessment)
        own = self_verdicts(self_scorecard(review.assessment, rubric))[FINDING_ITEM]
        settling.settle_item(review, FINDING_ITEM, own, "证据充分", world.lead)
    return review, finding


def submit_all(review: Review) -> Review:
    """Have every reviewer accept the rest of the sample and submit."""
    for assignment in review.assignments:
        reviewing.accept_remaining(assignment, list(review.sample), set(), assignment.reviewer)
        reviewing.submit_assignment(assignment, assignment.reviewer)
    return review


def submit_and_finalise(review: Review, lead: User, appeal_days: int = 30) -> Review:
    """Have every reviewer accept the rest of the sample and submit; the lead finalises."""
    submit_all(review)
    settling.finalise_review(review, appeal_days, lead)
    return review
