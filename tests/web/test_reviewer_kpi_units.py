"""The reviewer's "KPIs that moved most" table names each KPI's unit (QA33 S9).

"PS-04 工艺安全事件严重度率 1.80 → 0.12" and a share "10.71 → 2.33" had no unit.
"""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.kpi_table import primary_unit
from rcapp.assessments.queries import rubric_of
from tests.conftest import AuthActions
from tests.factories_reviews import assign_all, make_review_world


def _rows(client: FlaskClient, url: str) -> dict[str, str]:
    page = client.get(url).get_data(as_text=True)
    table = page.split('id="kpis"', 1)[1].split("</table>", 1)[0]
    cells = (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in table.split("<tr>")[2:])
    return {c[0].split()[0]: c[1] for c in cells if c}


def test_every_kpi_to_check_shows_its_unit_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(5)
    review = assign_all(world)[0]
    rubric = rubric_of(review.assessment)
    review.sample_kpis = json.dumps([kpi.id for kpi in rubric.kpis])
    db_session.commit()
    auth.login(review.assignments[0].reviewer.email)
    url = f"/reviews/assignments/{review.assignments[0].id}"
    for lang in ("zh", "en"):
        client.get(f"/lang/{lang}")
        rows = _rows(client, url)
        assert rows, lang
        for kpi in rubric.kpis:
            assert rows[kpi.id] == primary_unit(kpi, lang), (lang, kpi.id)
    assert any(kpi.bases for kpi in rubric.kpis)  # a per-hours unit is among them
