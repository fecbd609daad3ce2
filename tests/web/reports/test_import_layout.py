"""A template whose columns moved, whose value cells are merged or date-formatted (qa34 D1,
S1, D3, S4): one clear message, nothing imported, no level lost."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import answer_of, make_user, make_world, start


def _answered(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str = "zh"
) -> tuple[Assessment, bytes]:
    """A draft with MS.G1.1 at level 2 and MS.G1.2 yes, and its filled template."""
    world = make_world()
    assessment = start(world)
    admin = make_user(world.org_a, OrgRole.ADMIN)
    rubric = rubric_of(assessment)
    answers = {"MS.G1.1": ItemInput(level="2"), "MS.G1.2": ItemInput(level="1")}
    assert services.save_section(assessment, rubric, "MS", answers, admin).ok
    db_session.commit()
    auth.login(admin.email)
    if lang == "en":
        client.get("/lang/en")
    return assessment, client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data


def _edited(data: bytes, prefix: str, edit: Callable[[Worksheet], None]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(next(s for s in book.worksheets if s.title.startswith(prefix)))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: FlaskClient, assessment_id: int, data: bytes) -> tuple[int, str]:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def _row(sheet: Worksheet, subject: str) -> int:
    return int(next(c.row for c in sheet["A"] if c.value == subject))


def _swap(first: str, second: str) -> Callable[[Worksheet], None]:
    def edit(sheet: Worksheet) -> None:
        for row in range(3, sheet.max_row + 1):
            a, b = sheet[f"{first}{row}"], sheet[f"{second}{row}"]
            a.value, b.value = b.value, a.value

    return edit


def test_swapped_columns_are_one_message_and_nothing_is_read(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth)
    status, page = _upload(client, assessment.id, _edited(template, "MS", _swap("E", "I")))
    assert status == 400
    assert (
        "工作表“MS 管理体系”，第 3 行：E 列应为“等级 / 数值”，现为“备注”；请勿插入、删除或移动列。"
        in page
    )
    assert page.count("请勿插入、删除或移动列") == 1
    assert "确认导入" not in page
    assert answer_of(assessment, "MS.G1.1") == (2, None)


def test_an_inserted_column_is_named_not_twenty_row_errors(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth)

    def insert(sheet: Worksheet) -> None:
        sheet.insert_cols(3)
        sheet["C3"] = "负责人"
        sheet["C4"] = "张工"

    status, page = _upload(client, assessment.id, _edited(template, "MS", insert))
    assert status == 400
    assert "C 列应为“评价项”，现为“负责人”" in page
    assert "不是“是”或“否”" not in page


def test_kpi_and_events_sheets_are_checked_too_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth, "en")
    kpi_sheet = next(
        s for s in openpyxl.load_workbook(io.BytesIO(template)).sheetnames if "KPI" in s
    )
    status, page = _upload(client, assessment.id, _edited(template, kpi_sheet, _swap("E", "F")))
    assert status == 400
    assert "column E should be" in page.replace("Column E", "column E"), page

    def delete(sheet: Worksheet) -> None:
        sheet.delete_cols(2)

    events = next(
        s for s in openpyxl.load_workbook(io.BytesIO(template)).sheetnames if "Event" in s
    )
    status, page = _upload(client, assessment.id, _edited(template, events, delete))
    assert status == 400
    assert "do not insert, delete or move columns" in page


def test_a_merged_level_range_is_refused_naming_its_rows(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth)

    def merge(sheet: Worksheet) -> None:
        first = _row(sheet, "MS.G1.1")
        sheet[f"E{first}"] = 4
        sheet.merge_cells(f"E{first}:E{first + 1}")
        sheet.merge_cells(f"H{first}:I{first + 1}")  # a text column: fine

    status, page = _upload(client, assessment.id, _edited(template, "MS", merge))
    assert status == 400
    book = openpyxl.load_workbook(io.BytesIO(template))
    first = _row(next(s for s in book.worksheets if s.title.startswith("MS")), "MS.G1.1")
    assert f"第 {first}–{first + 1} 行 E 列是合并单元格，请取消合并并逐行填写" in page
    assert "H 列" not in page
    assert answer_of(assessment, "MS.G1.2") == (1, None)


def test_a_number_in_a_date_formatted_cell_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth)

    def date(sheet: Worksheet) -> None:
        cell = sheet[f"E{_row(sheet, 'MS.G1.1')}"]
        cell.value = dt.date(1900, 1, 3)  # 3 typed over a date format
        cell.number_format = "yyyy-mm-dd"

    status, page = _upload(client, assessment.id, _edited(template, "MS", date))
    assert status == 400
    assert "此单元格为日期格式" in page
    assert "请选择 0–4 之间的等级" not in page


def test_a_header_differing_only_in_spaces_or_case_still_reads(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _answered(client, db_session, auth, "en")

    def respell(sheet: Worksheet) -> None:
        sheet["E3"] = str(sheet["E3"].value).replace(" ", "").upper()
        sheet[f"E{_row(sheet, 'MS.G1.1')}"] = 3

    status, page = _upload(client, assessment.id, _edited(template, "MS", respell))
    assert status == 200, page
