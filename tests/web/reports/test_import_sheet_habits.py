"""More of the way people fill the sheets (qa34 S12, S13, S14): "无" for none, a sorted KPI
sheet, event dates outside the year or typed as 20250305."""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import make_user, make_world, start


def _template(client: FlaskClient, db_session: Session, auth: AuthActions) -> tuple[int, bytes]:
    world = make_world()
    assessment = start(world)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    return assessment.id, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


def _sheet(book: openpyxl.Workbook, prefix: str) -> Worksheet:
    return next(s for s in book.worksheets if s.title.startswith(prefix))


def _upload(client: FlaskClient, assessment_id: int, book: openpyxl.Workbook) -> tuple[int, str]:
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(out.getvalue()), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def _kpi_row(sheet: Worksheet, code: str) -> int:
    return int(next(c.row for c in sheet["A"] if c.value == code))


def test_none_typed_in_a_kpi_cell_says_to_type_0(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id, template = _template(client, db_session, auth)
    for word in ("无", "/", "-", "—"):
        book = openpyxl.load_workbook(io.BytesIO(template))
        sheet = _sheet(book, "KPI")
        sheet[f"E{_kpi_row(sheet, 'CA-01')}"] = word
        status, page = _upload(client, assessment_id, book)
        assert status == 400
        assert f"“{word}”不是数字；本年度未发生的请填 0。" in page


def test_a_sorted_kpi_sheet_is_read_by_its_codes_and_a_copied_row_is_named(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id, template = _template(client, db_session, auth)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = _sheet(book, "KPI")
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row)]
    rows.reverse()  # sorted descending by 编号
    for offset, values in enumerate(rows):
        for index, value in enumerate(values):
            sheet.cell(row=4 + offset, column=index + 1, value=value)
    sheet[f"E{_kpi_row(sheet, 'CA-01')}"] = 7
    status, page = _upload(client, assessment_id, book)
    assert status == 200, page
    assert "<strong>7</strong>" in page
    last = sheet.max_row + 1
    for index, value in enumerate(rows[0]):
        sheet.cell(row=last, column=index + 1, value=value)
    status, page = _upload(client, assessment_id, book)
    assert status == 400
    assert f"第 {last} 行，A 列（编号）：编号“{rows[0][0]}”在本工作表中出现了两次" in page


def test_an_event_outside_the_year_is_hinted_and_a_compact_date_is_shown_as_a_date(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment_id, template = _template(client, db_session, auth)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = _sheet(book, "事件")
    for row, date in ((4, "2022-01-01"), (5, "20250305")):
        for column, value in zip(
            "ABCGH", ("生产安全事故", "一般", date, f"泄漏{row}", "否"), strict=True
        ):
            sheet[f"{column}{row}"] = value
    status, page = _upload(client, assessment_id, book)
    assert status == 200, page
    assert (
        "第 4 行，C 列（发生日期（年-月-日））："
        "日期 2022-01-01 不在 2025 年度内：是否属于其他年度？"
        "一票否决按事件日期回溯，请核对日期。"
    ) in page
    assert "<strong>2025-03-05</strong>" in page
    assert "20250305" not in page


ONLY_DIGITS = (  # a count of drills: its example is a small whole number
    "只填数字（如 12），不带单位（本项单位为“{unit}”）或“约”等文字；千位分隔符可以保留。",
    "Type the number only (for example 12), without the unit (here “{unit}”) or words such"
    " as “about”; thousands separators may stay.",
)
A_QUANTITY = (
    "本项填写的是数量（单位为“{unit}”），不是百分比：请填写数量本身，不带 %；"
    "比率由系统按公式算出。",
    "This field is a quantity (unit: “{unit}”), not a percentage: type the quantity itself,"
    " without %; rates are worked out from it by their formulas.",
)


@pytest.mark.parametrize(
    ("typed", "said"),
    [("约120", ONLY_DIGITS), ("1,610,000 小时", ONLY_DIGITS), ("85%", A_QUANTITY)],
)
def test_a_number_written_as_on_paper_says_how_to_fill_the_cell(
    client: FlaskClient, db_session: Session, auth: AuthActions, typed: str, said: tuple[str, str]
) -> None:
    """QA65 #3: "约120", "1,610,000 小时" and "85%" only said "不是有效数字"."""
    assessment_id, template = _template(client, db_session, auth)
    book = openpyxl.load_workbook(io.BytesIO(template))
    sheet = _sheet(book, "KPI")
    row = _kpi_row(sheet, "CA-01")
    sheet[f"E{row}"] = typed
    status, page = _upload(client, assessment_id, book)
    assert status == 400
    assert f"“{typed}”不是有效数字。{said[0].format(unit='次')}" in page  # its input's 单位
    auth.choose_language("en")
    page = _upload(client, assessment_id, book)[1]
    assert f"“{typed}” is not a valid number. {said[1].format(unit='drills')}" in page
