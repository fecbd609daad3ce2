"""The annual report's job shows no made-up percentage (QA46 S19).

Its data are gathered in a moment and the PDF's layout, most of the time, tells no progress:
the page stood at "生成中 99%" from the start to the end. It now shows an indeterminate bar
and 生成中; the other jobs keep their real percentage.
"""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import jobs
from rcapp.reports.models import JobKind, JobStatus
from tests.conftest import AuthActions
from tests.factories import make_world


@pytest.mark.parametrize(("lang", "running"), [("zh", "生成中"), ("en", "Running")])
def test_a_running_annual_report_shows_no_percentage(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, running: str
) -> None:
    world = make_world()
    report = jobs.request_job(JobKind.ANNUAL_REPORT, world.secretariat, cycle=world.cycle)
    workbook = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    for job in (report, workbook):
        job.status, job.progress = JobStatus.RUNNING, 99
    workbook.progress = 40
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")

    page = client.get(f"/reports/jobs/{report.id}").get_data(as_text=True)
    bar = re.search(r'<progress id="job-progress"[^>]*>', page)
    assert bar is not None
    assert "value=" not in bar.group()  # indeterminate
    assert f'<span id="job-percent">{running}</span>' in page
    assert "99%" not in page

    page = client.get(f"/reports/jobs/{workbook.id}").get_data(as_text=True)
    assert 'value="40"' in page  # a real count of organisations
    assert '<span id="job-percent">40%</span>' in page

    listed = client.get("/reports/jobs").get_data(as_text=True)
    assert "99%" not in listed
    assert "40%" in listed


@pytest.mark.parametrize(("lang", "queued"), [("zh", "排队中"), ("en", "Queued")])
def test_a_job_waiting_for_the_worker_shows_no_percentage(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, queued: str
) -> None:
    """QA65 #8: "0%" stood beside 排队中 until the worker took the job (the list shows —)."""
    world = make_world()
    workbook = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}")
    page = client.get(f"/reports/jobs/{workbook.id}").get_data(as_text=True)
    bar = re.search(r'<progress id="job-progress"[^>]*>', page)
    assert bar is not None
    assert "value=" not in bar.group()  # indeterminate until it runs
    assert f'<span id="job-percent">{queued}</span>' in page
    assert "0%" not in page
