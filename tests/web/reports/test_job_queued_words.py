"""A queued report job says it waits in the queue, not that it is being generated (QA43 S7)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import jobs
from rcapp.reports.models import JobKind, JobStatus
from tests.conftest import AuthActions
from tests.factories import make_world


def test_a_queued_job_waits_in_the_queue_and_a_running_one_is_generated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "排队中，等待后台任务程序开始生成" in page
    assert "正在后台生成" not in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "Waiting in the queue for the background worker to start it" in page
    assert "Running in the background" not in page
    job.status = JobStatus.RUNNING
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "Running in the background" in page
