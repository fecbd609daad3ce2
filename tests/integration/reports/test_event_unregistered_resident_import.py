"""A park's events sheet names a resident not registered in rcapp: columns J and K, both ways.

The park's template has, beside 发生单位（入园企业） (column I, the registered residents), the
unregistered resident's name (J) and optional unified social credit code (K), the events
page's two fields. The import checks them by the page's rule (event_residents.check_where):
a park only, a registered resident or a typed name (not both), a code only with a name and
checked as everywhere. Each bad row is refused at its sheet, row and column in the user's
language, and nothing of the file is written. The workbook written back shows the name.
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
from rcapp.organisations.credit_code import check_character
from rcapp.reports import documents
from rcapp.reports.import_apply import apply_plan
from rcapp.reports.import_messages import located_text
from rcapp.reports.import_service import plan_upload
from tests.event_residents import park_world
from tests.factories import make_world, start
from tests.integration.reports.test_event_resident_import import _event_row
from tests.integration.reports.test_template_round_trip import (  # noqa: F401 - fixtures
    _chinese,
    _reports_dir,
    fill,
)

FIRST17 = "91330100MA2B3C4D5"
CODE = FIRST17 + check_character(FIRST17)
WRONG_CHECK = FIRST17 + ("0" if CODE[-1] != "0" else "1")


def _unregistered(
    row: int, name: str | None, code: str | None = None, resident: str | None = None
) -> dict[tuple[str, str], object]:
    cells = _event_row(row, resident, f"第 {row} 行的事件")
    if name is not None:
        cells[("事件", f"J{row}")] = name
    if code is not None:
        cells[("事件", f"K{row}")] = code
    return cells


def _sheet(data: bytes, title: str = "事件") -> openpyxl.worksheet.worksheet.Worksheet:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return next(s for s in book.worksheets if s.title == title)


def _stored() -> list[tuple[str, int | None, str | None, str | None]]:
    rows = db.session().scalars(select(Event).order_by(Event.id))
    return [(e.description, e.resident_id, e.resident_name, e.resident_credit_code) for e in rows]


def test_a_park_fills_an_unregistered_resident_and_the_workbook_written_back_shows_it(
    db_session: Session,
) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "zh")
    sheet = _sheet(data)
    assert (sheet["I3"].value, sheet["J3"].value, sheet["K3"].value) == (
        "发生单位（入园企业）",
        "未登记入园企业名称",
        "未登记入园企业的统一社会信用代码（选填）",
    )
    assert sheet["J4"].protection.locked is False
    assert sheet["K4"].protection.locked is False
    prompts = {str(v.sqref): v.prompt for v in sheet.data_validations.dataValidation}
    assert any(
        "J4" in ref and "K4" in ref and "未在本系统登记" in (p or "") for ref, p in prompts.items()
    )

    filled = fill(
        data,
        {
            **_unregistered(4, " 北岸  化工有限公司 ", CODE.lower()),
            **_unregistered(5, "南湾物流有限公司"),
            **_unregistered(6, None, resident="东海精细化工有限公司"),
        },
    )
    plan = plan_upload(park.assessment, filled)
    assert plan.ok, [located_text(p) for p in plan.problems]
    first = next(c for c in plan.changes if c.row == 4)
    assert ("resident_name", "", "北岸 化工有限公司") in first.fields
    assert ("resident_credit_code", "", CODE) in first.fields
    apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == [
        ("第 4 行的事件", None, "北岸 化工有限公司", CODE),
        ("第 5 行的事件", None, "南湾物流有限公司", None),
        ("第 6 行的事件", park.second.id, None, None),
    ]

    again = _sheet(documents.template_workbook(park.assessment, "zh"))
    shown = [tuple(c.value for c in row[6:11]) for row in again.iter_rows(min_row=4, max_row=6)]
    assert sorted(shown) == [  # the register's order: newest first, then by the latest entry
        ("第 4 行的事件", "否", None, "北岸 化工有限公司", CODE),
        ("第 5 行的事件", "否", None, "南湾物流有限公司", None),
        ("第 6 行的事件", "否", "东海精细化工有限公司", None, None),
    ]
    # uploaded again, the registered rows are the register's: nothing new, nothing refused
    replan = plan_upload(park.assessment, documents.template_workbook(park.assessment, "zh"))
    assert replan.ok
    assert not replan.events


def test_each_bad_row_is_refused_at_its_cell_and_nothing_is_written(db_session: Session) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "zh")
    filled = fill(
        data,
        {
            **_unregistered(4, "北岸化工有限公司", resident="临海石化有限公司"),
            **_unregistered(5, None, CODE),
            **_unregistered(6, "北岸化工有限公司", WRONG_CHECK),
            **_unregistered(7, "东海精细化工有限公司"),
            **_unregistered(8, "南湾物流有限公司"),  # a good row: not written either
        },
    )
    plan = plan_upload(park.assessment, filled)
    texts = [located_text(p) for p in plan.problems]
    assert texts[:2] == [
        "工作表“事件”，第 4 行，J 列（未登记入园企业名称）：本行已在“发生单位（入园企业）”列"
        "选择了本系统登记的入园企业，就不要再填写未登记入园企业的名称或代码；二者只填其一。",
        "工作表“事件”，第 5 行，J 列（未登记入园企业名称）："
        "填写了未登记入园企业的统一社会信用代码，请同时填写其名称。",
    ]
    assert texts[2].startswith(
        "工作表“事件”，第 6 行，K 列（未登记入园企业的统一社会信用代码（选填））："
    )
    assert "校验" in texts[2], texts[2]
    assert texts[3] == (
        "工作表“事件”，第 7 行，J 列（未登记入园企业名称）：“东海精细化工有限公司”已在本系统登记为"
        "本园区的入园企业；请清空本行的未登记入园企业名称和代码，在“发生单位（入园企业）”列"
        "从下拉列表中选择它。"
    )
    assert len(texts) == 4
    assert not plan.events.keys() - {"EVENTS:8"}
    with pytest.raises(ValueError, match="with problems cannot be applied"):
        apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == []
    with force_locale("en"):
        english = [located_text(p) for p in plan.problems]
    assert english[0].startswith(
        "Sheet “事件”, row 4, column J (Name of the unregistered resident): "
    )
    assert english[2].startswith(
        "Sheet “事件”, row 6, column K "
        "(Unified social credit code of the unregistered resident (optional)): "
    )


def test_an_english_template_takes_an_unregistered_resident(db_session: Session) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    events = next(s for s in book.worksheets if s.title == "Events")
    assert events["J3"].value == "Name of the unregistered resident"
    assert events["K3"].value == (
        "Unified social credit code of the unregistered resident (optional)"
    )
    events["A4"], events["B4"], events["C4"] = "Production-safety accident", "General", "2025-03-01"
    events["G4"], events["H4"], events["J4"], events["K4"] = "Leak", "No", "Nan'an Chem", CODE
    out = io.BytesIO()
    book.save(out)
    plan = plan_upload(park.assessment, out.getvalue())
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == [("Leak", None, "Nan'an Chem", CODE)]
    again = _sheet(documents.template_workbook(park.assessment, "en"), "Events")
    assert (again["J4"].value, again["K4"].value) == ("Nan'an Chem", CODE)


def test_a_company_template_has_no_such_columns_and_ignores_what_is_typed_there(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = start(world)
    data = documents.template_workbook(assessment, "zh")
    sheet = _sheet(data)
    assert sheet["I3"].value is None
    assert sheet["J3"].value is None
    plan = plan_upload(assessment, fill(data, _unregistered(4, "北岸化工有限公司", "x")))
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(assessment, rubric_of(assessment), plan, (), world.user_a)
    assert _stored() == [("第 4 行的事件", None, None, None)]


def test_a_park_template_from_before_the_two_columns_still_reads(db_session: Session) -> None:
    park = park_world()
    data = documents.template_workbook(park.assessment, "zh")
    older = fill(
        data,
        {**_event_row(4, "临海石化有限公司"), ("事件", "J3"): None, ("事件", "K3"): None},
    )
    plan = plan_upload(park.assessment, older)
    assert plan.ok, [located_text(p) for p in plan.problems]
    apply_plan(park.assessment, rubric_of(park.assessment), plan, (), park.world.user_a)
    assert _stored() == [("储罐泄漏", park.resident.id, None, None)]
