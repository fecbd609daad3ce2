"""KPI targets at entry (QA34 S17): "-8%" in the rate field, and a base year without data.

"-8%" gave two errors, one of them wrong ("目标值与变化率须填写其一" although the rate was
filled); a base year with no figures of the KPI was saved silently and never showed progress.
"""

from __future__ import annotations

from decimal import Decimal

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.kpi_target_web import target_author
from tests.web.helpers import page_text
from tests.web.test_v2_pages import _v2_assessment, real_rubrics  # noqa: F401


def _post(client: FlaskClient, assessment_id: int, base: int, deadline: int, change: str) -> str:
    response = client.post(
        f"/assessments/{assessment_id}/targets",
        data={
            "kpi_id": "OHS-01",
            "base_year": str(base),
            "deadline": str(deadline),
            "change_pct": change,
        },
        follow_redirects=True,
    )
    return response.get_data(as_text=True)


def test_a_rate_typed_with_a_percent_sign_is_read_as_per_cent(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    page = _post(client, assessment.id, year, year + 2, "-8%")
    assert "指标目标已保存" in page
    db_session.expire_all()
    assert [t.change_pct for t in assessment.kpi_targets] == [Decimal(-8)]


def test_an_unreadable_rate_gets_one_message_not_fill_one_of_them(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    page = _post(client, assessment.id, year, year + 2, "约-8")
    assert "不是有效数字" in page
    assert "目标值与变化率须填写其一" not in page
    assert not assessment.kpi_targets


def test_a_base_year_without_data_is_saved_with_a_warning(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811
) -> None:
    assessment = target_author(db_session, auth)
    year = assessment.cycle.year
    page = _post(client, assessment.id, year - 1, year + 2, "-8")
    assert "指标目标已保存" in page
    assert f"{year - 1} 年度没有员工死亡人数的数据，无法计算该目标的进度" in page
    client.get("/lang/en")
    page = _post(client, assessment.id, year - 1, year + 3, "-5")
    assert f"{year - 1} has no figures of Employee fatalities" in page
    # This year's figures may still be typed: no warning for a base year of this year.
    page = _post(client, assessment.id, year, year + 2, "-8")
    assert "has no figures" not in page
    assert len(page_text(client, f"/assessments/{assessment.id}/kpis")) > 0
