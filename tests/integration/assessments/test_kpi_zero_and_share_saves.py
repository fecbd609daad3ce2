"""Saving KPI inputs: a 0 doubted against last year (qa49 M2) and a share over 100 % (qa50 M2)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.kpi_doubts import kpi_doubts
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import kpi_inputs_compared
from rcapp.assessments.validation import KpiEntry
from rcapp.rubrics.loader import load_rubric
from tests.factories import fill_complete, make_cycle, make_world, start

COMPANY_V2 = load_rubric(
    Path(__file__).resolve().parents[3] / "rubrics" / "rc-company" / "v2.yaml"
).rubric


def _kpis(assessment: Assessment) -> dict[str, Decimal]:
    return {v.input_id: v.value for v in assessment.kpi_values}


def test_a_core_input_dropped_to_0_is_saved_with_a_warning_and_doubted_on_the_result(
    app: Flask, db_session: Session
) -> None:
    world = make_world(year=2025)
    last = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    rubric = fill_complete(last, world.user_a)
    figures = {"lti_employees": "2", "hours_employees": "3400000", "drills": "4"}
    entries = {name: KpiEntry(value) for name, value in figures.items()}
    services.save_kpi_inputs(last, rubric, entries, world.user_a)
    services.submit_assessment(last, world.user_a)
    assessment = start(world)
    entries = {**entries, "lti_employees": KpiEntry("0")}
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    assert result.ok
    assert [(w.subject, w.code) for w in result.warnings] == [("lti_employees", "dropped_to_zero")]
    assert _kpis(assessment)["lti_employees"] == 0
    with app.test_request_context():
        doubts = kpi_doubts(rubric, "zh", kpi_inputs_compared(assessment))
    assert doubts.kpi_ids == {"OHS-03"}
    (text,) = doubts.texts
    assert "去年为 2，今年为 0" in text
    assert "OHS-03" in text


def test_a_share_over_100_marks_both_inputs_and_saves_neither(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = COMPANY_V2
    # compliant alone first (no share to check yet), as qa50's Sarah did
    services.save_kpi_inputs(
        assessment, rubric, {"exposure_points_compliant": KpiEntry("125")}, world.user_a
    )
    entries = {
        "exposure_points_monitored": KpiEntry("120"),
        "exposure_points_compliant": KpiEntry("125"),
        "drills": KpiEntry("4"),
    }
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    assert {(p.subject, p.code) for p in result.problems} == {
        ("exposure_points_monitored", "share_over_100"),
        ("exposure_points_compliant", "share_over_100"),
    }
    kpis = _kpis(assessment)
    assert "exposure_points_monitored" not in kpis
    assert kpis["drills"] == 4


def test_both_typed_in_one_save_neither_is_saved(db_session: Session) -> None:
    world = make_world()
    assessment = start(world)
    rubric = COMPANY_V2
    entries = {
        "exposure_points_monitored": KpiEntry("120"),
        "exposure_points_compliant": KpiEntry("125"),
    }
    result = services.save_kpi_inputs(assessment, rubric, entries, world.user_a)
    assert len(result.problems) == 2
    assert not {"exposure_points_monitored", "exposure_points_compliant"} & _kpis(assessment).keys()
