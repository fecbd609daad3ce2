"""QA36 S2: the prerequisites page shows rcapp's own verdict on P6 (the core KPI data).

The result page said "前置条件 P6 未满足：核心指标的 KPI 数据缺 14 项" and linked the
prerequisites page, where P6 read "是" with no word that it counts 未满足, nor which inputs;
the result page now links the KPI page for it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import KpiValue
from rcapp.assessments.queries import rubric_of
from rcapp.rubrics.input_codes import input_codes
from rcapp.scoring.prerequisites import core_kpi_input_ids
from tests.conftest import AuthActions
from tests.web.helpers import page_text, result_page
from tests.web.test_star_advice_pages import _company_draft, real_rubrics

pytestmark = pytest.mark.usefixtures(real_rubrics.__name__)


def test_the_kpi_data_verdict_is_beside_p6_and_the_result_links_the_kpi_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, user, missing = _company_draft(reported=3)
    db_session.commit()
    auth.login(user.email)
    kpis = f'href="/assessments/{assessment.id}/kpis"'
    result = result_page(client, assessment.id)
    ladder = result[result.index('id="bands-title"') :]
    said = ladder[ladder.index("前置条件 P6 未满足：核心指标的 KPI 数据缺") :]
    assert f"<a {kpis}>查看 KPI 数据</a>" in said[: said.index("</li>")]
    assert "查看前置条件" not in said[: said.index("</li>")]

    url = f"/assessments/{assessment.id}/prerequisites"
    page = page_text(client, url)
    note = page[page.index('id="check-P6"') :]
    assert f"系统核对：核心指标所需的 KPI 数据缺 {missing} 项，选“是”也按“未满足”计" in note
    assert kpis in note
    rubric = rubric_of(assessment)
    first = core_kpi_input_ids(rubric)[3]  # the first not reported
    assert input_codes(rubric).get(first, first) in note[: note.index("</details>")]
    client.get("/lang/en")
    assert "Checked by the system" in page_text(client, url)
    client.get("/lang/zh")

    for input_id in core_kpi_input_ids(rubric)[3:]:
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(1)))
    db_session.commit()
    assert "系统核对：核心指标所需的 KPI 数据已全部填写。" in page_text(client, url)
