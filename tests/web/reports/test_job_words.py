"""A report job's page: a stored failure code in the viewer's language; a queue nobody takes.

QA13 S19: "生成失败：备份时尚未完成，请重试 (not finished when the backup was made: retry it)"
on the Chinese page. S20: with the worker stopped, "正在后台生成" showed for ever.
"""

from __future__ import annotations

import datetime as dt

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.db import utcnow
from rcapp.reports import jobs, producers, tasks
from rcapp.reports.job_words import (
    _OLD_UNFINISHED,
    UNFINISHED_AT_BACKUP,
    error_number,
    failure_kind,
    quiet_minutes,
    waiting_minutes,
)
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import make_world, submitted_assessment


@pytest.mark.parametrize("stored", [UNFINISHED_AT_BACKUP, _OLD_UNFINISHED])
def test_a_job_left_unfinished_by_a_backup_says_so_in_one_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, stored: str
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    job.status, job.error = JobStatus.FAILED, stored
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "生成失败：备份时尚未完成，请重试" in page
    assert "not finished" not in page
    assert "unfinished_at_backup" not in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "not finished when the backup was made" in page
    assert "备份" not in page


def test_a_job_queued_for_minutes_says_the_worker_may_not_be_running(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()  # queued; no worker takes it (nothing enqueued)
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in page  # just queued: all is well

    job.updated_at = utcnow() - dt.timedelta(minutes=5)
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    assert "这个任务已排队 5 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行" in page
    assert "无需重新提交" in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "queued for 5 minutes and has not started" in page


def test_only_a_queued_job_waits_too_long() -> None:
    from rcapp.reports.models import ReportJob

    now = utcnow()
    job = ReportJob(kind=JobKind.ANNUAL_WORKBOOK, status=JobStatus.QUEUED)
    job.created_at = job.updated_at = now - dt.timedelta(seconds=119)
    assert waiting_minutes(job, now) is None
    job.updated_at = now - dt.timedelta(minutes=2)
    assert waiting_minutes(job, now) == 2
    job.status = JobStatus.RUNNING  # a worker has it: slow, not missing
    assert waiting_minutes(job, now) is None


@pytest.mark.parametrize(
    ("stored", "zh", "en"),
    [
        ("storage", "服务器无法保存或读取文件（例如磁盘已满）", "could not save or read a file"),
        ("internal", "生成时出错，请重试；如仍失败，请联系系统管理员", "try again; if it fails"),
        # exception text stored before kinds existed
        ("OSError: disk full", "生成时出错，请重试；如仍失败，请联系系统管理员", "try again"),
    ],
)
def test_a_failed_job_says_why_in_words_of_the_viewers_language(
    client: FlaskClient, db_session: Session, auth: AuthActions, stored: str, zh: str, en: str
) -> None:
    # "生成失败：OSError: disk full" showed the exception's text; it belongs in the log.
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    job.status, job.error = JobStatus.FAILED, stored
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert f"生成失败：{zh}" in page
    assert stored not in page
    # QA17 S15: no "see the server log" the secretariat cannot read; a number to quote instead
    assert "服务器日志" not in page
    number = error_number(job.id, job.updated_at)
    assert f"错误编号 {number}" in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert en in page
    assert f"error number {number}" in page
    assert "server log" not in page
    assert stored not in page
    assert "生成" not in page


def test_the_error_number_names_the_job_and_the_utc_time() -> None:
    moment = dt.datetime(2026, 12, 5, 16, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert error_number(12, moment) == "12/2026-12-05 08:01:02 UTC"


def test_a_failed_job_logs_its_error_number_with_the_raw_text(
    db_session: Session, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()

    def broken(_job: ReportJob, _progress: object) -> None:
        raise ValueError("division by zero in pooled OHS-03")

    monkeypatch.setitem(producers.PRODUCERS, JobKind.ANNUAL_WORKBOOK, broken)
    tasks.run_report_job(job.id)
    db_session.refresh(job)
    assert job.status is JobStatus.FAILED
    logged = caplog.text
    assert "division by zero in pooled OHS-03" in logged
    assert f"error number {error_number(job.id, job.updated_at)}" in logged


def test_the_failure_kind_of_an_exception() -> None:
    assert failure_kind(OSError(28, "No space left on device")) == "storage"
    assert failure_kind(PermissionError("denied")) == "storage"
    assert failure_kind(ValueError("bad")) == "internal"


def test_a_scorecard_queued_for_minutes_says_the_worker_may_not_be_running(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA35 D3: the scorecard's page said "通常需要几秒钟" for ever with the worker stopped."""
    world = make_world()
    assessment = submitted_assessment(world)
    job = jobs.request_job(
        JobKind.SCORECARD,
        world.user_a,
        cycle=world.cycle,
        params={"assessment_id": assessment.id, "asked": "x"},
    )
    db_session.commit()  # queued; no worker takes it (nothing enqueued)
    auth.login(world.user_a.email)
    page = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in page

    job.updated_at = utcnow() - dt.timedelta(minutes=3)
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    assert "这个任务已排队 3 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行" in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert "queued for 3 minutes and has not started" in page


def test_a_running_job_without_progress_for_minutes_says_its_worker_seems_stopped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """A worker killed mid-job left the page "running" until marked failed, up to 35 minutes."""
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    job.status, job.progress = JobStatus.RUNNING, 40
    job.updated_at = utcnow() - dt.timedelta(minutes=4)  # slow, perhaps: nothing said yet
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in page

    job.updated_at = utcnow() - dt.timedelta(minutes=6)
    db_session.commit()
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    assert (
        "这个任务已开始，但已 6 分钟没有进展：处理它的后台任务程序（rcapp worker）似乎已停止。"
    ) in page
    assert "这个任务不会自动继续" in page
    assert "仍未开始" not in page  # not the queued job's words
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "has not progressed for 6 minutes" in page
    assert "seems to have stopped" in page
    assert "has not started" not in page


def test_a_running_scorecard_without_progress_says_so_sooner(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    assessment = submitted_assessment(world)
    job = jobs.request_job(
        JobKind.SCORECARD,
        world.user_a,
        cycle=world.cycle,
        params={"assessment_id": assessment.id, "asked": "x"},
    )
    job.status = JobStatus.RUNNING
    job.updated_at = utcnow() - dt.timedelta(minutes=3)  # a scorecard takes seconds
    db_session.commit()
    auth.login(world.user_a.email)
    page = client.get(f"/reports/jobs/{job.id}?start=1").get_data(as_text=True)
    assert 'id="job-stalled" hidden' not in page
    assert "这个任务已开始，但已 3 分钟没有进展" in page


def test_only_a_running_job_goes_quiet() -> None:
    now = utcnow()
    job = ReportJob(kind=JobKind.ANNUAL_REPORT, status=JobStatus.RUNNING)
    job.created_at = job.updated_at = now - dt.timedelta(seconds=299)
    assert quiet_minutes(job, now) is None
    job.updated_at = now - dt.timedelta(minutes=5)
    assert quiet_minutes(job, now) == 5
    job.kind = JobKind.SCORECARD
    job.updated_at = now - dt.timedelta(seconds=119)
    assert quiet_minutes(job, now) is None
    job.updated_at = now - dt.timedelta(minutes=2)
    assert quiet_minutes(job, now) == 2
    for status in (JobStatus.QUEUED, JobStatus.DONE, JobStatus.FAILED):
        job.status = status
        assert quiet_minutes(job, now) is None


@pytest.mark.parametrize(("lang", "calm"), [("zh", "排队中，等待后台任务程序"), ("en", "Queued")])
def test_a_job_just_queued_carries_no_worker_warning_even_hidden(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, calm: str
) -> None:
    # QA47 S6: right after "Produce Excel" the page read "queued for 0 minutes and has not
    # started: the background worker may not be running" while the worker took it in a second.
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert calm in page
    for alarm in ("0 分钟", "可能没有运行", "0 minutes", "may not be running", "rcapp worker"):
        assert alarm not in page
