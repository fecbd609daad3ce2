"""Earlier years' core KPI inputs (补录) in the offline template: download, fill, import.

The template offers the rows the 往年数据（补录） page offers (only years the organisation had
no assessment in, only before submit); the import checks and saves them through the page's
own service (kpi_backfill.py), audited as backfill; a refused value writes nothing.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from decimal import Decimal

import openpyxl
from flask import Flask
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.kpi_backfill import BACKFILL_ACTION
from rcapp.assessments.models import Assessment, KpiBackfill
from rcapp.assessments.queries import rubric_of
from rcapp.audit.models import AuditEntry
from rcapp.reports.documents import template_workbook
from rcapp.reports.import_apply import apply_plan
from rcapp.reports.import_messages import located_text
from rcapp.reports.import_service import plan_upload
from rcapp.reports.template_model import FIRST_ROW, META_SHEET
from tests.conftest import AuthActions
from tests.factories import (
    World,
    make_assessment,
    make_cycle,
    make_world,
    start,
    submitted_assessment,
)
from tests.web.reports.test_import_pages import _upload

SHEET = "往年数据（补录）"
CODES = {"hours_employees": "OHS-03-2", "lti_employees": "OHS-03-1", "drills": "CA-01"}


def _world(db_session: Session) -> tuple[World, Assessment]:
    world = make_world(2025)
    assessment = start(world)
    db_session.commit()
    return world, assessment


def _download(app: Flask, assessment: Assessment, lang: str = "zh") -> bytes:
    with app.test_request_context():
        return template_workbook(assessment, lang)


def _rows(sheet: Worksheet) -> dict[tuple[int, str], int]:
    """(year, code) → row number of the backfill sheet."""
    return {
        (int(row[0].value), str(row[1].value)): row[0].row
        for row in sheet.iter_rows(min_row=FIRST_ROW)
        if row[0].value
    }


def _filled(data: bytes, values: Mapping[tuple[int, str], object], note: str = "") -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    rows = _rows(sheet)
    for (year, input_id), value in values.items():
        sheet[f"F{rows[(year, CODES[input_id])]}"] = value
        if note:
            sheet[f"G{rows[(year, CODES[input_id])]}"] = note
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_backfill_rows_go_round_the_template_and_are_saved_as_backfill(
    app: Flask, db_session: Session
) -> None:
    world, assessment = _world(db_session)
    data = _download(app, assessment)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    assert [c.value for c in sheet[3]][:7] == [
        "年度",
        "编号",
        "名称",
        "计量单位",
        "单位与范围",
        "数值",
        "说明",
    ]
    assert set(_rows(sheet)) == {(y, code) for y in (2023, 2024) for code in CODES.values()}
    assert "2023、2024" in " ".join(str(c.value) for c in book.worksheets[0]["A"] if c.value)
    typed = {(2024, "hours_employees"): 1610000, (2024, "lti_employees"): 2, (2024, "drills"): 3}
    # a note that looks like a formula is kept as text, never run (rcapp/xlsx_text.py)
    filled = _filled(data, typed, note="=HYPERLINK(1)")
    with app.test_request_context():
        plan = plan_upload(assessment, filled)
        assert plan.ok, [located_text(p) for p in plan.problems]
        labels = {change.label for change in plan.changes}
        assert ("2024 年（补录）员工工时", "2024 (added later): Employee hours worked") in labels
        written = apply_plan(assessment, rubric_of(assessment), plan, [], world.user_a)
    db_session.commit()
    assert written == 3
    stored = {
        r.input_id: (r.year, r.value, r.note) for r in db_session.scalars(select(KpiBackfill))
    }
    assert stored == {
        "hours_employees": (2024, Decimal(1610000), "=HYPERLINK(1)"),
        "lti_employees": (2024, Decimal(2), "=HYPERLINK(1)"),
        "drills": (2024, Decimal(3), "=HYPERLINK(1)"),
    }
    audit = db_session.scalars(select(AuditEntry).where(AuditEntry.action == BACKFILL_ACTION))
    after = [(e.field, json.loads(e.after or "{}")) for e in audit]
    marked = [(name, said["year"], said["self_declared"]) for name, said in after]
    assert sorted(marked) == [
        ("drills", 2024, True),
        ("hours_employees", 2024, True),
        ("lti_employees", 2024, True),
    ]
    # downloaded again: pre-filled with what is stored, the note still text, not a formula
    again = openpyxl.load_workbook(io.BytesIO(_download(app, assessment)))[SHEET]
    row = _rows(again)[(2024, "OHS-03-2")]
    assert again[f"F{row}"].value == 1610000
    assert again[f"G{row}"].value == "=HYPERLINK(1)"
    assert again[f"G{row}"].data_type == "s"
    with app.test_request_context():
        assert plan_upload(assessment, _download(app, assessment)).changes == []


def test_a_refused_backfill_value_names_its_row_and_writes_nothing(
    app: Flask, db_session: Session
) -> None:
    world, assessment = _world(db_session)
    data = _download(app, assessment)
    filled = _filled(data, {(2024, "hours_employees"): 1000000, (2024, "drills"): "约3"})
    row = _rows(openpyxl.load_workbook(io.BytesIO(filled))[SHEET])[(2024, "CA-01")]
    with app.test_request_context():
        plan = plan_upload(assessment, filled)
        said = [located_text(p) for p in plan.problems]
    assert len(said) == 1
    assert said[0].startswith(f"工作表“{SHEET}”，第 {row} 行，F 列（数值）：")
    assert "2024 年（补录）" in said[0]
    assert "“约3”不是有效数字" in said[0]
    assert db_session.scalars(select(KpiBackfill)).all() == []


def test_a_year_with_an_assessment_has_no_rows_and_its_rows_are_refused(
    app: Flask, db_session: Session
) -> None:
    world, assessment = _world(db_session)
    before = _download(app, assessment)  # 2023 and 2024 offered
    make_assessment(world.org_a, make_cycle(year=2024))
    db_session.commit()
    now = openpyxl.load_workbook(io.BytesIO(_download(app, assessment)))
    assert {year for year, _code in _rows(now[SHEET])} == {2023}
    old_file = _filled(before, {(2024, "drills"): 3})
    row = _rows(openpyxl.load_workbook(io.BytesIO(old_file))[SHEET])[(2024, "CA-01")]
    with app.test_request_context():
        said = [located_text(p) for p in plan_upload(assessment, old_file).problems]
    assert said == [
        f"工作表“{SHEET}”，第 {row} 行，A 列（年度）：本单位已有 2024 年度的自评，"
        "该年度的数据以那份自评为准，不能再补录（网页上同样不能）：这一行没有导入。"
        "请删除这一行，或重新下载模板（新模板中已没有该年度）。"
    ]
    # a 2024 row typed into the new template is no row of it
    sheet = now[SHEET]
    last = sheet.max_row + 1
    sheet[f"A{last}"], sheet[f"B{last}"], sheet[f"F{last}"] = 2024, "CA-01", 3
    out = io.BytesIO()
    now.save(out)
    with app.test_request_context():
        said = [located_text(p) for p in plan_upload(assessment, out.getvalue()).problems]
    assert said == [
        f"工作表“{SHEET}”，第 {last} 行，B 列（编号）：“2024 CA-01”不是模板列出的补录行："
        "只能补录模板中列出的年度和编号（本单位已有自评的年度不能补录），请删除这一行。"
    ]
    assert db_session.scalars(select(KpiBackfill)).all() == []


def test_a_template_with_no_year_to_backfill_is_unchanged(app: Flask, db_session: Session) -> None:
    world, assessment = _world(db_session)
    for year in (2023, 2024):
        make_assessment(world.org_a, make_cycle(year=year))
    db_session.commit()
    book = openpyxl.load_workbook(io.BytesIO(_download(app, assessment)))
    assert SHEET not in book.sheetnames
    kinds = {row[0] for row in book[META_SHEET].iter_rows(values_only=True)}
    assert "backfill" not in kinds
    assert not any("补录" in str(c.value) for c in book.worksheets[0]["A"] if c.value)


def test_a_submitted_assessment_offers_no_backfill_rows(app: Flask, db_session: Session) -> None:
    assessment = submitted_assessment(make_world(2025))
    db_session.commit()
    book = openpyxl.load_workbook(io.BytesIO(_download(app, assessment)))
    assert SHEET not in book.sheetnames


def test_the_import_page_says_a_refused_backfill_in_zh_and_en(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = _world(db_session)
    auth.login(world.user_a.email)
    filled = _filled(_download(app, assessment), {(2023, "drills"): "约3"})
    status, page = _upload(client, assessment.id, filled)
    assert status == 400
    assert f"工作表“{SHEET}”" in page
    assert "2023 年（补录）应急演练次数" in page
    client.get("/lang/en")
    book = openpyxl.load_workbook(io.BytesIO(_download(app, assessment, "en")))
    sheet = book["Earlier years (added later)"]
    sheet[f"F{_rows(sheet)[(2023, 'CA-01')]}"] = "about 3"
    out = io.BytesIO()
    book.save(out)
    status, page = _upload(client, assessment.id, out.getvalue())
    assert status == 400
    assert "“about 3”" in page
    assert "Sheet “Earlier years (added later)”" in page
    assert "2023 (added later): Emergency drills" in page
    assert db_session.scalars(select(KpiBackfill)).all() == []
