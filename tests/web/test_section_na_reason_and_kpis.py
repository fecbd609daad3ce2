"""qa49 M5: a whole section N/A needs a real reason, is checked against the KPI data, and is
a line of the star conditions."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Answer
from rcapp.assessments.section_na_doubts import section_na_doubt
from rcapp.assessments.validation import ItemInput, KpiEntry, check_section_na
from rcapp.rubrics.registry import RubricRegistry
from rcapp.rubrics.section_kpis import section_kpi_inputs
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.web.helpers import error_beside, member_with_assessment, page_text

RUBRICS_DIR = Path(__file__).resolve().parents[2] / "rubrics"
RUBRICS = RubricRegistry(RUBRICS_DIR)
COMPANY = RUBRICS.get("rc-company", 2).rubric
C6 = next(s for s in COMPANY.sections if s.id == "C6")


@pytest.mark.parametrize(
    ("reason", "refused"),
    [
        ("不涉及", True),  # qa49: three characters say nothing
        ("N/A", True),
        ("  无  ", True),
        ("不销售产品", False),
        ("we sell no products", False),
    ],
)
def test_a_section_na_needs_a_reason_of_a_few_characters(reason: str, refused: bool) -> None:
    values, problems = check_section_na(C6, ItemInput(is_na=True, na_reason=reason))
    assert [p.code for p in problems] == (["section_na_reason_short"] if refused else [])
    assert ("is_na" in values) is not refused  # nothing half-written


@pytest.mark.parametrize(
    ("section_id", "inputs"),
    [
        ("C6", ["hazardous_products", "products_conforming", "product_incidents"]),
        ("C2", ["ds_incidents_road", "ds_incidents_rail", "ds_incidents_water",
                "ds_incidents_pipeline", "ds_incidents_storage", "shipments",
                "carriers_active", "carriers_evaluated"]),
        ("MS", []),  # the management system has no KPI of its own
    ],
)  # fmt: skip
def test_each_code_of_practice_has_its_own_kpi_inputs(section_id: str, inputs: list[str]) -> None:
    assert [i.id for i in section_kpi_inputs(COMPANY, section_id)] == inputs


@pytest.mark.parametrize(
    ("values", "doubted"),
    [
        ({"hazardous_products": Decimal(35)}, True),
        ({"product_incidents": Decimal(1)}, True),
        ({"hazardous_products": Decimal(0), "product_incidents": Decimal(0)}, False),
        ({"hours_employees": Decimal(3_400_000)}, False),  # every code's, not C6's
        ({}, False),
    ],
)
def test_a_c6_na_is_doubted_when_the_organisation_reports_products(
    app: Flask, values: dict[str, Decimal], doubted: bool
) -> None:
    with app.test_request_context():
        text = section_na_doubt(COMPANY, "C6", values, "zh")
    assert (text is not None) is doubted
    if doubted:
        assert text is not None
        assert text.startswith("产品安全监管（C6）声明整体不适用")


def test_a_short_reason_is_refused_beside_the_field_and_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C6"
    response = client.post(url, data={"section__na": "y", "section__na_reason": "不涉及"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "至少 5 个字" in error_beside(page, "section__na_reason")
    assert "不涉及" in page
    assert db_session.query(Answer).filter_by(item_id="C6").count() == 0


@pytest.fixture
def real_rubrics(app: Flask) -> Iterator[None]:
    before = app.config["RUBRICS_DIR"]
    app.config["RUBRICS_DIR"] = str(RUBRICS_DIR)
    yield
    app.config["RUBRICS_DIR"] = before


@pytest.mark.parametrize(
    ("lang", "warned", "line"),
    [
        (
            "zh",
            "“销售的危险化学品品种数”为 35",
            "整体不适用：产品安全监管（C6），理由：“不销售产品”",
        ),
        (
            "en",
            ": 35, which contradicts it",
            "Not applicable as a whole: Product safety stewardship (C6)",
        ),
    ],
)
def test_a_na_against_the_kpi_data_is_warned_and_shown_in_the_star_conditions(
    real_rubrics: None,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    warned: str,
    line: str,
) -> None:
    sha = hashlib.sha256((RUBRICS_DIR / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    services.save_kpi_inputs(assessment, COMPANY, {"hazardous_products": KpiEntry("35")}, user)
    db_session.commit()
    auth.login(user.email)
    client.get(f"/lang/{lang}")
    url = f"/assessments/{assessment.id}/sections/C6"
    saved = client.post(
        url, data={"section__na": "y", "section__na_reason": "不销售产品"}, follow_redirects=True
    )
    assert warned in saved.get_data(as_text=True)
    result = page_text(client, f"/assessments/{assessment.id}/result")
    assert line in result
    assert warned in result
