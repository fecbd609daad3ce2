"""Version-2 pages: data problems on the KPI and events pages, a park's computed input, and
the event form refusing a grade below its figures (assessments pinned to the real rubrics)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, AssessmentStatus, KpiValue
from rcapp.organisations.models import OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture


def _sha(rubric_id: str) -> str:
    return hashlib.sha256((RUBRICS / rubric_id / "v2.yaml").read_bytes()).hexdigest()


def _v2_assessment(kind: OrganisationKind, **org: object) -> tuple[Assessment, str]:
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=2,
        park_rubric_id="rc-park",
        park_rubric_version=2,
    )
    organisation = make_organisation(kind=kind, **org)
    user = make_user(organisation, OrgRole.ADMIN)
    rubric_id = "rc-park" if kind is OrganisationKind.PARK else "rc-company"
    assessment = make_assessment(
        organisation, cycle, rubric_id=rubric_id, rubric_version=2, rubric_sha256=_sha(rubric_id)
    )
    return assessment, user.email


def test_kpi_and_events_pages_show_register_mismatch(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add(KpiValue(assessment=assessment, input_id="pse_tier1", value=Decimal(2)))
    db_session.commit()
    auth.login(email)

    for page in ("kpis", "events"):
        html = client.get(f"/assessments/{assessment.id}/{page}").get_data(as_text=True)
        assert "数据问题（评审员可见）" in html
        assert (
            "KPI数据为 2，本年度事件登记为 0，两者不一致（一级工艺安全事件：KPI数据与事件登记）。"
            in html
        )


def test_result_page_links_data_problems_to_the_pages_that_fix_them(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    # The help names the pages by their tab labels (KPI 数据, 事件登记) and links to them.
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add(KpiValue(assessment=assessment, input_id="pse_tier1", value=Decimal(2)))
    db_session.commit()
    auth.login(email)
    kpis = f'<a href="/assessments/{assessment.id}/kpis">'
    events = f'<a href="/assessments/{assessment.id}/events">'

    html = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    client.get("/lang/en?next=/")
    html_en = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)

    assert "关键绩效指标”页" not in html
    assert f"请在“{events}事件登记</a>”或“{kpis}KPI 数据</a>”页更正" in html
    assert f"Correct them on the {events}Events</a> or {kpis}KPI data</a> page" in html_en


def test_kpi_page_words_data_problems_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.add(KpiValue(assessment=assessment, input_id="pse_tier1", value=Decimal(2)))
    db_session.commit()
    auth.login(email)
    client.get("/lang/en?next=/")

    html = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)

    assert "Data problems (shown to the reviewer)" in html
    assert "The KPI data say 2, this year&#39;s events register 0; they disagree (" in html


def test_event_form_refuses_a_grade_below_the_figures(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _v2_assessment(OrganisationKind.COMPANY)
    db_session.commit()
    auth.login(email)
    url = f"/assessments/{assessment.id}/events"
    data = {  # CSRF is off in the test configuration (tests/conftest.py)
        "event_type": "safety_accident",
        "grade": "general",
        "occurred_on": "2025-08-20",
        "fatalities": "4",
        "injuries": "0",
        "direct_loss": "",
        "description": "罐区火灾",
    }
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)

    assert response.status_code == 422
    assert "本事件为“较大”事故（国务院令第493号）：等级不能低于“较大”" in html
    assert "重伤人数（含急性工业中毒）" in html
    assert "罐区火灾</td>" not in html  # nothing stored


def test_park_sees_its_computed_share_of_rated_resident_companies(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    park_assessment, email = _v2_assessment(OrganisationKind.PARK)
    for stars in (3, 4, 1):
        company = make_organisation(park_id=park_assessment.organisation_id)
        make_assessment(
            company, park_assessment.cycle, status=AssessmentStatus.SUBMITTED, stars=stars
        )
    db_session.commit()
    auth.login(email)

    html = client.get(f"/assessments/{park_assessment.id}/kpis").get_data(as_text=True)

    assert "无需填写：按入园企业在本系统中的评价结果统计，目前为 2；填写的数值不计入。" in html


@pytest.mark.parametrize("kind", [OrganisationKind.COMPANY, OrganisationKind.PARK])
def test_result_page_words_the_provisional_rules_for_users(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,
    kind: OrganisationKind,
) -> None:
    # It read "The star rating rules are provisional: PROVISIONAL star rules (version 2): ...
    # the official rules will replace them by an edit of this `rating` part" and
    # "星级规则为暂行规则：暂定星级规则……通过修改本细则的rating部分予以替换" (the errata reword it).
    assessment, email = _v2_assessment(kind)
    db_session.commit()
    auth.login(email)
    client.get("/lang/en")
    html = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    note = html.split("The star rating rules are provisional: ", 1)[1].split("</p>", 1)[0]
    assert note[0].isupper()
    assert "provisional" not in note.lower()
    assert "rating` part" not in note
    assert "`" not in note
    assert "YAML" not in note
    client.get("/lang/zh_CN")
    html = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    note = html.split("星级规则为暂行规则：", 1)[1].split("</p>", 1)[0]
    assert "暂定" not in note
    assert "暂行" not in note
    assert "rating" not in note
    assert "YAML" not in note
