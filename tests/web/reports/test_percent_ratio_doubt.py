"""QA36 S8: 0.85 on a "%" item is doubted ("是否指 85%？") on the section page and in the import
preview, and kept as typed: 0.5 % can be meant."""

from __future__ import annotations

import html
import io
from decimal import Decimal

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.reports.test_import_real_rubric import _draft, _value, real_rubrics

pytestmark = pytest.mark.usefixtures(real_rubrics.__name__)


def test_the_section_page_doubts_a_ratio_and_keeps_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _draft(auth, db_session)
    url = f"/assessments/{assessment.id}/sections/C1"
    response = client.post(url, data={"C1.E6.3__value": "0.85"}, follow_redirects=True)
    assert response.status_code == 200
    assert _value(db_session, assessment, "C1.E6.3") == Decimal("0.85")  # not refused
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "按 0.85% 计：是否指 85%？如是，请改为 85。" in page
    client.get("/lang/en")
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "did you mean 85%?" in page
    client.get("/lang/zh")
    client.post(url, data={"C1.E6.3__value": "85"})
    assert "是否指" not in client.get(url).get_data(as_text=True)


def test_the_import_preview_doubts_a_ratio_typed_for_a_percentage(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment = _draft(auth, db_session)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = next(s for s in book.worksheets if s.title.startswith("C1 "))
    sheet[f"E{next(c.row for c in sheet['A'] if c.value == 'C1.E6.3')}"] = 0.9  # unformatted
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(out.getvalue()), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200, page
    assert "评价项 C1.E6.3：文件中为 0.9，按 0.9% 计；是否指 90%？" in page
    assert "<strong>0.9</strong>" in page  # imported as typed once confirmed
