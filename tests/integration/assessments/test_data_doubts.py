"""Reviewers read the organisation's own "请核对" warnings and the data that look copied.

data_doubts: a core KPI input typed down to 0, a section declared N/A against the
organisation's KPI data, an event loss confirmed although it raises the grade.
review_insight: core KPI inputs identical to last year's, an events register emptied.
"""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.data_doubts import DataDoubts, data_doubts
from rcapp.assessments.models import Assessment, AssessmentStatus, Event
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import EventInput, KpiEntry
from rcapp.reviews.resubmitted import Insight, review_insight
from tests.factories import FULL_KPIS, World, make_cycle, make_world, start

# 1,500 × CNY 10,000 makes a larger accident of one without deaths (Decree 493): the
# organisation ticked "数值无误" for the figure, as its events page asked.
CONFIRMED_LOSS = EventInput(
    event_type="safety_accident",
    grade="larger",
    occurred_on="2025-06-01",
    direct_loss="1500",
    description="反应釜爆裂，设备损毁",
    loss_confirmed="1500",
)


def _after_a_reported_year(world: World, **changed: str) -> Assessment:
    """Organisation A's 2025 KPI data: FULL_KPIS with `changed`, after a reported 2024 of them."""
    before = services.get_or_start_assessment(world.org_a, make_cycle(year=2024), world.user_a)
    assert services.save_kpi_inputs(before, rubric_of(before), FULL_KPIS, world.user_a).ok
    before.status = AssessmentStatus.SUBMITTED
    assessment = start(world)
    entries = {**FULL_KPIS, **{name: KpiEntry(value) for name, value in changed.items()}}
    assert services.save_kpi_inputs(assessment, rubric_of(assessment), entries, world.user_a).ok
    return assessment


def _doubts(app: Flask, assessment: Assessment, na: list[str], lang: str = "zh") -> DataDoubts:
    with app.test_request_context(), force_locale("en" if lang == "en" else "zh_CN"):
        return data_doubts(assessment, rubric_of(assessment), lang, na)


def test_clean_data_raise_no_doubt(app: Flask, db_session: Session) -> None:
    assessment = _after_a_reported_year(make_world(2025), hours_employees="2100000")
    assert _doubts(app, assessment, []).count == 0


def test_a_core_input_dropped_to_0_is_doubted_as_on_the_company_pages(
    app: Flask, db_session: Session
) -> None:
    assessment = _after_a_reported_year(make_world(2025), lti_employees="0")
    found = _doubts(app, assessment, [])
    (text,) = found.kpis.texts
    assert "员工损失工时伤害起数：去年为 2，今年为 0" in text
    assert found.kpis.kpi_ids == {"OHS-03"}
    (english,) = _doubts(app, assessment, [], "en").kpis.texts
    assert "Employee lost-time injuries" in english


def test_a_section_declared_na_against_its_own_kpi_data_is_doubted(
    app: Flask, db_session: Session
) -> None:
    # drills are C1's (community) own input: 3 drills reported, C1 declared N/A
    assessment = _after_a_reported_year(make_world(2025), hours_employees="2100000")
    found = _doubts(app, assessment, ["C1"])
    assert list(found.sections) == ["C1"]
    assert "“应急演练次数”为 3" in found.sections["C1"]
    assert _doubts(app, assessment, ["C6"]).count == 0  # no figure of C6's own


def test_a_confirmed_loss_that_raises_the_grade_is_named_with_its_day(
    app: Flask, db_session: Session
) -> None:
    world = make_world(2025)
    assessment = _after_a_reported_year(world, hours_employees="2100000")
    event, problems = services.add_event(
        assessment, rubric_of(assessment), CONFIRMED_LOSS, world.user_a
    )
    assert event is not None, problems
    (text,) = _doubts(app, assessment, []).losses
    assert "2025-06-01 的事件：直接损失 1,500 万元即 15,000,000 元" in text
    assert "较大" in text
    assert "单位已勾选“数值无误”" in text
    (english,) = _doubts(app, assessment, [], "en").losses
    assert "Event of 2025-06-01" in english
    assert "“The figure is correct”" in english


def test_another_organisations_loss_is_not_counted(app: Flask, db_session: Session) -> None:
    world = make_world(2025)
    assessment = _after_a_reported_year(world, hours_employees="2100000")
    other = start(world, world.org_b)
    event, _ = services.add_event(other, rubric_of(other), CONFIRMED_LOSS, world.user_b)
    assert event is not None
    assert _doubts(app, assessment, []).losses == ()


def _insight(app: Flask, assessment: Assessment) -> Insight:
    with app.test_request_context():
        return review_insight(assessment, "zh", None)


def test_core_kpi_inputs_identical_to_last_year_are_named(app: Flask, db_session: Session) -> None:
    copied = _insight(app, _after_a_reported_year(make_world(2025)))
    assert copied.same_kpis is not None
    assert copied.same_kpis.same == ("hours_employees", "lti_employees", "drills")
    assert copied.same_kpis.all_same


def test_kpi_data_typed_afresh_are_not_called_copied(app: Flask, db_session: Session) -> None:
    typed = _insight(app, _after_a_reported_year(make_world(2025), hours_employees="2100000"))
    assert typed.same_kpis is None


def test_an_empty_register_after_a_year_with_events_is_told(
    app: Flask, db_session: Session
) -> None:
    world = make_world(2025)
    assessment = _after_a_reported_year(world)
    for day in (dt.date(2024, 3, 1), dt.date(2024, 9, 1)):
        db_session.add(
            Event(
                organisation_id=world.org_a.id,
                event_type="safety_accident",
                grade="general",
                occurred_on=day,
                description="去年的泄漏",
            )
        )
    db_session.flush()
    assert _insight(app, assessment).events_gone == 2
    event, _ = services.add_event(
        assessment,
        rubric_of(assessment),
        EventInput(
            event_type="safety_accident",
            grade="general",
            occurred_on="2025-05-01",
            description="今年的泄漏",
        ),
        world.user_a,
    )
    assert event is not None
    assert _insight(app, assessment).events_gone is None
