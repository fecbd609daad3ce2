"""Words of the Excel template and its import as the filler reads them, in zh and en."""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment


def _events_header(data: bytes) -> list[object]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title in ("事件", "Events"))
    return [c.value for c in sheet[3]]


def test_the_events_sheet_asks_for_serious_injuries_as_the_web_form_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # The register counts serious injuries (重伤, Decree 493 grades by them), not everyone hurt.
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"

    header = _events_header(client.get(url).data)
    client.get("/lang/en")
    header_en = _events_header(client.get(url).data)

    assert "重伤人数（含急性工业中毒）" in header
    assert "受伤人数" not in header
    assert "Serious injuries (acute industrial poisoning included)" in header_en


def _not_a_workbook(client: FlaskClient, assessment_id: int) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(b"not a workbook"), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    return response.get_data(as_text=True)


def test_one_problem_is_worded_in_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)

    page = _not_a_workbook(client, assessment.id)
    client.get("/lang/en")
    page_en = _not_a_workbook(client, assessment.id)

    assert "文件中有 1 处问题，没有写入任何内容" in page
    assert "文件：这不是可以读取的 Excel（.xlsx）文件。" in page
    assert "1 problem in the file; nothing was written" in page_en
    assert "File: This is not a readable Excel (.xlsx) file." in page_en
    assert "：" not in page_en.split("import-problems")[1].split("</ol>")[0]


def _kpi_typed(data: bytes, input_id: str, value: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        rows = [c.row for c in sheet["A"] if c.value == input_id]
        if rows:
            sheet[f"E{rows[0]}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_kpi_figure_refused_on_import_is_named_by_its_label_not_its_key(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"
    typed = _kpi_typed(client.get(url).data, "hours_employees", "很多")

    def problems() -> str:
        response = client.post(
            f"/reports/assessments/{assessment.id}/import",
            data={"file": (io.BytesIO(typed), "filled.xlsx")},
            content_type="multipart/form-data",
        )
        assert response.status_code == 400
        return response.get_data(as_text=True).split("import-problems")[1].split("</ol>")[0]

    listed = problems()
    client.get("/lang/en")
    listed_en = problems()

    assert "E 列：员工工时：“很多”不是有效数字。" in listed
    assert "column E: Employee hours worked:" in listed_en
    assert "hours_employees" not in listed + listed_en
