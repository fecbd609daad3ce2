"""The import preview names a KPI row by its input's label in the page language, not its key.

The 编号 column printed `hours_employees`, a key of the rubric no user knows; the problem
messages already named the input by its label. The key stays beside it, small and muted.
"""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_words import _kpi_typed


def _subject_cells(page: str) -> list[str]:
    """The 编号 cells of the preview table, tags dropped."""
    body = page.split('class="import-preview"', 1)[1].split("</tbody>", 1)[0]
    cells = re.findall(r'<th scope="row" rowspan="\d+"[^>]*>(.*?)</th>', body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def _preview(client: FlaskClient, assessment_id: int, data: bytes) -> str:
    response = client.post(
        f"/reports/assessments/{assessment_id}/import",
        data={"file": (io.BytesIO(data), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    if response.status_code == 302:  # checked as a job: its preview page
        response = client.get(response.headers["Location"] + "/import-preview")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_kpi_row_of_the_preview_is_named_by_its_label(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"
    typed = _kpi_typed(client.get(url).data, "OHS-03-2", 1_200_000)

    assert _subject_cells(_preview(client, assessment.id, typed)) == ["员工工时 OHS-03-2"]
    client.get("/lang/en")
    assert _subject_cells(_preview(client, assessment.id, typed)) == [
        "Employee hours worked OHS-03-2"
    ]


def test_the_job_preview_names_a_kpi_row_by_its_label_too(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(app.config, "IMPORT_JOB_ROWS", 5)  # every template is larger
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/reports/assessments/{assessment.id}/template.xlsx"
    typed = _kpi_typed(client.get(url).data, "OHS-03-2", 1_200_000)
    client.get("/lang/en")

    assert _subject_cells(_preview(client, assessment.id, typed)) == [
        "Employee hours worked OHS-03-2"
    ]
