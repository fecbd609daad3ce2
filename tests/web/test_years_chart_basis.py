"""The years page's KPI charts draw no year the table marks 不可比 (parkshare #1).

A park's PK-RC-02 typed in 2024 (rubric v1) and counted from its residents in 2025 (v2): the
table marked 2024 不可比 (口径不同) while the chart drew a steep line 10.71 → 0 across the
change of basis. earlier_marks.marks_of decides for the table and the chart alike.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.parks import closed_park_year, park_assessment
from tests.parks import real_rubrics as real_rubrics  # the fixture

NOT_COMPARABLE = {"zh": "不可比", "en": "not comparable"}


def _figure(page: str, kpi_id: str) -> str:
    start = page.index(f'<figure id="kpi-trend-{kpi_id}">')
    return page[start : page.index("</figure>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_year_counted_on_another_basis_is_not_drawn(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    admin: User = make_user(None)
    park, earlier = closed_park_year(admin, 1, [2, 1])  # 2024 (v1): typed 9 of 84, 10.71 %
    own = park_assessment(park, 2025, 2, companies_resident="86")  # 2025 (v2): counted
    earlier.stars = own.stars = 1
    staff = make_user(park)
    db_session.commit()
    auth.login(staff.email)
    if lang == "en":
        client.get("/lang/en")
    response = client.get(f"/benchmarks/organisations/{park.id}/years")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    chart = _figure(page, "PK-RC-02")
    points = re.findall(r'<text[^>]*class="point-value"[^>]*>([^<]*)</text>', chart)
    assert "10.71" not in points, chart  # the typed 2024 figure is not drawn
    assert "<polyline" not in chart  # no line across the change of basis
    assert len(re.findall(r"<circle ", chart)) == 1  # the 2025 point alone
    # the chart's data table says why the 2024 point is missing, as the table above does
    data = page[page.index('<details class="chart-data">') :]
    row = data[data.index('<th scope="row">PK-RC-02 ') :]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row[: row.index("</tr>")])
    assert cells[0].lower() == NOT_COMPARABLE[lang]
    # the main table still gives the 2024 figure with the reason beside it
    table = page[page.index('<th scope="row">PK-RC-02 ') :]
    assert 'href="#kpi-basis-2024-PK-RC-02"' in table[: table.index("</tr>")]
