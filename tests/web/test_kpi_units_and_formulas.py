"""KPI names and units on the KPI page, the result page and the scorecard (reports4 1-3).

1. SO2, NOx print with their subscripts (<sub>), the CJK font having no ₂.
2. rc-company@1's RS-04 is an index for the groups only: an organisation's own value is in
   t CO2e per t of product, as the annual workbook says, not "index (base year = 100)".
3. An input's unit reads as the outputs write it: rc-park@1's "¥10k" is "CNY 10k".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment, KpiValue
from rcapp.organisations.models import OrganisationKind
from rcapp.reports.documents import scorecard_html
from rcapp.rubrics.registry import RubricRegistry
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.web.helpers import page_text

RUBRICS = Path(__file__).resolve().parents[2] / "rubrics"
INDEX = re.compile(r"index \(base year = 100\)|指数（基准年＝100）")


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS)
    yield
    app.config["RUBRICS_DIR"] = before


def _version_1(kind: OrganisationKind, inputs: dict[str, int]) -> tuple[Assessment, str]:
    rubric_id = "rc-park" if kind is OrganisationKind.PARK else "rc-company"
    cycle = make_cycle(
        company_rubric_id="rc-company",
        company_rubric_version=1,
        park_rubric_id="rc-park",
        park_rubric_version=1,
    )
    organisation = make_organisation(kind=kind)
    sha = RubricRegistry(RUBRICS).get(rubric_id, 1).sha256
    assessment = make_assessment(
        organisation, cycle, rubric_id=rubric_id, rubric_version=1, rubric_sha256=sha
    )
    for input_id, value in inputs.items():
        assessment.kpi_values.append(KpiValue(input_id=input_id, value=Decimal(value)))
    return assessment, make_user(organisation, OrgRole.ADMIN).email


def _rs04_row(page: str) -> str:
    """RS-04's table row: by its id, or its name where the table has no ids (scorecard)."""
    names = ("RS-04", "单位产品碳排放强度指数<", "GHG intensity index<")
    return next(r for r in page.split("<tr") if any(n in r for n in names) and "</td>" in r)


def test_the_company_kpi_page_and_result_page_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    ghg = {"ghg_scope1_t": 150, "ghg_scope2_t": 50, "production_t": 100, "so2_t": 3}
    assessment, email = _version_1(OrganisationKind.COMPANY, ghg)
    db_session.commit()
    auth.login(email)
    kpis, result = f"/assessments/{assessment.id}/kpis", f"/assessments/{assessment.id}/result"
    for lang, own in (("zh", "吨二氧化碳当量/吨产品"), ("en", "t CO<sub>2</sub>e/t product")):
        client.get(f"/lang/{lang}")
        page = page_text(client, kpis)
        row = _rs04_row(page)
        assert own in row, row
        assert not INDEX.search(row), row
        if lang == "en":
            assert "SO<sub>2</sub> emissions" in page
            assert "NO<sub>x</sub> emissions (as NO<sub>2</sub>)" in page
            # (an <option> or aria-label can hold no markup: plain there)
            assert "SO2 emissions <span" not in page
        else:
            assert "氮氧化物排放量（以NO<sub>2</sub>计）" in page
        row = _rs04_row(page_text(client, result))
        assert own.replace("<sub>", "").replace("</sub>", "") in row, row
        assert not INDEX.search(row), row


def test_the_version_1_scorecard_names_the_organisations_unit(
    db_session: Session, real_rubrics: None
) -> None:
    ghg = {"ghg_scope1_t": 150, "ghg_scope2_t": 50, "production_t": 100}
    assessment, _email = _version_1(OrganisationKind.COMPANY, ghg)
    db_session.flush()
    for lang, own in (("zh", "吨二氧化碳当量/吨产品"), ("en", "t CO<sub>2</sub>e/t product")):
        row = _rs04_row(scorecard_html(assessment, lang))
        assert own in row, row
        assert not INDEX.search(row), row


def test_an_input_unit_reads_as_the_outputs_write_it(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment, email = _version_1(OrganisationKind.PARK, {})
    db_session.commit()
    auth.login(email)
    client.get("/lang/en")
    row = next(
        r
        for r in page_text(client, f"/assessments/{assessment.id}/kpis").split("<tr")
        if 'id="kpi-output_value_10k"' in r
    )
    assert '<td class="unit"><span class="cell-label" aria-hidden="true">Unit</span>CNY 10k' in row
    assert "¥" not in row
