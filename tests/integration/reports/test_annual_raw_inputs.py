"""The annual workbook's raw KPI inputs, on the demo's year: every result's as counted.

Companies and parks answer different rubrics whose inputs share ids (hours_employees is a
company's 员工工时, a park's 入园企业员工工时合计): each rubric's inputs are columns of their
own, and a company's row is empty in a park's columns. A typed input is the stored figure
in full; a park's three-star count is rcapp's where it has one, as its KPI is computed.
"""

from __future__ import annotations

import io

import openpyxl
from click.testing import Result
from sqlalchemy import select

from rcapp import db
from rcapp.assessments.computed_kpis import inputs_of
from rcapp.assessments.models import Assessment, AssessmentStatus
from rcapp.assessments.queries import registry
from rcapp.demo import world
from rcapp.reports import documents
from rcapp.reports.data_annual import build_annual_data
from tests.integration.reports.test_pdf_layout import _cycle, demo  # noqa: F401 - the fixture


def test_every_result_s_inputs_are_in_its_own_rubric_s_columns(
    demo: Result,  # noqa: F811 - the imported fixture
) -> None:
    assert demo.exit_code == 0, demo.output
    cycle = _cycle(world.CURRENT_YEAR)
    columns = build_annual_data(cycle, "zh").inputs
    rubrics = {c.rubric_id for c in columns}
    assert {"rc-company", "rc-park"} <= rubrics
    sheet = openpyxl.load_workbook(io.BytesIO(documents.annual_workbook(cycle, "zh")))[
        "KPI 原始数据"
    ]
    rows = list(sheet.iter_rows(values_only=True))
    at = next(n for n, row in enumerate(rows) if row[0] == "组织名称")
    header, by_code = rows[at], {row[1]: row for row in rows[at + 1 :]}
    assert header[4 : 4 + len(columns)] == tuple(f"{c.code} {c.label} ({c.unit})" for c in columns)
    assert "OHS-03-2 员工工时 (小时)" in header
    assert "PK-OHS-01-2 入园企业员工工时合计 (小时)" in header
    results = db.session().scalars(
        select(Assessment).where(
            Assessment.cycle_id == cycle.id, Assessment.status == AssessmentStatus.SUBMITTED
        )
    )
    checked = 0
    for assessment in results:
        rubric = registry().get(assessment.rubric_id, assessment.rubric_version).rubric
        counted = inputs_of(assessment, rubric)
        typed = {v.input_id: v.value for v in assessment.kpi_values}
        row = by_code[assessment.organisation.credit_code]
        for column, cell in zip(columns, row[4:], strict=False):
            if column.rubric_id != assessment.rubric_id:
                assert cell is None, (assessment.organisation.name_zh, column.code)
                continue
            value = counted.get(column.input_id)
            if not column.computed:
                assert value == typed.get(column.input_id)
            assert cell == (None if value is None else float(value)), column.code
            checked += value is not None
    assert checked > 100
    # the park rubric's count rcapp takes: said above the header
    assert [c.code for c in columns if c.computed] == ["PK-RC-02-1"]
    assert any(str(row[0]).startswith("PK-RC-02-1：本系统有统计时") for row in rows[:at])
