"""The KPI data page writes a computed KPI as the result page does (qa71, one way everywhere).

Its rates read "2.5" and "0" beside the result page's "2.50" and "0.00", and its script
redrew them a third way while the user typed. The page and the figures its script asks for
now write a value through scoring.kpi_text, with the unit of kpi_table.value_unit.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories import FULL_KPIS, make_cycle, make_organisation, make_user
from tests.web.test_locked_kpi_page_figures import _rate_row
from tests.web.test_years_kpi_precision import submitted

UNIT = {"zh": "起/百万工时", "en": "cases per million hours worked"}


def _result_row(page: str, kpi_id: str) -> list[str]:
    """The result page's KPI row of `kpi_id`: its unit and figures, as written."""
    at = page.index(kpi_id, page.index('id="kpi-values"'))
    row = page[at : page.index("</tr>", at)]
    return re.findall(r"<td[^>]*>([^<]*)</td>", row)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_kpi_page_writes_a_rate_as_the_result_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    company = make_organisation()
    member = make_user(company)
    submitted(company, member, 2024, "5")  # LTIF 2.5 per million hours
    now = submitted(company, member, 2025, "0")  # LTIF 0
    db_session.commit()
    auth.login(member.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{now.id}/kpis").get_data(as_text=True)
    result = client.get(f"/assessments/{now.id}/result").get_data(as_text=True)

    unit, last, this, _change = _rate_row(page, "OHS-03")
    assert (unit, last, this) == (UNIT[lang], "2.50", "0.00")  # was "2.5" and "0"
    assert [unit, this] == _result_row(result, "OHS-03")[:2]  # the result page's unit, value
    drills = _rate_row(page, "CA-01")  # a count: whole, on both pages
    assert drills[2] == _result_row(result, "CA-01")[1] == "3"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_figures_the_script_redraws_are_the_servers(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    company = make_organisation()
    member = make_user(company)
    submitted(company, member, 2024, "5")
    draft = services.get_or_start_assessment(company, make_cycle(year=2025), member)
    assert services.save_kpi_inputs(draft, rubric_of(draft), FULL_KPIS, member).ok
    db_session.commit()
    auth.login(member.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/assessments/{draft.id}/kpis").get_data(as_text=True)
    assert f'data-figures-url="/assessments/{draft.id}/kpis/figures"' in page
    assert re.search(r"<output data-formula[^>]*>1\.00</output>", page)  # 2 in 2 M hours

    typed = {"hours_employees": "2000000", "lti_employees": "1", "drills": "4"}
    got = client.get(f"/assessments/{draft.id}/kpis/figures", query_string=typed).get_json()
    rates = {rate["kpi"]: rate for rate in reversed(got["rates"])}  # a KPI's first basis
    assert rates["OHS-03"]["text"] == "0.50"  # not "0.5"
    assert rates["OHS-03"]["change"] == "-2.00 (-80 %)"  # from 2.50 last year, not "-2"
    assert rates["CA-01"]["text"] == "4"
    assert got["changes"]["lti_employees"] == "-4 (-80 %)"

    stranger = make_user(make_organisation())
    db_session.commit()
    auth.login(stranger.email)
    assert client.get(f"/assessments/{draft.id}/kpis/figures").status_code in (403, 404)
