"""A KPI target may not take as its base a year whose rubric version defined the KPI
otherwise, and no progress is computed from such a value (qa9 D4): EN-01 was tonnes of SO2
in rc-company version 1 and is kg per tonne of product in version 2. RS-04 keeps its formula
and inputs (version 1 only called the groups' figure an index): it compares (qa14 D4)."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import KpiTarget, KpiValue
from tests.conftest import AuthActions
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

REFUSED = {
    "zh_CN": "基准年：2024 年度的评价细则对单位产品二氧化硫排放量的定义（公式或单位）与本年度不同，"
    "数值不可比，不能作为基准年；请改选定义相同的年度，例如本年度 2025。",
    "en": "Base year: the 2024 rubric defined SO2 released per tonne of product otherwise (formula"
    " or unit), so its values do not compare: it cannot be the base year. Choose a year"
    " that defines it alike, such as this year, 2025.",
}


def _with_ghg(db_session: Session) -> tuple[str, int, int]:
    user, last, current = second_year(db_session)
    for input_id, value in (
        ("ghg_scope1_t", 120),
        ("ghg_scope2_t", 24),
        ("so2_t", Decimal("0.123")),
        ("production_t", 100),
    ):
        db_session.add(KpiValue(assessment=last, input_id=input_id, value=Decimal(value)))
    db_session.commit()
    return user.email, current.id, current.organisation_id


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_base_year_defining_the_kpi_otherwise_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    email, assessment_id, _org = _with_ghg(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")
    typed = {"kpi_id": "EN-01", "base_year": "2024", "deadline": "2028", "change_pct": "-8"}
    refused = client.post(f"/assessments/{assessment_id}/targets", data=typed)
    assert refused.status_code == 422
    page = html.unescape(refused.get_data(as_text=True))
    assert REFUSED[lang] in page
    assert 'value="-8"' in page  # nothing typed is lost
    assert db_session.query(KpiTarget).filter_by(assessment_id=assessment_id).count() == 0
    # A KPI both versions define alike takes 2024 as its base.
    alike = {"kpi_id": "OHS-01", "base_year": "2024", "deadline": "2028", "value": "0"}
    assert client.post(f"/assessments/{assessment_id}/targets", data=alike).status_code == 302
    ghg = {"kpi_id": "RS-04", "base_year": "2024", "deadline": "2028", "change_pct": "-8"}
    assert client.post(f"/assessments/{assessment_id}/targets", data=ghg).status_code == 302


def test_a_stored_target_on_an_incomparable_base_shows_no_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    email, assessment_id, organisation_id = _with_ghg(db_session)
    # Set before the rule existed (or in last year's version).
    db_session.add(
        KpiTarget(
            assessment_id=assessment_id,
            kpi_id="EN-01",
            base_year=2024,
            deadline=2028,
            change_pct=Decimal(-8),
        )
    )
    db_session.commit()
    auth.login(email)
    response = client.get(f"/benchmarks/organisations/{organisation_id}/years")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    row = page[page.index('id="target-EN-01-2028"') :]
    row = row[: row.index("</tr>")]
    assert ">不可比<sup" in row  # linked to the note saying why
    assert "1.23" not in row  # 2024's SO2 per tonne, had version 2 defined it
    assert "完成进度" not in row
