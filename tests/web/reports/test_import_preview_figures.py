"""qa89: the preview compared 1610000 with 1650000, digits to count, where the KPI page and
the workbook write 1,610,000; the preview's figures now carry thousands separators too."""

from __future__ import annotations

import io
import re

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
from rcapp.assessments.queries import rubric_of
from rcapp.assessments.validation import KpiEntry
from rcapp.reports.import_messages import shown_figure
from tests.conftest import AuthActions
from tests.factories import make_world, start


def _filled(template: bytes) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(template))
    kpis = next(s for s in book.worksheets if s.title.startswith("KPI"))
    row = next(c.row for c in kpis["E"] if c.value == 2000000)
    kpis[f"E{row}"] = "2,150,000"  # typed with separators, as people do
    events = next(s for s in book.worksheets if s.title.startswith("事件"))
    events["A4"], events["B4"], events["C4"] = "生产安全事故", "较大", "2025-03-15"
    events["D4"], events["E4"], events["F4"] = 0, 1, 1250  # 1,250 万元: 较大
    events["G4"], events["H4"] = "检修时高处坠落。", "否"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_preview_writes_the_system_s_and_the_file_s_figures_with_separators(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = start(world)
    rubric = rubric_of(assessment)
    entries = {"hours_employees": KpiEntry("2000000")}
    assert services.save_kpi_inputs(assessment, rubric, entries, world.user_a).ok
    db_session.commit()
    auth.login(world.user_a.email)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(_filled(template)), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    cells = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "数值 2,000,000 2,150,000" in cells
    assert "2000000" not in cells
    assert "2150000" not in cells
    assert "1,250" in cells  # the event's loss (万元)


def test_only_figure_columns_are_written_as_figures() -> None:
    assert shown_figure("value", "35300") == "35,300"
    assert shown_figure("value", "0.0047") == "0.0047"
    assert shown_figure("direct_loss", "12.5") == "12.5"
    assert shown_figure("occurred_on", "2025-03-15") == "2025-03-15"
    assert shown_figure("description", "12345") == "12345"
    assert shown_figure("value", "") == ""
