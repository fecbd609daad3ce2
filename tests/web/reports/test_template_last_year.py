"""The template's KPI sheet shows last year's figures beside the imported columns (QA58 8).

The web KPI page shows "上年（2025）" next to each value; the workbook had no such column.
It is read only, clearly marked, and the import ignores it.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments.models import KpiValue
from rcapp.reports.template_model import FIRST_ROW, HEADER_ROW, KPI_COLUMNS
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_cycle, mark_reported
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_preview_labels import _preview, _subject_cells

HEADER = {
    "zh_CN": "上年（2024）：仅供对照，导入时忽略",
    "en": "Last year (2024): for reference, not imported",
}


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_kpi_sheet_has_a_read_only_last_year_column_the_import_ignores(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    before = make_assessment(world.org_a, make_cycle(year=world.cycle.year - 1))
    mark_reported(before)
    db_session.add(KpiValue(assessment=before, input_id="drills", value=Decimal(7)))
    db_session.commit()
    client.get(f"/lang/{lang}?next=/")
    data = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title.startswith("KPI"))
    column = chr(ord("A") + len(KPI_COLUMNS))
    assert sheet[f"{column}{HEADER_ROW}"].value == HEADER[lang]
    figures = {
        sheet[f"A{r}"].value: sheet[f"{column}{r}"].value
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet[f"A{r}"].value
    }
    assert figures["CA-01"] == 7
    assert figures["OHS-03-1"] is None  # not reported last year
    assert sheet[f"{column}{FIRST_ROW}"].protection.locked
    assert sheet.protection.sheet
    # Typed over (the sheet unprotected), the column changes nothing on import: only the
    # value typed in the 数值 column is read.
    sheet.protection.sheet = False
    value = chr(ord("A") + KPI_COLUMNS.index("value"))
    for r in range(FIRST_ROW, sheet.max_row + 1):
        sheet[f"{column}{r}"].value = 99
        if sheet[f"A{r}"].value == "CA-01":
            sheet[f"{value}{r}"].value = 3
    out = io.BytesIO()
    book.save(out)
    client.get("/lang/zh_CN?next=/")
    cells = _subject_cells(_preview(client, assessment.id, out.getvalue()))
    assert len(cells) == 1
    assert "CA-01" in cells[0]
