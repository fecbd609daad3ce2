"""The template's KPI sheet shows the KPI codes of reports, not rubric keys (QA8 S23).

Files exported before, with the input ids in the 编号 column, still import.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.template_model import FIRST_ROW, META_SHEET
from rcapp.rubrics.input_codes import input_codes
from rcapp.rubrics.registry import RubricRegistry
from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_preview_labels import _preview, _subject_cells
from tests.web.reports.test_import_words import _kpi_typed

RUBRICS = Path(__file__).resolve().parents[3] / "rubrics"
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")


@pytest.mark.parametrize(
    ("rubric_id", "version"), [("rc-company", 2), ("rc-park", 2), ("rc-park", 1)]
)
def test_every_input_of_the_real_rubrics_has_a_unique_code_users_know(
    rubric_id: str, version: int
) -> None:
    rubric = RubricRegistry(RUBRICS).get(rubric_id, version).rubric
    codes = input_codes(rubric)
    assert set(codes) == {k.id for k in rubric.kpi_inputs}
    assert len(set(codes.values())) == len(codes)
    assert not [c for c in codes.values() if SNAKE.match(c)]
    kpis = {k.id for k in rubric.kpis}
    for code in codes.values():
        assert code.split("-")[0] in {k.split("-")[0] for k in kpis} or code.startswith("IN-")
    if rubric_id == "rc-park":
        assert codes["risk_score"] == "PK-SR-01"


def test_the_kpi_sheet_shows_codes_and_an_old_file_with_keys_still_imports(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    data = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    kpi_sheet = next(s for s in book.worksheets if s.title.startswith("KPI"))
    shown = [c.value for c in kpi_sheet["A"] if c.row >= FIRST_ROW and c.value]
    assert shown == ["OHS-03-2", "OHS-03-1", "CA-01"]
    assert not [v for v in shown if SNAKE.match(str(v))]
    # The same file as exported before: keys in column A, no codes on the hidden sheet (and
    # no earlier years' sheet, which came after the codes).
    keys = {"OHS-03-2": "hours_employees", "OHS-03-1": "lti_employees", "CA-01": "drills"}
    for cell in kpi_sheet["A"]:
        if cell.value in keys:
            cell.value = keys[cell.value]
    meta = book[META_SHEET]
    for row in range(meta.max_row, 0, -1):
        kind, key = meta.cell(row=row, column=1).value, meta.cell(row=row, column=2).value
        if kind in ("kpi_code", "backfill") or key == "BACKFILL":
            meta.delete_rows(row)
    out = io.BytesIO()
    book.save(out)
    old = _kpi_typed(out.getvalue(), "hours_employees", 1_200_000)
    assert _subject_cells(_preview(client, assessment.id, old)) == ["员工工时 hours_employees"]
