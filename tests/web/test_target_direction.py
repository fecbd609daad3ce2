"""Own KPI targets that cannot be right are refused on the KPI page with a field message, in
Chinese and English: a share over 100 %, a target in the KPI's worse direction (the message
says which way is better); one moving away from its goal is behind on the result page."""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment, KpiTarget, KpiValue
from rcapp.assessments.results import compute_scorecard
from rcapp.organisations.models import OrganisationKind
from rcapp.scoring.scorecard import GateKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, mark_reported
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401


def _energy_assessment(db_session: Session) -> tuple[int, str, int]:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add_all(
        [
            # Energy intensity 0.44 tce per CNY 10k; 5 tce = 0.5 would be worse (lower is better).
            KpiValue(assessment=assessment, input_id="energy_tce", value=Decimal(44)),
            KpiValue(assessment=assessment, input_id="output_value", value=Decimal(100)),
        ]
    )
    db_session.commit()
    return assessment.id, email, assessment.cycle.year


def _post(client: FlaskClient, assessment_id: int, **data: str) -> tuple[int, str]:
    response = client.post(f"/assessments/{assessment_id}/targets", data=data)
    return response.status_code, response.get_data(as_text=True)


def test_targets_in_the_worse_direction_or_over_100_pct_are_refused(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment_id, email, year = _energy_assessment(db_session)
    auth.login(email)
    years = {"base_year": str(year), "deadline": str(year + 2)}
    status, page = _post(client, assessment_id, kpi_id="RS-02", change_pct="10", **years)
    assert status == 422
    assert "较基准年变化率（百分比）：万元产值综合能耗越低越好，变化率须为负数或 0" in page
    status, page = _post(client, assessment_id, kpi_id="RS-02", value="0.5", **years)
    assert status == 422
    assert "目标值：万元产值综合能耗越低越好，目标值不能高于基准年数值（0.44）。" in page
    status, page = _post(client, assessment_id, kpi_id="OHS-07", value="150", **years)
    assert status == 422
    assert "目标值：此指标为百分比，目标值须在 0 至 100 之间（填写的是 150）。" in page
    client.get("/lang/en")
    status, page = _post(client, assessment_id, kpi_id="RS-02", change_pct="10", **years)
    assert status == 422
    assert "for Energy intensity lower is better, so the change must be negative or 0" in page
    status, page = _post(client, assessment_id, kpi_id="RS-02", value="0.5", **years)
    assert "for Energy intensity lower is better, so the target cannot be above the base" in page
    status, page = _post(client, assessment_id, kpi_id="OHS-07", value="150", **years)
    assert "this KPI is a percentage: the target must be between 0 and 100 (you entered 150)" in (
        page
    )
    db_session.expire_all()
    assert db_session.query(KpiTarget).count() == 0
    status, _page = _post(client, assessment_id, kpi_id="RS-02", change_pct="-8", **years)
    assert status == 302  # the better way is saved


def _energy_target(assessment_id: int, year: int, value: str) -> KpiTarget:
    """An energy-intensity target on last year's base, due next year."""
    return KpiTarget(
        assessment_id=assessment_id,
        kpi_id="RS-02",
        base_year=year - 1,
        deadline=year + 1,
        value=Decimal(value),
    )


def _target_row(client: FlaskClient, assessment_id: int, name: str) -> str:
    """The result page's list entry of the target on the KPI named `name`, tag included."""
    page = client.get(f"/assessments/{assessment_id}/result").get_data(as_text=True)
    start = page.index(f"{name}</strong>")
    return page[page.rindex("<li", 0, start) : page.index("</li>", start)]


def test_a_target_moving_away_is_behind_on_the_result_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment_id, email, year = _energy_assessment(db_session)
    this_year = db_session.get(Assessment, assessment_id)
    assert this_year is not None
    before = make_assessment(this_year.organisation, make_cycle(year=year - 1))
    mark_reported(before)  # last year counts only as a reported year
    db_session.add_all(
        [
            # 0.50 last year, 0.44 now; a goal of 0.55 is worse than the base (lower is better).
            KpiValue(assessment=before, input_id="energy_tce", value=Decimal(50)),
            KpiValue(assessment=before, input_id="output_value", value=Decimal(100)),
            # Stored before the rule (or from an answers file).
            _energy_target(assessment_id, year, "0.55"),
        ]
    )
    db_session.commit()
    auth.login(email)
    row = _target_row(client, assessment_id, "万元产值综合能耗")
    assert "本年度 0.44，正在远离目标；时间进度 50%（落后于进度）" in row
    assert "已完成 -" not in row
    card = compute_scorecard(this_year)
    gates = [g for b in card.rating.bands for g in b.gates if g.kind is GateKind.TARGETS_ON_TRACK]
    assert gates  # rubric v2 gates 4 and 5 stars on targets
    assert all(gate.actual == 0 for gate in gates)  # the star conditions count it as behind
    client.get("/lang/en")
    english = client.get(f"/assessments/{assessment_id}/result").get_data(as_text=True)
    assert (
        "this year 0.44, moving away from the target; 50% of the time to the target year gone "
        "(behind" in english
    )


def test_a_target_without_a_base_value_is_not_called_behind(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment_id, email, year = _energy_assessment(db_session)
    # No assessment for the base year: its value is missing, so progress is unknown.
    db_session.add(_energy_target(assessment_id, year, "0.40"))
    db_session.commit()
    auth.login(email)
    row = _target_row(client, assessment_id, "万元产值综合能耗")
    assert "缺少基准年或本年度数据，无法判断进度（不计为按进度）" in row
    assert "落后于进度" not in row
    assert 'class="gate-fail target-unknown"' in row
    client.get("/lang/en")
    row = _target_row(client, assessment_id, "Energy intensity")
    assert "(not counted as on track)" in row
    assert "behind" not in row
