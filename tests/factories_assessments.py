"""Builders for assessment tests: two organisations, their users, a cycle, filled answers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from rcapp.accounts.models import User
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.cycles.models import ReportingCycle
from rcapp.organisations.models import Organisation
from rcapp.rubrics.model import Rubric
from tests.factories import make_cycle, make_organisation, make_user

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
    result = services.save_kpi_inputs(assessment, rubric, FULL_KPIS, actor)
    assert result.ok, result.problems
    return rubric


def answer_of(assessment: Assessment, item_id: str) -> tuple[int | None, Decimal | None]:
    found = next((a for a in assessment.answers if a.item_id == item_id), None)
    return (None, None) if found is None else (found.level, found.value)
