"""A report job whose worker was killed while running it: marked failed, started again.

It stayed "running" for ever: its page said it was being prepared, and a new request for
the same scorecard only stopped waiting on it after five minutes. The worker's periodic
task (and a new scorecard request) now mark it failed with a reason; retry starts it again.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.db import utcnow
from rcapp.reports import job_words, jobs, tasks
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment

WORDS = {
    "zh": "生成中断（后台任务进程可能已重启），请重新生成",
    "en": "Interrupted (the background worker may have restarted): generate it again",
}


def _running(
    db_session: Session, user: User, assessment: Assessment, minutes: int, kind: JobKind
) -> ReportJob:
    """A job a worker took `minutes` ago and made no progress on since."""
    job = ReportJob(
        kind=kind,
        status=JobStatus.RUNNING,
        cycle_id=assessment.cycle_id,
        lang="zh-CN",
        params=json.dumps({"assessment_id": assessment.id, "content": "the page then"}),
        requested_by_id=user.id,
        progress=10,
    )
    db_session.add(job)
    db_session.flush()
    then = utcnow() - dt.timedelta(minutes=minutes)
    db_session.execute(update(ReportJob).where(ReportJob.id == job.id).values(updated_at=then))
    db_session.commit()
    db_session.refresh(job)
    return job


def test_the_periodic_task_fails_the_jobs_running_past_their_limit(
    db_session: Session,
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    user = world.user_a
    lost = _running(db_session, user, assessment, 6, JobKind.SCORECARD)
    busy = _running(db_session, user, assessment, 2, JobKind.SCORECARD)
    long_report = _running(db_session, user, assessment, 6, JobKind.ANNUAL_REPORT)
    lost_report = _running(db_session, user, assessment, 31, JobKind.ANNUAL_REPORT)
    tasks.fail_lost_report_jobs()  # immediate mode: runs now, as the worker's scheduler would
    for job in (lost, busy, long_report, lost_report):
        db_session.refresh(job)
    assert (lost.status, lost.error) == (JobStatus.FAILED, job_words.INTERRUPTED)
    assert (lost_report.status, lost_report.error) == (JobStatus.FAILED, job_words.INTERRUPTED)
    assert busy.status is JobStatus.RUNNING  # still within a scorecard's few minutes
    assert long_report.status is JobStatus.RUNNING  # an annual report may take a while


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_lost_jobs_page_says_why_and_retry_makes_the_file(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    lost = _running(db_session, world.user_a, assessment, 6, JobKind.SCORECARD)
    tasks.fail_lost_report_jobs()
    auth.login(world.user_a.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/reports/jobs/{lost.id}").get_data(as_text=True)
    assert WORDS[lang] in page
    assert f"/reports/jobs/{lost.id}/retry" in page
    assert client.post(f"/reports/jobs/{lost.id}/retry").status_code == 302
    db_session.refresh(lost)
    assert lost.status is JobStatus.DONE  # immediate mode: the worker ran it again
    assert jobs.result_path(lost) is not None


def test_a_new_request_marks_the_lost_job_failed_and_makes_a_new_one(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    lost = _running(db_session, world.user_a, assessment, 6, JobKind.SCORECARD)
    auth.login(world.user_a.email)
    started = client.post(f"/reports/assessments/{assessment.id}/scorecard")
    assert started.status_code == 302
    assert f"/reports/jobs/{lost.id}?" not in started.headers["Location"]
    db_session.refresh(lost)
    assert (lost.status, lost.error) == (JobStatus.FAILED, job_words.INTERRUPTED)
