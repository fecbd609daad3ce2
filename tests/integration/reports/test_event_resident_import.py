"""A park's events sheet names the resident where each event happened, in its import too.

The template's column I (发生单位（入园企业） / Resident company where it happened) lists the
park's residents of the year by the names the residents page writes; the registered events
are exported with theirs. An unknown name is refused naming sheet, row and column, and
nothing of the file is written. A company's sheet has no such column.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments.models import Event
from rcapp.assessments.queries import rubric_of
from rcapp.reports import documents
from rcapp.reports.import_apply import apply_plan
from rcapp.reports.import_messages import located_text
from rcapp.reports.import_service import plan_upload
from tests.event_residents import park_world
from tests.factories import make_world, start
from tests.integration.reports.test_template_round_trip import (  # noqa: F401 - fixtures
    _chinese,
    _reports_dir,
    fill,
)
from tests.locked_drafts import minor_accident


def _event_row(
    row: int, resident: str | None, description: str = "储罐泄漏"
) -> dict[tuple[str, str], object]:
    cells: dict[tuple[str, str], object] = {
        ("事件", f"A{row}"): "生产安全事故",
        ("事件", f"B{row}"): "一般",
        ("事件", f"C{row}"): "2025-03-01",
        ("事件", f"G{row}"): description,
        ("事件", f"H{row}"): "否",
    }
    if resident is not None:
        cells[("事件", f"I{row}")] = resident
    return cells


def _events_sheet(data: bytes) -> list[tuple[object, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(s for s in book.worksheets if s.title == "事件")
    return [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3, max_row=4)]


def _stored() -> list[tuple[str, int | None]]:
    rows = db.session().execute(select(Event.description, Event.resident_id).order_by(Event.id))
    return [(d, r) for d, r in rows]


def test_the_park_template_exports_the_resident_and_imports_one_by_name(
    db_session: Session,
) -> None:
    park = park_world()
    registered = minor_accident(park.world.org_a.id, park.assessment.id, "旧事件")
    registered.resident_id = park.resident.id
    db.session().add(registered)
    db.session().flush()
    data = documents.template_workbook(park.assessment, "zh")
    header, exported = _events_sheet(data)
    assert header[8] == "发生单位（入园企业）"
    assert exported[6:] == ("旧事件", "否", "临海石化有限公司", None, None)

    filled = fill(
        data, {**_event_row(5, "东海精细化工有限公司"), **_event_row(6, None, "园区管廊")}
    )
    plan = plan_upload(park.assessment, filled)
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == [
        ("旧事件", park.resident.id),
        ("储罐泄漏", park.second.id),
        ("园区管廊", None),  # left empty: the park itself
    ]


def test_an_english_name_reads_too(db_session: Session) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    events = next(s for s in book.worksheets if s.title == "Events")
    assert events["I3"].value == "Resident company where it happened"
    events["A4"], events["B4"], events["C4"] = "Production-safety accident", "General", "2025-03-01"
    events["G4"], events["H4"], events["I4"] = "Leak", "No", "Linhai  Petrochemical Co."
    out = io.BytesIO()
    book.save(out)
    plan = plan_upload(park.assessment, out.getvalue())
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == [("Leak", park.resident.id)]


def test_an_unknown_name_is_refused_at_its_cell_and_nothing_is_written(
    db_session: Session,
) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "zh")
    filled = fill(
        data,
        {**_event_row(4, "临海石化有限公司"), **_event_row(5, "滨江化工有限公司", "另一起")},
    )
    plan = plan_upload(park.assessment, filled)
    texts = [located_text(p) for p in plan.problems]
    assert texts == [
        "工作表“事件”，第 5 行，I 列（发生单位（入园企业））：“滨江化工有限公司”"
        "不是本园区在本系统中登记的入园企业；请按“园区内企业”列表中的名称从下拉列表中选择，"
        "发生在园区本身的请留空；发生在未在本系统登记的入园企业的，请将本列留空，"
        "在“未登记入园企业名称”列填写其名称。"
    ]
    with pytest.raises(ValueError, match="with problems cannot be applied"):
        apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == []
    with force_locale("en"):
        english = located_text(plan.problems[0])
    assert english.startswith(
        "Sheet “事件”, row 5, column I (Resident company where it happened): “滨江化工有限公司”"
    )


def test_a_company_template_has_no_resident_column_and_ignores_one_typed(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    data = documents.template_workbook(assessment, "zh")
    header, _first = _events_sheet(data)
    assert "发生单位（入园企业）" not in header
    plan = plan_upload(assessment, fill(data, _event_row(4, "公司B")))
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(assessment, rubric_of(assessment), plan, (), world.user_a)
    assert _stored() == [("储罐泄漏", None)]


def test_a_park_template_from_before_the_column_still_reads(db_session: Session) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "zh")
    older = fill(data, {**_event_row(4, None), ("事件", "I3"): None})
    plan = plan_upload(park.assessment, older)
    assert plan.ok, [located_text(p) for p in plan.problems]
