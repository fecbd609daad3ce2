"""The result page's KPI table gives every KPI a value in its unit, rates too (qa14 S10).

A rate per hours worked showed the unit "cases" and an empty value column, its figure
only under "per million hours".
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from tests.conftest import AuthActions
from tests.factories import fill_complete, make_world, start
from tests.web.helpers import result_page


def _kpi_row(page: str, kpi_id: str) -> str:
    """The KPI's table row, without the column names phones show (data-label)."""
    body = page.split('id="kpi-title"', 1)[1]
    row = next(r for r in body.split("<tr>") if f'<span class="item-id">{kpi_id}</span>' in r)
    return re.sub(r' data-label="[^"]*"', "", row)


def test_a_rate_shows_its_value_in_its_first_basis_beside_its_unit(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    fill_complete(assessment, world.user_a)  # 2 injuries in 2,000,000 hours, 3 drills
    services.submit_assessment(assessment, world.user_a)
    db_session.commit()
    auth.login(world.user_a.email)
    row = _kpi_row(result_page(client, assessment.id), "OHS-03")
    cells = row.split("</th>", 1)[1]
    assert "<td>起/百万工时</td>" in cells
    # a rate's two decimals, as every output writes it (scoring.kpi_text, qa71)
    assert '<td class="num">1.00</td>' in cells  # the value column, per million hours
    assert '<td class="num">0.20</td>' in cells  # per 200,000 hours, its own column
    assert '<td class="num"></td>' not in cells
    drills = _kpi_row(result_page(client, assessment.id), "CA-01")
    assert "<td>次/年</td>" in drills
    assert '<td class="num">3</td>' in drills
    client.get("/lang/en")
    english = _kpi_row(result_page(client, assessment.id), "OHS-03")
    assert "<td>cases per million hours worked</td>" in english  # the glossary's form (QA37 S3)
