"""The annual workbook lists the raw KPI inputs behind its KPI sheet's figures.

The year page said the workbook holds each organisation's raw KPIs, but its KPI sheet held
only computed indicators: a secretariat member doubting a rate could not see the hours
worked or cases behind it. A sheet now lists each submitted result's inputs as stored, in
the KPI sheet's rows, one column per input with its unit.
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.assessments.models import AssessmentStatus, KpiValue
from tests.conftest import AuthActions
from tests.factories import make_assessment, make_organisation, make_world, submitted_assessment

TITLE = {"zh": "KPI 原始数据", "en": "KPI raw data"}
KPI_TITLE = {"zh": "关键绩效指标", "en": "KPIs"}
HEAD = {
    "zh": (
        "组织名称",
        "统一社会信用代码",
        "类型",
        "省份",
        "OHS-03-2 员工工时 (小时)",
        "OHS-03-1 员工损失工时伤害起数 (起)",
        "CA-01 应急演练次数 (次)",
        "组织填写的备注",
    ),
    "en": (
        "Organisation",
        "Unified social credit code",
        "Type",
        "Province",
        "OHS-03-2 Employee hours worked (h)",
        "OHS-03-1 Employee lost-time injuries (cases)",
        "CA-01 Emergency drills (drills)",
        "Notes by the organisation",
    ),
}
NOTE = '=HYPERLINK("http://example.com","click")'
FORMULA_NAME = "=1+2 测试化工"
NOTE_TEXT = {
    "zh": f"OHS-03-1 员工损失工时伤害起数：{NOTE}",
    "en": f"OHS-03-1 Employee lost-time injuries: {NOTE}",
}


def _table(sheet: Worksheet) -> tuple[int, list[tuple[object, ...]]]:
    """Return the header's row number and the rows from the header on."""
    rows = list(sheet.iter_rows(values_only=True))
    at = next(n for n, row in enumerate(rows) if row[1] and row[2] and row[3])
    return at + 1, rows[at:]


def test_the_workbook_lists_each_results_raw_inputs_as_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    typed = submitted_assessment(world)  # hours 2,000,000, 2 lost-time injuries, 3 drills
    by_input = {v.input_id: v for v in typed.kpi_values}
    by_input["hours_employees"].value = Decimal("1234567.25")
    by_input["lti_employees"].note = NOTE
    # a second result without drills reported, under a name that starts like a formula
    world.org_b.name_zh = world.org_b.name_en = FORMULA_NAME
    partial = make_assessment(world.org_b, world.cycle, status=AssessmentStatus.SUBMITTED)
    partial.kpi_values.append(KpiValue(input_id="hours_employees", value=Decimal(500000)))
    partial.kpi_values.append(KpiValue(input_id="lti_employees", value=Decimal(0)))
    # a draft is no result: not a row
    draft = make_assessment(make_organisation(), world.cycle)
    draft.kpi_values.append(KpiValue(input_id="drills", value=Decimal(9)))
    db_session.commit()
    auth.login(world.secretariat.email)
    for lang in ("zh", "en"):
        response = client.get(f"/reports/cycles/{world.cycle.id}/annual.xlsx?lang={lang}")
        assert response.status_code == 200
        book = openpyxl.load_workbook(io.BytesIO(response.data))
        sheet = book[TITLE[lang]]
        header_row, (header, *rows) = _table(sheet)
        assert header == HEAD[lang]
        a_name = world.org_a.name_zh if lang == "zh" else world.org_a.name_en
        found = {row[0]: row for row in rows}
        assert set(found) == {a_name, FORMULA_NAME}, found  # the draft is not listed
        assert found[a_name][4:7] == (1234567.25, 2, 3)
        assert found[FORMULA_NAME][4:7] == (500000, 0, None)  # drills not reported: blank
        # the KPI sheet's rows, in its order
        _kpi_header, *kpi_rows = _table(book[KPI_TITLE[lang]])[1]
        assert [row[0] for row in rows] == [row[0] for row in kpi_rows]
        cells = {row[0].value: row for row in sheet.iter_rows(min_row=header_row + 1)}
        hours = cells[a_name][4]
        assert (hours.data_type, hours.number_format) == ("n", "#,##0.00")
        assert cells[a_name][5].number_format == "#,##0"
        # text that starts like a formula stays text: the name, and the note in its column
        name = cells[FORMULA_NAME][0]
        assert (name.value, name.data_type, name.quotePrefix) == (FORMULA_NAME, "s", True)
        note = cells[a_name][7]
        assert (note.value, note.data_type) == (NOTE_TEXT[lang], "s")
        assert cells[FORMULA_NAME][7].value is None
        # frozen name and header, filter, printed as the other sheets
        assert sheet.freeze_panes == f"B{header_row + 1}"
        assert sheet.auto_filter.ref == f"A{header_row}:H{header_row + 2}"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == f"${header_row}:${header_row}"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
