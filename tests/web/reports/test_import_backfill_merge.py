"""The 往年数据（补录） sheet merges a row changed on the web since the download as the KPI sheet
does (backfillcap #5): a note only the file changed is written, the web's new value stays,
and nothing is held back as "冲突：导出后已在网页上修改".
"""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.assessments.kpi_backfill import save_backfill
from rcapp.assessments.models import KpiBackfill
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.reports.import_apply import apply_plan
from rcapp.reports.import_service import plan_upload
from tests.factories import make_world, start
from tests.web.reports.test_template_backfill import CODES, SHEET, _download, _rows


def _stored(db_session: Session) -> dict[tuple[int, str], tuple[Decimal, str | None]]:
    rows = db_session.scalars(select(KpiBackfill))
    return {(r.year, r.input_id): (r.value, r.note) for r in rows}


def test_a_note_typed_in_the_file_is_written_beside_a_value_changed_on_the_web(
    app: Flask, db_session: Session
) -> None:
    world = make_world(2025)
    assessment = start(world)
    rubric = rubric_of(assessment)
    save_backfill(assessment, rubric, 2023, {"drills": KpiEntry("7")}, world.user_a)
    save_backfill(assessment, rubric, 2024, {"drills": KpiEntry("2")}, world.user_a)
    db_session.commit()
    data = _download(app, assessment)
    save_backfill(assessment, rubric, 2024, {"drills": KpiEntry("5")}, world.user_a)
    db_session.commit()
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[SHEET]
    sheet[f"G{_rows(sheet)[(2024, CODES['drills'])]}"] = "演练记录见附件"
    out = io.BytesIO()
    book.save(out)
    with app.test_request_context():
        plan = plan_upload(assessment, out.getvalue())
        assert plan.ok
        assert plan.conflicts == []
        [change] = plan.changes
        assert change.fields == (("note", "", "演练记录见附件"),)
        apply_plan(assessment, rubric, plan, [], world.user_a)
    db_session.commit()
    assert _stored(db_session) == {
        (2023, "drills"): (Decimal(7), None),
        (2024, "drills"): (Decimal(5), "演练记录见附件"),
    }
