"""Own KPI targets on the KPI page: added, shown on the result page, counted by the
★★★★ gate; a bad target refused with a message naming the field (real v2 rubric)."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import KpiTarget, KpiValue
from rcapp.assessments.results import compute_scorecard
from rcapp.organisations.models import OrganisationKind
from rcapp.scoring.scorecard import GateKind
from tests.conftest import AuthActions
from tests.kpi_target_web import ohs_target, target_author
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401


def _gate_actuals(card: object) -> list[Decimal | None]:
    return [
        gate.actual
        for band in card.rating.bands  # type: ignore[attr-defined]
        for gate in band.gates
        if gate.kind is GateKind.TARGETS_ON_TRACK
    ]


def test_target_added_on_the_kpi_page_reaches_result_page_and_gate(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add(
        KpiValue(assessment=assessment, input_id="fatalities_employees", value=Decimal(0))
    )
    db_session.commit()
    auth.login(email)
    year = assessment.cycle.year
    before = _gate_actuals(compute_scorecard(assessment))
    assert before, "rubric v2 has a targets_on_track gate"
    response = client.post(
        f"/assessments/{assessment.id}/targets",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year - 1),
            "deadline": str(year + 2),
            "value": "0",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    [row] = assessment.kpi_targets
    assert (row.kpi_id, row.base_year, row.deadline, row.value) == (
        "OHS-01",
        year - 1,
        year + 2,
        Decimal(0),
    )
    kpi_page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert "员工死亡人数" in kpi_page
    assert str(year + 2) in kpi_page
    card = compute_scorecard(assessment)
    assert [t.kpi_id for t in card.targets] == ["OHS-01"]
    assert card.targets[0].on_track  # 0 fatalities meets a target of 0
    assert _gate_actuals(card) != before
    result = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    assert "自定目标及进展" in result
    assert "员工死亡人数" in result


def test_bad_target_is_refused_with_field_messages(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    response = client.post(
        f"/assessments/{assessment.id}/targets",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year + 1),
            "deadline": str(year + 1),
            "value": "0",
            "change_pct": "-8",
        },
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"基准年：基准年 {year + 1} 不能晚于本评价年度 {year}。" in text
    assert "目标值：目标值与变化率须填写其一，且只填一项。" in text
    client.get("/lang/en")
    missing = client.post(
        f"/assessments/{assessment.id}/targets",
        data={"kpi_id": "OHS-01", "deadline": "abc", "value": "1"},
    )
    assert missing.status_code == 422
    english = missing.get_data(as_text=True)
    assert "Target year: “abc” is not a valid year." in english
    assert "Base year: enter the base year." in english
    db_session.expire_all()
    assert db_session.query(KpiTarget).count() == 0


def test_target_can_be_changed_and_deleted(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    year = assessment.cycle.year
    target = ohs_target(assessment)
    db_session.add(target)
    db_session.commit()
    auth.login(email)
    url = f"/assessments/{assessment.id}/targets/{target.id}"
    assert "修改指标目标" in client.get(url).get_data(as_text=True)
    changed = client.post(
        url,
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year - 1),
            "deadline": str(year + 3),
            "change_pct": "-20",
            "version": "1",
        },
    )
    assert changed.status_code == 302
    db_session.expire_all()
    assert (target.deadline, target.change_pct) == (year + 3, Decimal(-20))
    assert client.post(f"{url}/delete").status_code == 302
    db_session.expire_all()
    assert db_session.query(KpiTarget).count() == 0


def test_the_target_button_is_secondary_and_says_it_saves_no_figures(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    # qa41 S2: next to unsaved figures, the last button on the page is not the main one.
    assert '<button type="submit" class="secondary" aria-describedby="target-save-help">' in page
    assert "上方表格中填写的绩效数据请先用表格下方的“保存”按钮保存。" in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh", "员工死亡人数已有 %(year)s 年的目标，请在下方目标列表中修改该目标"),
        ("en", "already has a target for %(year)s"),
    ],
)
def test_a_second_target_for_the_same_kpi_and_year_is_refused_milestones_are_not(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
    lang: str,
    said: str,
) -> None:
    """qa48 D2: the same target entered twice listed the KPI twice on every page."""
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    year = assessment.cycle.year
    auth.login(email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/targets"

    def add(deadline: int) -> object:
        return client.post(
            url,
            data={
                "kpi_id": "OHS-01",
                "base_year": str(year - 1),
                "deadline": str(deadline),
                "change_pct": "-8",
            },
        )

    assert add(year + 2).status_code == 302  # type: ignore[attr-defined]
    again = add(year + 2)
    assert again.status_code == 422  # type: ignore[attr-defined]
    page = html.unescape(again.get_data(as_text=True))  # type: ignore[attr-defined]
    assert said % {"year": year + 2} in page
    assert add(year + 5).status_code == 302  # type: ignore[attr-defined]  # a later milestone
    db_session.expire_all()
    assert sorted(t.deadline for t in assessment.kpi_targets) == [year + 2, year + 5]
    # changing the first target to its own year is no clash with itself
    first = min(assessment.kpi_targets, key=lambda t: t.deadline)
    changed = client.post(
        f"{url}/{first.id}",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(year - 1),
            "deadline": str(year + 2),
            "change_pct": "-9",
            "version": str(first.version),
        },
    )
    assert changed.status_code == 302


def test_the_figures_form_on_a_refused_target_page_saves_to_the_kpi_page(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    # qa91: a refused target answers at /targets; the figures' form there had no action, so
    # its 保存 posted the figures to /targets, refused as a target ("请填写基准年"), not saved.
    assessment = target_author(db_session, auth)
    refused = client.post(f"/assessments/{assessment.id}/targets", data={"kpi_id": "OHS-01"})
    assert refused.status_code == 422
    form = refused.get_data(as_text=True).split('id="kpi-form"')[0].rsplit("<form", 1)[1]
    assert f'action="/assessments/{assessment.id}/kpis"' in form
