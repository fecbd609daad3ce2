"""One name for the KPI data page, and KPI inputs named by the code users know (qa34 D6, S10).

The submit list named missing KPI inputs by their internal ids (restricted_work_cases) under a
third name for the page (绩效数据); the result and years pages said 绩效指标页. The page is
“KPI 数据” (its tab), and an input is named by its code (OHS-05-3) as on that page and in the
Excel template.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy.orm import Session

from rcapp.assessments.queries import rubric_of
from rcapp.assessments.target_words import targets_where
from rcapp.rubrics.input_codes import input_codes
from tests.conftest import AuthActions
from tests.factories import make_world, start
from tests.web.helpers import member_with_assessment

TAGS = re.compile(r"<[^>]+>")


def _visible(html: str) -> str:
    return TAGS.sub(" ", html)


@pytest.mark.parametrize(
    ("lang", "line"),
    [("zh_CN", "KPI 数据 {code}（"), ("en", "KPI data {code} (")],
)
def test_the_submit_list_names_a_missing_kpi_input_by_its_code(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, line: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    response = client.post(f"/assessments/{assessment.id}/submit")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    codes = input_codes(rubric_of(assessment))
    code = codes["hours_employees"]
    assert code != "hours_employees"
    shown = _visible(html)
    assert line.format(code=code) in shown
    # the link still finds the row; no internal id is shown to the user
    assert f'href="/assessments/{assessment.id}/kpis#kpi-hours_employees"' in html
    assert "hours_employees" not in shown
    assert "绩效数据" not in shown


@pytest.mark.parametrize(
    ("lang", "name", "other"),
    [("zh_CN", "KPI 数据页", "绩效指标页"), ("en", "KPI data page", "the KPI page")],
)
def test_the_targets_are_set_on_the_page_named_as_its_tab(
    app: Flask, db_session: Session, lang: str, name: str, other: str
) -> None:
    world = make_world()
    assessment = start(world)
    with app.test_request_context(), force_locale(lang):
        for member in (True, False):
            said = targets_where(assessment, member)
            assert name in said
            assert other not in said
