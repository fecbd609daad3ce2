"""Every import message names its field in the page's language, and a decimal comma is
told how to write it (QA: "event：“12,5”不是有效数字", "“1.234,5”不是有效数字" with no hint)."""

from __future__ import annotations

import html
import io

import openpyxl
from flask.testing import FlaskClient
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.reports.test_import_excel_habits import (
    Cells,
    _admin_with_template,
    _fill,
    _upload,
)


def _event_row(**cells: object) -> Cells:
    typed = {"A": "生产安全事故", "B": "一般", "C": "2025-03-01", "G": "储罐泄漏", "H": "否"}
    return {("事件", 4, column): value for column, value in {**typed, **cells}.items()}


def _problems(client: FlaskClient, assessment_id: int, data: bytes) -> str:
    status, page = _upload(client, assessment_id, data)
    assert status == 400, page
    return html.unescape(page.split("import-problems")[1].split("</ol>")[0])


def test_an_event_cell_refused_is_named_by_its_column_not_a_raw_key(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    data = _fill(template, _event_row(F="12,5", D="两人", C="2025-13-40"))

    problems = _problems(client, assessment.id, data)
    client.get("/lang/en")
    problems_en = _problems(client, assessment.id, data)

    # the column's header names the field: the message does not name it again
    assert "event" not in problems
    assert "F 列（直接经济损失（万元））：“12,5”不是有效数字。小数点请用“.”" in problems
    assert "D 列（死亡人数）：须为 0 到" in problems
    assert "C 列（发生日期（年-月-日））：“2025-13-40”不是有效日期，请按“年-月-日”填写" in problems
    assert "：直接经济损失（万元）：" not in problems
    assert "event:" not in problems_en.lower()
    assert (
        "column F (Direct economic loss (10,000 CNY)): “12,5” is not a valid number."
    ) in problems_en
    assert "Use “.” for the decimal point" in problems_en
    assert "column D (Number of fatalities): must be a whole number from 0 to " in problems_en
    assert "(10,000 CNY)): Direct economic loss" not in problems_en


def test_a_grade_on_an_ungraded_event_names_the_grade_column(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)

    problems = _problems(client, assessment.id, _fill(template, _event_row(A="群体性事件")))

    assert "B 列（事件等级）：“群体性事件”不分等级，请留空。" in problems


def test_a_kpi_figure_with_a_decimal_comma_is_told_how_to_write_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    data = _fill(template, {("KPI", "OHS-03-2", "E"): "1.234,5"})

    problems = _problems(client, assessment.id, data)
    client.get("/lang/en")
    problems_en = _problems(client, assessment.id, data)

    assert "员工工时：“1.234,5”不是有效数字。小数点请用“.”，不用“,”" in problems
    assert "如 12.5、1234.5 或 1,234.5" in problems
    assert "Employee hours worked: “1.234,5” is not a valid number." in problems_en
    assert "1,234.5" in problems_en


def _grade_validation(data: bytes) -> DataValidation:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title in ("事件", "Events"))
    return next(v for v in sheet.data_validations.dataValidation if "B4" in str(v.sqref))


def test_the_grade_drop_down_says_which_event_types_take_a_grade(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    client.get("/lang/en")
    template_en = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data

    grades, grades_en = _grade_validation(template), _grade_validation(template_en)

    hint = "只有这些事件类型填写等级：生产安全事故。其他类型不分等级，等级请留空。"
    assert grades.prompt == hint
    assert grades.showInputMessage
    assert hint in (grades.error or "")
    assert "Only these event types take a grade: Production-safety accident." in (
        grades_en.prompt or ""
    )


def test_an_event_dated_in_another_year_is_said_first_not_folded_among_the_notes(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    # evidence notes: the other warnings, in their folding list
    levels: Cells = {("MS", "MS.G1.1", "E"): 4, ("C1", "C1.E1.1", "E"): 4}
    data = _fill(template, {**levels, **_event_row(C="2026-03-05")})

    status, page = _upload(client, assessment.id, data)

    text = html.unescape(page)
    assert status == 200, text
    first = text.split('id="first-warnings"')[1].split("</ul>")[0]
    assert "C 列（发生日期（年-月-日））：日期 2026-03-05 不在 2025 年度内" in first
    folded = text.split('class="import-warnings')[1].split("</details>")[0]
    assert "2026-03-05" not in folded
    assert "2 条提示" in folded
    assert text.index('id="first-warnings"') < text.index('class="import-warnings')
