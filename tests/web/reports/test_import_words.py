"""Words of the Excel template and its import as the filler reads them, in zh and en."""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports.template_model import META_SHEET
from rcapp.rubrics.app_registry import rubric_label
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
    typed = _kpi_typed(client.get(url).data, "OHS-03-2", "很多")

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

    assert "E 列（数值）：员工工时：“很多”不是有效数字。" in listed
    assert "column E (Value): Employee hours worked:" in listed_en
    assert "hours_employees" not in listed + listed_en


def _with_identifier(data: bytes, key: str, value: str) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    for row in book[META_SHEET].iter_rows():
        if row[0].value == "id" and row[1].value == key:
            row[2].value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(client: FlaskClient, assessment_id: int, data: bytes) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.get_data(as_text=True)


def test_a_file_of_another_rubric_names_both_by_version_not_by_digest(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    # As users know it elsewhere, by title and version, not "mini-company v1" (qa64 m1).
    ours = rubric_label(assessment.rubric_id, assessment.rubric_version, "zh")
    assert ours.endswith("（第1版）")
    assert assessment.rubric_id not in ours

    older = _with_identifier(template, "rubric_version", "0")
    older = _with_identifier(older, "rubric_sha256", "3838ef35" * 8)
    page = _import(client, assessment.id, older)
    assert f"文件按另一版本的评价细则导出（{assessment.rubric_id} v0），本自评使用 {ours}。" in page
    assert "3838ef35" not in page
    assert page.count("文件按另一版本的评价细则导出") == 1

    edited = _with_identifier(template, "rubric_sha256", "3838ef35" * 8)
    client.get("/lang/en")
    page_en = _import(client, assessment.id, edited)
    ours_en = rubric_label(assessment.rubric_id, assessment.rubric_version, "en")
    assert f"differs from the same version {ours_en}" in page_en
    assert "3838ef35" not in page_en


def _upload_bytes(client: FlaskClient, assessment_id: int, data: bytes, name: str) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,  # none here: it makes close() close the spooled request body
    )
    response.close()
    assert response.status_code == 400
    return response.get_data(as_text=True)


def _problem_box(page: str) -> str:
    return page.split('id="problems-title"')[1].split("</section>")[0]


CSV = "编号,数值\nOHS-03-2,1610000\n".encode("gb18030")


@pytest.mark.parametrize(
    ("data", "name", "zh", "en"),
    [
        (b"", "filled.xlsx", "文件：文件是空的（0 字节）", "File: The file is empty (0 bytes)"),
        (
            CSV,
            "data.csv",
            "另存为”选择“Excel 工作簿（*.xlsx）”",
            "choose “Excel Workbook (*.xlsx)”",
        ),
        (CSV, "data.xlsx", "文件：这是 CSV 文件，不是 Excel 工作簿", "File: This is a CSV file"),
        (
            b"x" * (10 * 1024 * 1024 + 1),
            "filled.xlsx",
            "文件：文件超过 10 MB，不像是填报模板（填好的模板通常不到 1 MB）。请上传",
            "File: The file is larger than 10 MB, too large for a filled-in template",
        ),
    ],
)
def test_an_empty_csv_or_huge_file_is_told_apart_in_the_problem_box(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    data: bytes,
    name: str,
    zh: str,
    en: str,
) -> None:
    """QA65 #5, #6: an empty file and a CSV read "not a readable Excel file … 无济于事"; the
    10 MB refusal said nothing to do and, in English, stood under the file field."""
    _world, assessment = member_with_assessment(db_session, auth)
    for lang, said in (("zh", zh), ("en", en)):
        client.get(f"/lang/{lang}")
        box = _problem_box(_upload_bytes(client, assessment.id, data, name))
        assert said in box
        for general in ("无济于事", "will not help", "改正", "Correct"):  # the message says it
            assert general not in box


def test_the_advice_under_the_problems_counts_them_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA65 #7: "1 problem in the file; nothing was written … Correct them in Excel"."""
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"
    one = _kpi_typed(client.get(url).data, "OHS-03-2", "很多")
    two = _kpi_typed(one, "OHS-03-1", "许多")
    client.get("/lang/en")
    page = _upload_bytes(client, assessment.id, one, "filled.xlsx")
    assert "1 problem in the file; nothing was written" in page
    assert "Correct it in Excel and upload the file again." in page
    page = _upload_bytes(client, assessment.id, two, "filled.xlsx")
    assert "2 problems in the file; nothing was written" in page
    assert "Correct them in Excel and upload the file again." in page
    client.get("/lang/zh")
    assert "请在 Excel 中改正这些问题后重新上传。" in _upload_bytes(
        client, assessment.id, two, "f.xlsx"
    )


def test_the_events_sheet_says_what_its_yes_no_column_means_and_takes_the_old_header(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # qa63: "已整改 / Corrected: Yes" read as "this entry was corrected"; it is the event's
    # corrective action that is completed. A template downloaded before still imports.
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"
    data = client.get(url).data
    assert _events_header(data)[7] == "整改措施已完成"
    client.get("/lang/en")
    assert _events_header(client.get(url).data)[7] == "Corrective action completed"
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title == "事件")
    sheet["H3"] = "已整改"
    out = io.BytesIO()
    book.save(out)
    page = _import(client, assessment.id, out.getvalue())
    assert "H 列" not in page
    assert "column H" not in page
