"""An organisation that joins mid-way backfills its earlier years' core KPI inputs (qa63).

Backfilled years count in the KPI series (the ladder and the stars' "years reported") like a
reported year, never where a year has an assessment of its own, and never for a result
worked out before the backfill was entered.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments import queries, services
from rcapp.assessments.cycle_rating import cycle_facts
from rcapp.assessments.kpi_backfill import BACKFILL_ACTION, open_backfill_years, save_backfill
from rcapp.assessments.kpi_backfill_rows import backfilled_years
from rcapp.assessments.models import KpiBackfill
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.results import scoring_inputs
from rcapp.assessments.validation import KpiEntry
from rcapp.audit.models import AuditEntry
from rcapp.errors import InvalidState
from tests.factories import (
    FULL_KPIS,
    World,
    fill_complete,
    make_cycle,
    make_world,
    report_last_year,
    start,
)

CORE = {
    "hours_employees": KpiEntry("1,000,000"),
    "lti_employees": KpiEntry("2"),
    "drills": KpiEntry("3"),
}


def _backfill(world: World, year: int, entries: dict[str, KpiEntry] = CORE) -> None:
    assessment = start(world)
    result = save_backfill(assessment, rubric_of(assessment), year, entries, world.user_a)
    assert result.ok, result.problems


def test_a_newcomer_may_backfill_the_two_years_before_while_its_draft_is_open(
    db_session: Session,
) -> None:
    world = make_world(2025)
    assessment = start(world)
    assert open_backfill_years(assessment) == (2023, 2024)
    _backfill(world, 2024)
    rows = db_session.scalars(select(KpiBackfill).order_by(KpiBackfill.input_id)).all()
    assert [(r.year, r.input_id, r.value, r.entered_year) for r in rows] == [
        (2024, "drills", Decimal(3), 2025),
        (2024, "hours_employees", Decimal(1000000), 2025),
        (2024, "lti_employees", Decimal(2), 2025),
    ]
    assert queries.kpi_history(assessment)[2024] == {
        "drills": Decimal(3),
        "hours_employees": Decimal(1000000),
        "lti_employees": Decimal(2),
    }
    assert queries.last_year_kpi_inputs(assessment)["hours_employees"] == Decimal(1000000)


def test_backfilled_years_count_in_the_kpi_series(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    rubric = fill_complete(assessment, world.user_a)
    assert scoring_inputs(assessment, rubric)[1].kpi_years_before == 0
    _backfill(world, 2024)
    _backfill(world, 2023)
    assert scoring_inputs(assessment, rubric)[1].kpi_years_before == 2


def test_the_cycle_rating_reads_the_backfill_as_the_result_page_does(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    _backfill(world, 2024)
    services.submit_assessment(assessment, world.user_a)
    db_session.flush()
    conn = db_session.connection()
    prepared = cycle_facts(conn, world.cycle.id, lambda *pin: queries.registry().get(*pin).rubric)
    [one] = [p for p in prepared if p.assessment_id == assessment.id]
    assert one.context.kpi_years_before == 1
    assert one.facts.kpi_history[2024]["hours_employees"] == Decimal(1000000)


def test_a_year_with_an_assessment_of_its_own_cannot_be_backfilled(db_session: Session) -> None:
    world = make_world(2025)
    report_last_year(world)  # 2024 reported
    assessment = start(world)
    assert open_backfill_years(assessment) == (2023,)
    with pytest.raises(InvalidState):
        save_backfill(assessment, rubric_of(assessment), 2024, CORE, world.user_a)
    assert db_session.scalars(select(KpiBackfill)).all() == []


def test_a_closed_years_own_data_win_over_a_backfill_entered_before_it(
    db_session: Session,
) -> None:
    world = make_world(2025)
    _backfill(world, 2024)
    # an assessment of 2024 started afterwards (its cycle reopened): its own data count
    last = report_last_year(world)
    assessment = start(world)
    assert queries.kpi_history(assessment)[2024]["hours_employees"] == Decimal(2000000)
    assert last.kpi_values  # untouched by the backfill
    assert open_backfill_years(assessment) == (2023,)


def test_a_submitted_assessment_backfills_no_more(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    assert open_backfill_years(assessment) == ()
    with pytest.raises(InvalidState):
        save_backfill(assessment, rubric_of(assessment), 2024, CORE, world.user_a)


def test_a_later_years_backfill_leaves_an_earlier_result_as_it_was(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    # 2026's assessment backfills 2024: the 2025 result, worked out without it, stays so
    later = services.get_or_start_assessment(world.org_a, make_cycle(year=2026), world.user_a)
    assert open_backfill_years(later) == (2024,)
    result = save_backfill(later, rubric_of(later), 2024, CORE, world.user_a)
    assert result.ok
    assert 2024 not in queries.kpi_history(assessment)
    assert 2024 in queries.kpi_history(later)


def test_a_backfill_is_audited_as_self_declared_with_its_year(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    _backfill(world, 2024, {"drills": KpiEntry("3")})
    _backfill(world, 2024, {"drills": KpiEntry("4")})
    entries = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == BACKFILL_ACTION).order_by(AuditEntry.id)
    ).all()
    assert [(e.entity_id, e.field) for e in entries] == [(assessment.id, "drills")] * 2
    assert json.loads(entries[0].after or "") == {
        "year": 2024,
        "self_declared": True,
        "value": "3",
        "note": None,
    }
    assert Decimal(json.loads(entries[1].before or "")["value"]) == 3
    assert json.loads(entries[1].after or "") == {"year": 2024, "self_declared": True, "value": "4"}


def test_a_stale_page_does_not_overwrite_a_colleagues_backfill(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    rubric = rubric_of(assessment)
    first = save_backfill(
        assessment, rubric, 2024, {"drills": KpiEntry("3", version=0)}, world.user_a
    )
    assert first.ok
    stale = save_backfill(
        assessment, rubric, 2024, {"drills": KpiEntry("5", version=0)}, world.user_a
    )
    assert [c.subject for c in stale.conflicts] == ["drills"]
    row = db_session.scalars(select(KpiBackfill)).one()
    assert row.value == Decimal(3)


def test_only_core_inputs_are_backfilled(db_session: Session) -> None:
    world = make_world(2025)
    assessment = start(world)
    with pytest.raises(KeyError):
        save_backfill(
            assessment, rubric_of(assessment), 2024, {"no_such_input": KpiEntry("1")}, world.user_a
        )
    assert FULL_KPIS.keys() == CORE.keys()  # the mini rubric's inputs are all core


def test_the_result_pages_statement_reads_the_backfills_by_the_same_rule(
    db_session: Session,
) -> None:
    """kpi_inputs_compared folds the backfills into its one statement (the result page's
    note and KPI doubts): the years and last year's inputs as kpi_backfill_rows reads them."""
    world = make_world(2025)
    _backfill(world, 2024)
    _backfill(world, 2023, {"drills": KpiEntry("5")})
    assessment = start(world)
    figures = queries.kpi_inputs_compared(assessment)
    assert figures.backfilled_years == backfilled_years(world.org_a.id, 2025) == (2023, 2024)
    assert dict(figures.last_year) == queries.last_year_kpi_inputs(assessment)
    assert dict(figures.last_year)["drills"] == Decimal(3)

    report_last_year(world)  # 2024's own assessment, started afterwards: its data count
    figures = queries.kpi_inputs_compared(assessment)
    assert figures.backfilled_years == backfilled_years(world.org_a.id, 2025) == (2023,)
    assert dict(figures.last_year) == queries.last_year_kpi_inputs(assessment)
    assert dict(figures.last_year)["hours_employees"] == Decimal(2000000)


def test_the_result_pages_statement_leaves_a_later_years_backfill_out(
    db_session: Session,
) -> None:
    world = make_world(2025)
    assessment = start(world)
    fill_complete(assessment, world.user_a)
    services.submit_assessment(assessment, world.user_a)
    later = services.get_or_start_assessment(world.org_a, make_cycle(year=2026), world.user_a)
    assert save_backfill(later, rubric_of(later), 2024, CORE, world.user_a).ok
    assert queries.kpi_inputs_compared(assessment).backfilled_years == ()
    assert queries.kpi_inputs_compared(later).backfilled_years == (2024,)
