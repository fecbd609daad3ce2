"""Template round trip: export, fill as a person would (mistakes included), import.

Mistakes are reported by sheet, row and column with nothing written; after fixing them the
stored answers equal what was typed. A row changed on the web after the export is a
conflict: it is written only when the user decides for the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from flask_babel import force_locale
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.kpi_inputs import save_kpi_inputs
from rcapp.assessments.models import Assessment
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import ItemInput, KpiEntry
from rcapp.reports import documents
from rcapp.reports.import_apply import apply_plan
from rcapp.reports.import_messages import located_text
from rcapp.reports.importer import ImportPlan, plan_import
from rcapp.reports.template_read import read_template
from tests.factories import World, answer_of, make_organisation, make_world, start


@pytest.fixture(autouse=True)
def _reports_dir(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "REPORTS_DIR", str(tmp_path / "reports"))


@pytest.fixture(autouse=True)
def _chinese(db_session: Session) -> Iterator[None]:
    """Messages in Chinese, as the CLI and the worker word them (no request here)."""
    with force_locale("zh_CN"):
        yield


def fill(data: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    """Type into cells as a person would: (sheet name prefix, cell) → value."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for (prefix, ref), value in edits.items():
        sheet: Worksheet = next(s for s in book.worksheets if s.title.startswith(prefix))
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(data: bytes, prefix: str, subject: str) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title.startswith(prefix))
    return int(next(c.row for c in sheet["A"] if c.value == subject))


def plan_for(assessment: Assessment, data: bytes) -> ImportPlan:
    return plan_import(assessment, rubric_of(assessment), read_template(data))


def exported(world: World) -> tuple[Assessment, bytes]:
    assessment = start(world)
    return assessment, documents.template_workbook(assessment, "zh")


def test_mistakes_are_located_and_nothing_is_written(db_session: Session) -> None:
    world = make_world()
    assessment, data = exported(world)
    ms1, number = row_of(data, "MS", "MS.G1.1"), row_of(data, "C1", "C1.E1.2")
    na_row = row_of(data, "C6", "C6.E1.1")
    filled = fill(
        data,
        {
            ("MS", f"E{ms1}"): 7,  # level out of range
            ("C1", f"E{number}"): "很多",  # not a number
            ("C6", f"F{na_row}"): "是",  # N/A without a reason
            ("KPI", "E5"): -3,  # below the minimum
            ("事件", "A4"): "生产安全事故",
            ("事件", "C4"): "2099-01-01",
            ("事件", "G4"): "泄漏",
        },
    )
    plan = plan_for(assessment, filled)
    texts = [located_text(p) for p in plan.problems]
    assert (
        f"工作表“MS 管理体系”，第 {ms1} 行，E 列（等级 / 数值）：MS.G1.1：请选择 0–4 之间的等级。"
    ) in texts
    assert any(f"第 {number} 行，E 列" in t and "不是有效数字" in t for t in texts)
    assert any(f"第 {na_row} 行，G 列" in t and "须填写理由" in t for t in texts)
    assert any("工作表“KPI 数据”，第 5 行，E 列" in t for t in texts)
    assert any("工作表“事件”，第 4 行，C 列" in t for t in texts)
    assert not plan.ok
    assert answer_of(assessment, "MS.G1.1") == (None, None)
    assert assessment.kpi_values == []


def test_fixed_file_is_applied_and_equals_what_was_typed(db_session: Session) -> None:
    world = make_world()
    assessment, data = exported(world)
    rows = {
        s: row_of(data, p, s)
        for p, s in (("MS", "MS.G1.1"), ("MS", "MS.G1.2"), ("C1", "C1.E1.2"), ("C6", "C6.E1.1"))
    }
    filled = fill(
        data,
        {
            ("MS", f"E{rows['MS.G1.1']}"): 3,
            ("MS", f"H{rows['MS.G1.1']}"): "=承诺书",
            ("MS", f"E{rows['MS.G1.2']}"): "1",
            ("C1", f"E{rows['C1.E1.2']}"): 2.5,
            ("C6", f"F{rows['C6.E1.1']}"): "是",
            ("C6", f"G{rows['C6.E1.1']}"): "不生产化学品",
            ("前置", "E4"): 1,
            ("KPI", "E4"): 2000000,
            ("KPI", "E5"): 2,
            ("KPI", "F5"): "+两起",
            ("事件", "A4"): "生产安全事故",
            ("事件", "B4"): "一般",
            ("事件", "C4"): "2025-03-01",
            ("事件", "G4"): "储罐泄漏",
            ("事件", "H4"): "否",
        },
    )
    plan = plan_for(assessment, filled)
    assert plan.ok, [located_text(p) for p in plan.problems]
    assert plan.conflicts == []
    written = apply_plan(assessment, rubric_of(assessment), plan, (), world.user_a)
    assert written == 8
    db_session.flush()
    assert answer_of(assessment, "MS.G1.1") == (3, None)
    assert answer_of(assessment, "MS.G1.2") == (1, None)
    assert answer_of(assessment, "C1.E1.2")[1] == Decimal("2.5")
    by_item = {a.item_id: a for a in assessment.answers}
    assert by_item["MS.G1.1"].evidence_note == "=承诺书"
    assert (by_item["C6.E1.1"].is_na, by_item["C6.E1.1"].na_reason) == (True, "不生产化学品")
    assert by_item["P1"].level == 1
    kpis = {v.input_id: (v.value, v.note) for v in assessment.kpi_values}
    assert kpis["hours_employees"][0] == Decimal(2000000)
    assert kpis["lti_employees"] == (Decimal(2), "+两起")
    # A second import of the same file changes nothing: its event is registered already.
    again = plan_for(assessment, filled)
    assert again.changes == []
    assert [located_text(w) for w in again.warnings] == [
        # the file still holds the formula openpyxl wrote for "=承诺书": said, kept as text
        f"工作表“MS 管理体系”，第 {rows['MS.G1.1']} 行，H 列（证据说明）："
        f"以“=”开头的内容将按文字保存，"
        "公式不会计算：保存的是“=承诺书”这段文字本身。如要保存公式的结果，"
        "请在 Excel 中将单元格复制后“选择性粘贴”为数值，再上传。",
        "工作表“事件”，第 4 行：这起事件已在事件登记中（类型、日期和经过相同），不再重复导入。",
    ]


def test_a_row_changed_on_the_web_after_export_is_a_conflict(db_session: Session) -> None:
    world = make_world()
    assessment, data = exported(world)
    rubric = rubric_of(assessment)
    row = row_of(data, "MS", "MS.G1.1")
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="2")}, world.user_a)
    save_kpi_inputs(assessment, rubric, {"drills": KpiEntry("5")}, world.user_a)
    filled = fill(data, {("MS", f"E{row}"): 4, ("KPI", "E6"): 7})
    plan = plan_for(assessment, filled)
    assert plan.ok
    conflicts = {c.key: c for c in plan.conflicts}
    assert set(conflicts) == {"MS:MS.G1.1", "KPI:drills"}
    assert ("level", "2", "4") in conflicts["MS:MS.G1.1"].fields
    assert ("value", "5", "7") in conflicts["KPI:drills"].fields
    # No decision: the web's values stay.
    apply_plan(assessment, rubric, plan, (), world.user_a)
    assert answer_of(assessment, "MS.G1.1") == (2, None)
    # Deciding for the file on one row writes that row only.
    apply_plan(assessment, rubric, plan_for(assessment, filled), {"MS:MS.G1.1"}, world.user_a)
    assert answer_of(assessment, "MS.G1.1") == (4, None)
    assert {v.input_id: v.value for v in assessment.kpi_values}["drills"] == Decimal(5)


def test_a_file_for_another_organisation_or_a_renamed_sheet_is_refused(
    db_session: Session,
) -> None:
    world = make_world()
    assessment, data = exported(world)
    other = start(world, world.org_b)
    assert any("另一家单位" in located_text(p) for p in plan_for(other, data).problems)
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["MS 管理体系"].title = "管理"
    renamed = io.BytesIO()
    book.save(renamed)
    texts = [located_text(p) for p in plan_for(assessment, renamed.getvalue()).problems]
    assert "工作表“MS 管理体系”：文件中找不到这张工作表：工作表不能改名或删除。" in texts
    assert make_organisation()  # keeps the factory import honest for mypy


def test_another_companys_file_names_the_company_and_its_year_not_keys(
    app: Flask, db_session: Session
) -> None:
    """qa9 S8: the refusal named a credit code and an internal number."""
    world = make_world()
    assessment, data = exported(world)
    other = start(world, world.org_b)
    mine, theirs = world.org_a, world.org_b
    texts = [located_text(p) for p in plan_for(other, data).problems]
    assert f"文件：文件属于另一家单位“{mine.name_zh}”，不是本单位“{theirs.name_zh}”。" in texts
    assert (
        f"文件：文件属于另一份自评（{mine.name_zh} 2025 年度自评），"
        f"不是本自评（{theirs.name_zh} 2025 年度自评）。"
    ) in texts
    assert not any(mine.credit_code in text for text in texts)
    theirs.name_en = "Other Chemicals Co., Ltd."
    with force_locale("en"):
        english = [located_text(p) for p in plan_for(other, data).problems]
    assert any("Other Chemicals Co., Ltd. 2025 self-assessment" in text for text in english)
    assert assessment.id != other.id


def test_moved_rows_and_junk_files_are_refused(db_session: Session) -> None:
    world = make_world()
    assessment, data = exported(world)
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["MS 管理体系"]
    first, second = sheet["A4"].value, sheet["A5"].value
    sheet["A4"], sheet["A5"] = second, first
    moved = io.BytesIO()
    book.save(moved)
    texts = [located_text(p) for p in plan_for(assessment, moved.getvalue()).problems]
    # rows are matched by their 编号 (a sorted sheet reads, qa34 S13); a 编号 typed over
    # shows another item's wording beside it and is refused
    assert any("第 4 行，A 列" in t and "与本行的评价项" in t for t in texts)
    assert [located_text(p) for p in plan_for(assessment, b"not a workbook").problems] == [
        "文件：这不是可以读取的 Excel（.xlsx）文件。"
    ]


def test_a_reason_left_beside_a_level_is_not_exported_and_the_file_imports(
    db_session: Session,
) -> None:
    """A reason stored beside a level (before it was refused there) never counted: the
    template leaves it out, so the user's own file is not refused for it on import."""
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    services.save_section(assessment, rubric, "MS", {"MS.G1.1": ItemInput(level="2")}, world.user_a)
    answer = next(a for a in assessment.answers if a.item_id == "MS.G1.1")
    answer.na_reason = "旧的不适用理由"
    db_session.flush()
    data = documents.template_workbook(assessment, "zh")
    row = row_of(data, "MS", "MS.G1.1")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title.startswith("MS"))
    assert sheet[f"G{row}"].value in (None, "")
    plan = plan_for(assessment, fill(data, {("MS", f"E{row}"): 3}))
    assert plan.ok, [located_text(p) for p in plan.problems]
    assert plan.conflicts == []
