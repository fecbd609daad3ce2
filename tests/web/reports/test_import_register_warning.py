"""A KPI value the events sheet disagrees with is a warning in the preview (the KPI and
events pages' own rule), naming the KPI row by number and name and both figures."""

from __future__ import annotations

import html
import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.reports.test_import_real_rubric import _draft, real_rubrics

__all__ = ["real_rubrics"]  # the fixture, used by name


def _filled(template: bytes, tier1: int, events: int) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template))
    kpi = next(s for s in book.worksheets if s.title.startswith(("KPI", "KPI data")))
    kpi[f"E{next(c.row for c in kpi['A'] if c.value == 'PS-01')}"] = tier1
    sheet = next(s for s in book.worksheets if s.title.startswith(("事件", "Events")))
    for number in range(events):
        cells = ("一级工艺安全事件", f"2025-03-0{number + 1}", f"泄漏 {number}", "否")
        for column, value in zip("ACGH", cells, strict=True):
            sheet[f"{column}{4 + number}"] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _preview(client: FlaskClient, assessment_id: int, data: bytes) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    return page


def test_a_kpi_count_the_events_sheet_disagrees_with_is_a_warning(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _draft(auth, db_session)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    page = _preview(client, assessment.id, _filled(template, tier1=2, events=1))
    warning = (
        "PS-01 一级工艺安全事件数：KPI 数据为 2，本年度事件登记（含“事件”工作表中将导入的事件）"
        "为 1，两者不一致（一级工艺安全事件：KPI数据与事件登记）。请核对；不影响导入。"
    )
    assert warning in page
    assert "import-problems" not in page  # a warning: the preview offers the import
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    client.get("/lang/en")
    page = _preview(client, assessment.id, _filled(template, tier1=2, events=1))
    assert (
        "PS-01 Tier 1 process safety events: the KPI data give 2, this year's events register "
        "(with the events the “Events” sheet adds) 1; they disagree (Tier 1 process safety "
        "events: KPI data and register)." in html.unescape(page)
    )


def test_a_kpi_count_the_events_sheet_agrees_with_is_not_flagged(
    client: FlaskClient, db_session: Session, auth: AuthActions, real_rubrics: None
) -> None:
    assessment = _draft(auth, db_session)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    page = _preview(client, assessment.id, _filled(template, tier1=2, events=2))
    assert "两者不一致" not in page
