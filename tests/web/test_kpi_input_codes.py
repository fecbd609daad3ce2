"""QA (qa11 S6): the KPI page shows each input's code (as the Excel template's KPI sheet and
the items' guidance name it: "OHS-03-2", "CA-03") beside its name, in both languages."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import queries
from rcapp.rubrics.input_codes import input_codes
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment, page_text


def _row(page: str, input_id: str) -> str:
    found = re.search(rf'<tr id="kpi-{re.escape(input_id)}".*?</tr>', page, re.S)
    assert found is not None, input_id
    return found.group(0)


def test_each_input_shows_its_code_beside_its_name_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    rubric = queries.rubric_of(assessment)
    codes = input_codes(rubric)
    url = f"/assessments/{assessment.id}/kpis"
    assert rubric.kpi_inputs

    for lang in ("zh_CN", "en"):
        client.get(f"/lang/{lang}")
        page = page_text(client, url)
        for kpi_input in rubric.kpi_inputs:
            row = _row(page, kpi_input.id)
            label = kpi_input.label.get("en" if lang == "en" else "zh")
            shown = re.search(r"<span class=\"item-id nowrap\">([^<]+)</span></label>", row)
            assert shown is not None, row
            assert shown.group(1) == codes[kpi_input.id]
            assert label in row
        for kpi in rubric.kpis:  # the rates name their KPI as the guidance does ("CA-03")
            assert f'<span class="item-id nowrap">{kpi.id}</span></th>' in page
