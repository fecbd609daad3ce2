"""A KPI input typed with a Chinese input method is read; what only Python reads as a number
("1_000_000") is refused naming the field, on the web form and in an Excel import alike."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_excel_habits import _admin_with_template, _apply, _fill, _upload

REFUSED = {
    "zh": "员工工时：“1_000_000”不是有效数字。",
    "en": "Employee hours worked: “1_000_000” is not a valid number.",
}


def _values(db_session: Session, assessment: object) -> dict[str, Decimal]:
    db_session.expire_all()
    return {v.input_id: v.value for v in assessment.kpi_values}  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_web_form_reads_full_width_and_refuses_underscores(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    if lang == "en":
        client.get("/lang/en")
    url = f"/assessments/{assessment.id}/kpis"
    refused = client.post(url, data={"hours_employees__value": "1_000_000"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert REFUSED[lang] in page
    assert 'value="1_000_000"' in page  # what was typed is kept
    assert _values(db_session, assessment) == {}
    saved = client.post(url, data={"hours_employees__value": "１２０，０００．５"})
    assert saved.status_code in (200, 302), saved.get_data(as_text=True)
    assert _values(db_session, assessment) == {"hours_employees": Decimal("120000.5")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_excel_import_reads_numbers_as_the_web_form_does(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, lang)
    refused = _fill(template, {("KPI", "OHS-03-2", "E"): "1_000_000"})
    status, page = _upload(client, assessment.id, refused)
    assert status == 400
    assert REFUSED[lang].removesuffix("。").removesuffix(".") in page
    assert _values(db_session, assessment) == {}
    typed = _fill(template, {("KPI", "OHS-03-2", "E"): "１２０，０００．５"})
    status, page = _upload(client, assessment.id, typed)
    assert status == 200, page
    _apply(client, assessment.id, page)
    assert _values(db_session, assessment) == {"hours_employees": Decimal("120000.5")}
