"""A large template is checked on the queue; the job page leads to the preview, then apply."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import answer_of
from tests.web.helpers import member_with_assessment
from tests.web.reports.test_import_pages import _filled, _upload


def _large(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every test template has more rows than this (the app is shared: undone after the test).
    monkeypatch.setitem(app.config, "IMPORT_JOB_ROWS", 5)


def test_a_large_upload_runs_as_a_job_then_previews_and_applies(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _large(app, monkeypatch)
    world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    response = client.post(
        f"/reports/assessments/{assessment.id}/import",
        data={"file": (io.BytesIO(_filled(template, 3)), "filled.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    job = db_session.scalars(select(ReportJob).order_by(ReportJob.id.desc())).first()
    assert job is not None
    assert (job.kind, job.status, job.progress) == (JobKind.IMPORT, JobStatus.DONE, 100)
    assert response.headers["Location"].endswith(f"/reports/jobs/{job.id}")
    assert answer_of(assessment, "MS.G1.1") == (None, None)  # checking writes nothing

    job_page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert f"/reports/jobs/{job.id}/import-preview" in job_page
    preview = client.get(f"/reports/jobs/{job.id}/import-preview")
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "确认导入" in page
    assert "MS.G1.1" in page
    token = re.search(r"/import/([0-9a-f]{32})", page)
    assert token is not None
    applied = client.post(
        f"/reports/assessments/{assessment.id}/import/{token.group(1)}", data={"action": "apply"}
    )
    assert applied.status_code == 302
    assert answer_of(assessment, "MS.G1.1")[0] == 3


def test_a_large_upload_with_mistakes_shows_them_from_the_job(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _large(app, monkeypatch)
    world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    status, _page = _upload(client, assessment.id, _filled(template, 9))
    assert status == 302
    job = db_session.scalars(select(ReportJob).order_by(ReportJob.id.desc())).first()
    assert job is not None
    preview = client.get(f"/reports/jobs/{job.id}/import-preview")
    assert preview.status_code == 400
    assert "MS.G1.1：请选择 0–4 之间的等级。" in preview.get_data(as_text=True)
    assert "/import/" not in re.sub(r'action="[^"]*/import"', "", preview.get_data(as_text=True))
    # Another user may not see the job's preview.
    auth.logout()
    auth.login(world.user_b.email)
    assert client.get(f"/reports/jobs/{job.id}/import-preview").status_code == 403


def test_a_small_upload_stays_in_the_request(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    template = client.get(f"/reports/assessments/{assessment.id}/template.xlsx").data
    status, page = _upload(client, assessment.id, _filled(template, 3))
    assert status == 200
    assert "确认导入" in page
    assert db_session.scalar(select(ReportJob.id).where(ReportJob.kind == JobKind.IMPORT)) is None
