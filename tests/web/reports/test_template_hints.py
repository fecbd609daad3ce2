"""The template says what each 不适用 cell allows, and the import names columns and people:
a drop-down only where an item allows N/A, a grey locked "—" with a hint elsewhere; each
location names its column's header; a conflict names who changed the row on the web."""

from __future__ import annotations

import io

import openpyxl
from flask.testing import FlaskClient
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.reports.test_import_excel_habits import _admin_with_template, _fill, _upload


def _validations_of(sheet: Worksheet, ref: str) -> list[DataValidation]:
    return [v for v in sheet.data_validations.dataValidation if ref in v.sqref]


def test_the_na_cell_has_a_drop_down_only_where_the_item_allows_na(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    items = {item.id: item for item in rubric_of(assessment).item_index().values()}
    book = openpyxl.load_workbook(io.BytesIO(template))
    seen = {True: 0, False: 0}
    for sheet in book.worksheets:
        for cell in sheet["A"]:
            item = items.get(str(cell.value))
            if item is None:
                continue
            na = sheet[f"F{cell.row}"]
            found = _validations_of(sheet, na.coordinate)
            assert len(found) == 1, (sheet.title, cell.value)
            seen[item.na_allowed] += 1
            if item.na_allowed:
                assert found[0].type == "list"
                assert na.protection.locked is False
            else:
                assert found[0].type is None
                assert found[0].prompt == "本项不可选“不适用”。"
                assert na.value == "—"
                assert na.protection.locked is True
    assert seen[True]
    assert seen[False]


def _not_offered(assessment: Assessment) -> str:
    rubric = rubric_of(assessment)
    return next(
        i.id for i in rubric.item_index().values() if i.id.startswith("MS") and not i.na_allowed
    )


def test_the_grey_mark_reads_as_blank_and_a_yes_there_is_refused_naming_the_column(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    item = _not_offered(assessment)
    status, page = _upload(client, assessment.id, _fill(template, {("MS", item, "E"): 2}))
    assert status == 200, page  # the "—" left in F is no answer
    status, page = _upload(client, assessment.id, _fill(template, {("MS", item, "F"): "是"}))
    assert status == 400
    assert "F 列（不适用）：" in page
    assert "此项不允许选择“不适用”" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("MS", item, "F"): "是"}))
    assert "column F (N/A): " in page


def test_a_kpi_problem_names_the_value_column(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth, lang="en")
    status, page = _upload(client, assessment.id, _fill(template, {("KPI", 4, "E"): "lots"}))
    assert status == 400
    assert "row 4, column E (Value): " in page


def test_a_conflict_names_who_changed_the_row_on_the_web_and_when(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    assessment, template = _admin_with_template(client, db_session, auth)
    colleague = make_user(assessment.organisation, name="顾晨")
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="1")}, colleague)
    db_session.commit()
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    assert status == 200, page
    assert "冲突：导出后顾晨于 " in page
    assert "（北京时间）在网页上修改" in page
    client.get("/lang/en")
    status, page = _upload(client, assessment.id, _fill(template, {("MS", "MS.G1.1", "E"): 3}))
    note = page.split("Conflict: changed on the web by", 1)[1].split("</span>\n", 1)[0]
    assert "顾晨" in note
    assert "(Beijing time)" in note or "Beijing" in note
