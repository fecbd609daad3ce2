"""qa14 D7: own KPI targets cannot be set on a submitted assessment, yet the result page
and the year-over-year page told the company to add them on the assessment's KPI page.

Every page that asks for targets now says where and when they are set for the state the
reader is in: a draft's on its KPI page (with a link); a submitted one's in next year's
self-assessment, or by asking the secretariat to return it; a closed year's not at all.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus
from rcapp.cycles.models import CycleStatus
from rcapp.db import utcnow
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment
from tests.kpi_target_web import target_author
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401

SUBMITTED = {
    "zh": "2025 年度的自评已提交，其目标不能再修改。可在下一年度的自评中设定；"
    "如须计入 2025 年度的结果，请联系秘书处退回本自评。",
    "en": "the 2025 self-assessment has been submitted, so its targets can no longer be "
    "changed. Set them in next year's self-assessment; to have them count for 2025, ask "
    "the secretariat to return this self-assessment.",
}
DRAFT = {
    "zh": "指标目标在本自评的 KPI 数据页设定，提交自评前均可添加或修改。",
    "en": "KPI targets are set on this self-assessment's KPI data page and can be added or "
    "changed until it is submitted.",
}
OLD_ADVICE = ("在自评的绩效指标页添加", "add them on the assessment's KPI page")


def _where(page: str) -> str:
    return html.unescape(page.split('id="targets-where"')[1].split("</p>")[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_submitted_assessment_says_targets_are_set_before_submitting(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.user_a.email)
    client.get(f"/lang/{lang}")
    kpis_url = f"/assessments/{assessment.id}/kpis"

    for url in (kpis_url, f"/benchmarks/organisations/{world.org_a.id}/years"):
        page = client.get(url).get_data(as_text=True)
        assert SUBMITTED[lang] in _where(page), url
        assert f'href="{kpis_url}#targets"' not in _where(page), url
        assert not any(old in page for old in OLD_ADVICE), url
    assert 'id="target-form"' not in client.get(kpis_url).get_data(as_text=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_result_page_says_where_targets_are_set_when_they_hold_the_next_star(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - rubric v2: four stars need targets on track
    lang: str,
) -> None:
    assessment = target_author(db_session, auth)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/result"
    kpis_url = f"/assessments/{assessment.id}/kpis"

    draft = _where(client.get(url).get_data(as_text=True))
    assert DRAFT[lang] in draft
    assert f'href="{kpis_url}#targets"' in draft

    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = utcnow()
    db_session.commit()
    submitted = _where(client.get(url).get_data(as_text=True))
    assert SUBMITTED[lang] in submitted
    assert f'href="{kpis_url}#targets"' not in submitted


def test_others_and_closed_years_are_not_told_to_ask_for_a_return(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert "指标目标由单位在提交自评前于 KPI 数据页设定；2025 年度的自评已提交" in _where(page)
    assert "退回" not in _where(page)
    auth.logout()

    world.cycle.status = CycleStatus.CLOSED
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/assessments/{assessment.id}/kpis").get_data(as_text=True)
    assert "2025 年度已关闭，其目标不能再修改，可在下一年度的自评中设定。" in _where(page)
    assert "退回" not in _where(page)
