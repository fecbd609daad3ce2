"""The PK-RC-02 note says what happens for the park that year (qa42 S2).

The note ended "尚无入园企业在本系统评价时，按园区填写的企业数计算" on a page whose count
rcapp makes and the park cannot type. While a resident is rated in rcapp the note says only
what rcapp counts; while none is, it says the park's typed figure counts, and the KPI page
then has the field to type it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.reports.documents import scorecard_html
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import park_year, rated_resident, real_rubrics  # noqa: F401 - the fixture
from tests.web.helpers import page_text

FALLBACK = "按园区填写的企业数计算"  # the old sentence, true in neither case as worded
TYPED = "目前尚无入园企业在本系统中有评价结果，因此分子按园区在 KPI 数据页填写的"
COUNTED = "分子为在本系统中评价、星级为三星及以上的入园企业数"


def _park(rated: bool) -> tuple[Assessment, str]:
    own = park_year()
    park = own.organisation
    own.kpi_values.append(KpiValue(input_id="companies_resident", value=Decimal(86)))
    own.kpi_values.append(KpiValue(input_id="companies_3star", value=Decimal(5)))
    if rated:
        rated_resident(park, own.cycle, 2)
    return own, make_user(park, OrgRole.ADMIN).email


def _note(page: str) -> str:
    start = page.index('id="system-count-note"')
    return page[start : page.index("</p>", start)]


@pytest.mark.parametrize("rated", [True, False])
def test_the_note_says_which_figure_counts(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    real_rubrics: None,  # noqa: F811 - the fixture
    rated: bool,
) -> None:
    own, email = _park(rated)
    db_session.commit()
    auth.login(email)
    kpis = page_text(client, f"/assessments/{own.id}/kpis")
    # the field to type the count is there exactly when the typed figure counts
    assert ('id="kpi-companies_3star-system"' in kpis) is rated
    with app.test_request_context():
        scorecard = scorecard_html(own, "zh")
    for page in (kpis, page_text(client, f"/assessments/{own.id}/result"), scorecard):
        note = _note(page)
        assert FALLBACK not in note
        assert (COUNTED in note) is rated
        assert (TYPED in note) is (not rated)
    client.get("/lang/en")
    english = _note(page_text(client, f"/assessments/{own.id}/result"))
    assert ("the figure the park typed" in english) is (not rated)
