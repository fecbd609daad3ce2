"""A job whose worker died on this host is interrupted when a worker starts (QA43 D1).

Before, a restarted worker left the killed worker's job "running" for ~30 minutes after its
last progress, and the page kept asking for a restart that had been done.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import queue
from rcapp.db import utcnow
from rcapp.reports import job_words, jobs
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.worker_identity import host_key, process_start, this_worker, worker_gone
from rcapp.workercli import worker_command
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker, ended_pid, worker_elsewhere
from tests.factories import make_world

HOST = host_key()


@pytest.mark.parametrize(
    ("recorded", "start_now", "gone"),
    [
        (None, None, False),  # a job started before workers recorded themselves: time rule
        ({"host": "other-host", "pid": 42, "started": "7"}, None, False),  # cannot look there
        ({"host": HOST, "pid": 42, "started": "7"}, None, True),  # the pid runs no more
        ({"host": HOST, "pid": 42, "started": "7"}, "9", True),  # reused by another process
        ({"host": HOST, "pid": 42, "started": "7"}, "7", False),  # the worker still runs it
        ({"host": HOST, "pid": 42, "started": ""}, "9", False),  # start unknown: alive is alive
        ({"host": HOST, "pid": "42", "started": "7"}, None, False),  # not a pid
    ],
)
def test_which_workers_are_known_to_be_gone(
    recorded: dict[str, object] | None, start_now: str | None, gone: bool
) -> None:
    assert worker_gone(recorded, HOST, lambda _pid: start_now) is gone


def test_a_process_start_is_read_and_an_ended_process_has_none() -> None:
    assert process_start(os.getpid())
    assert this_worker() == {
        "host": HOST,
        "pid": os.getpid(),
        "started": process_start(os.getpid()),
    }
    assert process_start(ended_pid()) is None


def _running_job(world_job: ReportJob, worker: dict[str, object], minutes_ago: int) -> None:
    world_job.params = json.dumps({"worker": worker})
    world_job.status, world_job.progress = JobStatus.RUNNING, 14
    world_job.updated_at = utcnow() - dt.timedelta(minutes=minutes_ago)


def test_the_sweep_interrupts_the_jobs_of_a_dead_worker_here_only(db_session: Session) -> None:
    world = make_world()
    dead, elsewhere, alive = (
        jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
        for _ in range(3)
    )
    _running_job(dead, dead_worker(), 1)
    _running_job(elsewhere, worker_elsewhere(), 1)
    _running_job(alive, this_worker(), 1)
    db_session.commit()
    assert jobs.fail_lost_jobs() == 1
    assert (dead.status, dead.error) == (JobStatus.FAILED, job_words.INTERRUPTED)
    assert elsewhere.status is JobStatus.RUNNING  # the 30-minute rule still applies to it
    assert alive.status is JobStatus.RUNNING
    assert jobs.fail_lost_jobs(utcnow() + jobs.LOST_AFTER) == 2  # the time rule, as before


def test_a_starting_worker_interrupts_the_killed_workers_job_at_once(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    _running_job(job, dead_worker(), 3)
    db_session.commit()
    monkeypatch.setattr(queue, "run_worker", lambda _workers: None)
    monkeypatch.setitem(app.config, "BASE_URL", "http://rc.example.cn")  # else it refuses
    result = app.test_cli_runner().invoke(worker_command, [])
    assert result.exit_code == 0, result.output
    assert "Marked interrupted: 1 job(s) of a worker that had stopped." in result.output
    db_session.expire_all()
    assert db_session.get(ReportJob, job.id).status is JobStatus.FAILED  # type: ignore[union-attr]


def test_a_started_job_records_its_worker(db_session: Session) -> None:
    world = make_world()
    job = jobs.request_job(
        JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle, params={"a": 1}
    )
    jobs.mark_running(job)
    assert jobs.params_of(job) == {"a": 1, "worker": this_worker()}
    assert job.status is JobStatus.RUNNING


def test_the_stalled_notice_says_when_the_job_will_be_marked_interrupted(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    _running_job(job, worker_elsewhere(), 6)
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "后台任务程序在同一台服务器上重新启动时，它会立即被标为中断；否则约 24 分钟后" in page
    client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert "the job is marked interrupted at once; otherwise in about 24 minutes" in page
