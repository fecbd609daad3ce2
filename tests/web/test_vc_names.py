"""One English name for one thing (vcnames): the "1+3" partners, KPI headers, 0 stars.

1. The result page named the partner counts three ways ("'1+3' partners signed this year",
   "Value-chain partners who signed this year", "Value-chain partners (“1+3”)"): the KPIs and
   their inputs now carry the register's name through rubric errata.
2. years.xlsx wrote "…(LTIF) (cases per million hours worked)": the unit follows a comma.
3. A rated result of 0 stars read "0 星"/"0 stars" where the star tables say "未达 1 星".
"""

from __future__ import annotations

import html
import io

import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from rcapp.assessments.models import Assessment
from rcapp.reports import data_years
from rcapp.rubrics.app_registry import app_registry
from rcapp.rubrics.model import Rubric
from tests.conftest import AuthActions
from tests.pdf_tools import needs_poppler, pdf_text
from tests.scorecard_download import fetch_scorecard
from tests.web.helpers import result_page
from tests.web.test_partner_register_check import _typed
from tests.web.test_rubric_changes_since_last_year import real_rubrics, second_year

__all__ = ["real_rubrics"]  # the fixture, used by name

NAME = "Value-chain partners (“1+3”)"


def _typed_in_english(db_session: Session, auth: AuthActions, client: FlaskClient) -> Assessment:
    """The result with 4 partners this year and 18 to date, its company logged in in English."""
    assessment, email = _typed(4, 18)
    db_session.commit()
    auth.login(email)
    client.get("/lang/en?next=/")
    return assessment


def get_rubric(rubric_id: str, version: int) -> Rubric:
    return app_registry().get(rubric_id, version).rubric


def test_the_result_page_names_the_partners_one_way_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _typed_in_english(db_session, auth, client)
    page = html.unescape(result_page(client, assessment.id))
    assert f"“{NAME} signed this year”: 4 reported" in page  # the notice
    table = page.split('id="partner-register"')[1]  # the KPI table follows the notice
    assert f"{NAME} signed this year" in table
    assert f"{NAME} signed to date" in table
    assert "'1+3' partners" not in page
    assert "partners who signed" not in page
    assert "who have signed (cumulative)" not in page


@needs_poppler
def test_the_excel_template_and_scorecard_name_the_partners_as_the_register(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _typed_in_english(db_session, auth, client)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx")
    assert template.status_code == 200
    book = load_workbook(io.BytesIO(template.data))
    cells = [
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
    ]
    assert any(f"{NAME} signed this year" in c for c in cells)
    assert not [c for c in cells if "'1+3' partners" in c or "partners who signed" in c]
    text = " ".join(pdf_text(fetch_scorecard(client, assessment.id, "en").data).split())
    assert f"{NAME} signed this year" in text
    assert "'1+3' partners" not in text


def test_every_published_version_names_the_partner_kpis_as_the_register(
    app: Flask, real_rubrics: None
) -> None:
    with app.app_context():
        company = get_rubric("rc-company", 2)
        park = get_rubric("rc-park", 2)
    names = {k.id: k.name.get("en") for k in (*company.kpis, *park.kpis)}
    labels = {i.id: i.label.get("en") for i in (*company.kpi_inputs, *park.kpi_inputs)}
    assert names["VC-01"] == labels["partners_signed_year"] == f"{NAME} signed this year"
    assert names["VC-02"] == labels["partners_signed_total"] == f"{NAME} signed to date"
    through = f"{NAME} signed through resident companies"
    assert names["PK-RC-03"] == labels["companies_partners_signed"] == through
    with app.app_context():
        assert not [k for k in get_rubric("rc-company", 1).kpis if k.id.startswith("VC-")]


HEADERS = {
    "zh_CN": "OHS-03 员工损失工时伤害率，单位：",
    "en": "OHS-03 Employee lost-time injury frequency (LTIF), cases per million hours worked",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_years_workbook_writes_a_kpis_unit_once_after_a_comma(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None, lang: str
) -> None:
    user, _last, current = second_year(db_session)
    auth.login(user.email)
    client.get(f"/lang/{lang}?next=/")
    response = client.get(f"/reports/organisations/{current.organisation_id}/years.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet is not None
    firsts = [str(row[0].value) for row in sheet.iter_rows() if row[0].value]
    kpi_rows = [t for t in firsts if t[:3] in ("OHS", "EN-", "RS-", "PS-", "VC-")]
    assert any(t.startswith(HEADERS[lang]) for t in kpi_rows), kpi_rows
    assert not [t for t in kpi_rows if ") (" in t or "）（" in t]


ZERO = {"zh_CN": "未达 1 星", "en": "Below 1 star"}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_rated_zero_reads_below_one_star_everywhere(app: Flask, lang: str) -> None:
    with app.test_request_context(), force_locale(lang):
        macro = render_template_string(
            '{% from "reviews/_labels.html" import stars_text %}{{ stars_text(0) }}'
        )
        assert ZERO[lang] in macro
        assert "0 星" not in macro
        assert "0 star" not in macro
        assert data_years._stars(0, True) == ZERO[lang]
        assert render_template_string("{{ star_count_text(2) }}") in ("2 星", "2 stars")
