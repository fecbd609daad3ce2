"""The import's preview does its reading and locking once (docs/performance.md, template import).

A template without formulas is read once, not a second time for Excel's saved results (a
formula's result is still read: test_import_excel_habits); a sheet without merged cells is
not parsed again for them; the earlier years' rows are locked and read once for the sheet,
not once a row.
"""

from __future__ import annotations

from unittest import mock

import openpyxl
from flask import Flask
from sqlalchemy.orm import Session

from rcapp.assessments import kpi_backfill
from rcapp.assessments.changes import lock_editable
from rcapp.reports import template_read
from rcapp.reports.import_service import plan_upload
from rcapp.reports.template_cells import _may_merge
from tests.web.reports.test_template_backfill import _download, _filled, _world


def test_a_template_without_formulas_is_read_once_and_its_backfill_locked_once(
    app: Flask, db_session: Session
) -> None:
    _world_, assessment = _world(db_session)
    typed = {(2024, "hours_employees"): 1610000, (2024, "lti_employees"): 2, (2023, "drills"): 3}
    filled = _filled(_download(app, assessment), typed)
    loads = mock.patch.object(template_read, "load_workbook", wraps=openpyxl.load_workbook)
    locks = mock.patch.object(kpi_backfill, "lock_editable", wraps=lock_editable)
    with app.test_request_context(), loads as opened, locks as locked:
        plan = plan_upload(assessment, filled)
    assert plan.ok
    assert len([c for c in plan.changes if c.key.startswith("BACKFILL")]) == 3
    assert opened.call_count == 1
    assert locked.call_count == 1


def test_only_a_sheet_naming_a_merged_range_is_parsed_for_them() -> None:
    assert not _may_merge(b'<?xml version="1.0"?><worksheet><sheetData/></worksheet>')
    assert _may_merge(b'<worksheet><mergeCells><mergeCell ref="E4:E6"/></mergeCells>')
    assert _may_merge('<?xml version="1.0" encoding="UTF-16"?><worksheet/>'.encode("utf-16"))
