"""An earlier year's KPI data count only when that year's assessment was submitted (QA17 D0).

Every reader of earlier years takes the same rule (rcapp.assessments.reported): the KPI
history behind "核心绩效指标连续报送 N 年" and the ladder, last year's inputs ("上年"
columns, plausibility checks), the compared inputs of the result page, and the earlier
rubric pins. A draft, or a returned assessment never submitted again, does not count.
Runs on the suite's database (SQLite, or PostgreSQL with RCAPP_TEST_DATABASE_URL).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from rcapp.assessments import queries, services
from rcapp.assessments.kpi_years import incomparable_kpis
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.reported import reported, reported_sql
from rcapp.assessments.validation import KpiEntry
from tests.factories import (
    FULL_KPIS,
    World,
    fill_complete,
    make_assessment,
    make_cycle,
    make_organisation,
    make_world,
    start,
)


def _last_year(world: World, state: str) -> Assessment:
    """Organisation A's 2024 assessment with every KPI input, left in `state`."""
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    fill_complete(last, world.user_a)
    if state != "draft":
        services.submit_assessment(last, world.user_a)
    if state == "returned":
        services.return_assessment(last, "请补充证据", world.secretariat)
    return last


def _reported_years(assessment: Assessment) -> set[Decimal | None]:
    card = services.compute_scorecard(assessment, rubric_of(assessment))
    gates = [g for b in card.rating.bands for g in b.gates if g.kind.value == "kpis_reported"]
    assert gates
    return {g.actual for g in gates}


@pytest.mark.parametrize("state", ["draft", "returned"])
def test_an_unsubmitted_earlier_year_is_not_reported(db_session: Session, state: str) -> None:
    world = make_world(year=2025)
    _last_year(world, state)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    assert queries.kpi_history(assessment) == {}
    assert queries.last_year_kpi_inputs(assessment) == {}
    assert queries.kpi_inputs_compared(assessment).last_year == ()
    assert incomparable_kpis(assessment, rubric_of(assessment)) == {}
    assert _reported_years(assessment) == {Decimal(1)}


def test_a_submitted_earlier_year_is_reported(db_session: Session) -> None:
    world = make_world(year=2025)
    _last_year(world, "submitted")
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    assert set(queries.kpi_history(assessment)) == {2024}
    assert queries.last_year_kpi_inputs(assessment)["drills"] == Decimal(3)
    assert dict(queries.kpi_inputs_compared(assessment).last_year)["drills"] == Decimal(3)
    assert _reported_years(assessment) == {Decimal(2)}


def test_a_draft_last_year_raises_no_jump_warning(db_session: Session) -> None:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    services.save_kpi_inputs(last, rubric_of(last), {"drills": KpiEntry("3")}, world.user_a)
    assessment = start(world)
    entries = {**FULL_KPIS, "drills": KpiEntry("40")}
    result = services.save_kpi_inputs(assessment, rubric_of(assessment), entries, world.user_a)
    assert result.ok
    assert not [w for w in result.warnings if w.code == "implausible_jump"]


def test_the_rule_for_text_statements_selects_what_the_orm_condition_selects(
    db_session: Session,
) -> None:
    cycle = make_cycle(year=2024)
    for status in AssessmentStatus:
        make_assessment(make_organisation(), cycle, status=status)
    by_orm = set(db_session.scalars(select(Assessment.status).where(reported())))
    by_text = set(
        db_session.scalars(
            text(f"SELECT s.status FROM assessments s WHERE {reported_sql('s')}")  # noqa: S608 - no input
        )
    )
    assert by_orm == {AssessmentStatus.SUBMITTED}
    assert by_text == {AssessmentStatus.SUBMITTED.value}
