"""Targets stored before bases defining the KPI otherwise were refused (qa9 D4) are marked
wherever they are listed, never get progress, and can be changed or deleted.

EN-01 was tonnes of SO2 in rc-company version 1 (2024) and is kg per tonne of product in
version 2 (2025); 2025 has 0.9 kg/t, which would meet a target of 1.2. (RS-04, once the
example, keeps its formula and inputs across the versions: it compares, qa14 D4.)
"""

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

MARK = {"zh_CN": "基准年口径不同，无法计算进度", "en": "The base year defines the KPI differently"}
WHY = {
    "zh_CN": "标为“基准年口径不同”的目标保存于系统拒绝此类基准年之前："
    "基准年的评价细则对该指标的定义（公式或单位）与本年度不同，数值不可比，因此不计算进度",
    "en": "Targets marked “The base year defines the KPI differently” were saved before"
    " such base years were refused: the base year's rubric defined the KPI otherwise",
}
NOT_ON_TRACK = {"zh_CN": "（不计为按进度）", "en": "(not counted as on track)"}


def _stored(db_session: Session) -> tuple[str, int, int, int]:
    user, last, current = second_year(db_session)
    for assessment, values in (
        (last, {"so2_t": "0.144", "production_t": "100"}),
        (current, {"so2_t": "0.09", "production_t": "100"}),
    ):
        for input_id, value in values.items():
            db_session.add(KpiValue(assessment=assessment, input_id=input_id, value=Decimal(value)))
    # Saved before the rule (or copied from last year): a value the 2025 figure already meets.
    target = KpiTarget(
        assessment_id=current.id,
        kpi_id="EN-01",
        base_year=2024,
        deadline=2028,
        value=Decimal("1.2"),
    )
    db_session.add(target)
    db_session.commit()
    return user.email, current.id, current.organisation_id, target.id


def _page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(html.unescape(response.get_data(as_text=True)).split())


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_targets_list_marks_it_and_no_page_computes_progress(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    email, assessment_id, organisation_id, target_id = _stored(db_session)
    auth.login(email)
    client.get(f"/lang/{lang}?next=/")

    kpis = _page(client, f"/assessments/{assessment_id}/kpis")
    row = kpis[kpis.index(f'id="target-row-{target_id}"') :]
    row = row[: row.index("</tr>")]
    assert MARK[lang] in row
    assert WHY[lang] in kpis[kpis.index('id="targets-incomparable"') :]
    assert f"/assessments/{assessment_id}/targets/{target_id}" in row  # change it
    assert f"/assessments/{assessment_id}/targets/{target_id}/delete" in row  # or delete it

    result = _page(client, f"/assessments/{assessment_id}/result")
    mine = result[result.index("target-incomparable") :]
    mine = mine[: mine.index("</li>")]
    assert MARK[lang] in mine
    assert NOT_ON_TRACK[lang] in mine

    years = _page(client, f"/benchmarks/organisations/{organisation_id}/years")
    track = years[years.index('id="target-EN-01-2028"') :]
    track = track[: track.index("</tr>")]
    assert MARK[lang] in track
    for judged in ("已达成", "按计划推进", "已提前达到目标值", "Met", "On track"):
        assert judged not in track


def test_it_can_be_changed_to_a_comparable_base_or_deleted(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    email, assessment_id, _organisation_id, target_id = _stored(db_session)
    auth.login(email)
    url = f"/assessments/{assessment_id}/targets/{target_id}"
    opened = _page(client, url)
    form = opened[opened.index('id="target-form"') :]
    # The base year's problem is told when the form opens, on the field.
    told = "基准年：2024 年度的评价细则对单位产品二氧化硫排放量的定义（公式或单位）与本年度不同"
    assert told in form
    target = db_session.get(KpiTarget, target_id)
    assert target is not None
    changed = {
        "kpi_id": "EN-01",
        "base_year": "2025",
        "deadline": "2028",
        "value": "0.8",
        "change_pct": "",
        "note": "",
        "version": str(target.version),
    }
    assert client.post(url, data=changed).status_code == 302
    db_session.refresh(target)
    assert target.base_year == 2025
    kpis = _page(client, f"/assessments/{assessment_id}/kpis")
    assert "基准年口径不同" not in kpis
    assert 'id="targets-incomparable"' not in kpis

    db_session.add(
        KpiTarget(
            assessment_id=assessment_id,
            kpi_id="EN-01",
            base_year=2024,
            deadline=2030,
            change_pct=Decimal(-8),
        )
    )
    db_session.commit()
    stored = db_session.query(KpiTarget).filter_by(deadline=2030).one()
    assert client.post(f"{url[: url.rindex('/')]}/{stored.id}/delete").status_code == 302
    assert db_session.query(KpiTarget).filter_by(deadline=2030).count() == 0
