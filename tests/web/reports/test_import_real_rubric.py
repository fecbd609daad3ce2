"""Imports into an rc-company@2 draft: percentages the Excel way (qa34 D2) and on the section
page (S3), 85% is 85 exactly; event types typed by their short names (S15)."""

from __future__ import annotations

import hashlib
import io
import re
from decimal import Decimal

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments.models import Assessment
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, make_organisation, make_user
from tests.real_rubrics import RUBRICS
from tests.real_rubrics import real_rubrics as real_rubrics  # the fixture


def _draft(auth: AuthActions, db_session: Session) -> Assessment:
    sha = hashlib.sha256((RUBRICS / "rc-company" / "v2.yaml").read_bytes()).hexdigest()
    cycle = make_cycle(company_rubric_id="rc-company", company_rubric_version=2)
    organisation = make_organisation()
    user = make_user(organisation, OrgRole.ADMIN)
    assessment = make_assessment(
        organisation, cycle, rubric_id="rc-company", rubric_version=2, rubric_sha256=sha
    )
    db_session.commit()
    auth.login(user.email)
    return assessment


def _value(db_session: Session, assessment: Assessment, item_id: str) -> Decimal | None:
    db_session.expire_all()
    return next((a.value for a in assessment.answers if a.item_id == item_id), None)


def test_a_percent_cell_and_percent_text_import_as_the_percent(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _draft(auth, db_session)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(template))
    for prefix, item_id, value in (("C1", "C1.E6.3", 0.925), ("C2", "C2.E6.3", "85 ％")):
        sheet = next(s for s in book.worksheets if s.title.startswith(prefix + " "))
        cell = sheet[f"E{next(c.row for c in sheet['A'] if c.value == item_id)}"]
        cell.value = value
        cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(out.getvalue()), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "<strong>92.5</strong>" in page
    assert "<strong>85</strong>" in page
    assert "0.925" not in page
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    url = f"/reports/assessments/{assessment.id}/import/{token.group(1)}"
    assert client.post(url, data={"action": "apply"}).status_code == 302
    assert _value(db_session, assessment, "C1.E6.3") == Decimal("92.5")
    assert _value(db_session, assessment, "C2.E6.3") == Decimal("85")


def test_the_section_page_takes_85_percent(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _draft(auth, db_session)
    response = client.post(
        f"/assessments/{assessment.id}/sections/C1", data={"C1.E6.3__value": "85%"}
    )
    assert response.status_code in (200, 302), response.get_data(as_text=True)
    assert _value(db_session, assessment, "C1.E6.3") == Decimal("85")


def test_an_event_type_typed_by_its_short_name_is_read(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _draft(auth, db_session)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = next(s for s in book.worksheets if s.title.startswith("事件"))
    for column, value in zip(
        "ABCGH", ("生产安全事故", "一般", "2025-03-05", "泄漏", "否"), strict=True
    ):
        sheet[f"{column}4"] = value
    for column, value in zip("ACGH", ("环境事故", "2025-03-06", "泄漏", "否"), strict=True):
        sheet[f"{column}5"] = value
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(out.getvalue()), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert "第 4 行" not in page.split('class="import-problems"')[-1].split("</ol>")[0]
    assert "未知的事件类型“环境事故”：请从下拉列表中选择事件类型。" in page
    assert "旧模板" not in page
