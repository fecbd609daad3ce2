"""The jobs list says which jobs look stalled, by the rule of a job's own page (job_words.stall).

The notice "the worker may not be running" showed only on a job's page: a secretary looking
at the list of background jobs saw "queued" rows and no hint that nothing would take them.
"""

from __future__ import annotations

import datetime as dt
import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.db import utcnow
from rcapp.reports import jobs
from rcapp.reports.job_words import Stall, stall
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import AuthActions
from tests.factories import make_world

WORDS = {
    "zh_CN": (
        "这个任务已排队 5 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行。",
        "这个任务已开始，但已 7 分钟没有进展：处理它的后台任务程序（rcapp worker）似乎已停止。",
        "后台任务程序（rcapp worker）可能没有运行。请联系系统管理员检查并启动它",
    ),
    "en": (
        "queued for 5 minutes and has not started",
        "has not progressed for 7 minutes",
        "The background worker (rcapp worker) may not be running. Ask the system administrator",
    ),
}


def _row(page: str, job: ReportJob) -> str:
    row = page[page.index(f"/reports/jobs/{job.id}") :]
    return row[: row.index("</tr>")]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_stalled_job_says_so_in_its_row_and_one_line_says_what_to_do(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    queued = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    running = jobs.request_job(JobKind.ANNUAL_REPORT, world.secretariat, cycle=world.cycle)
    fresh = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    assert 'id="jobs-stalled"' not in page  # all just asked for: nothing said
    assert "job-stalled-row" not in page

    queued.updated_at = utcnow() - dt.timedelta(minutes=5, seconds=10)
    running.status = JobStatus.RUNNING
    running.updated_at = utcnow() - dt.timedelta(minutes=7, seconds=10)
    db_session.commit()
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    waiting_words, quiet_words, summary = WORDS[lang]
    assert 'id="jobs-stalled"' in page
    assert summary in page
    assert page.index('id="jobs-stalled"') < page.index("<table")
    assert waiting_words in _row(page, queued)
    assert quiet_words in _row(page, running)
    assert "job-stalled-row" not in _row(page, fresh)
    # The job's own page says the same, by the same rule.
    own = html.unescape(client.get(f"/reports/jobs/{queued.id}").get_data(as_text=True))
    assert waiting_words in own


def test_the_one_rule_a_job_is_stalled_by() -> None:
    now = utcnow()
    job = ReportJob(kind=JobKind.ANNUAL_WORKBOOK, status=JobStatus.QUEUED, lang="zh")
    job.created_at = job.updated_at = now - dt.timedelta(minutes=1)
    assert stall(job, now) is None
    job.updated_at = now - dt.timedelta(minutes=3)
    assert stall(job, now) == Stall(waiting=3, quiet=None)
    job.status = JobStatus.RUNNING
    assert stall(job, now) is None  # running: quiet for 3 minutes is not yet too long
    job.updated_at = now - dt.timedelta(minutes=6)
    assert stall(job, now) == Stall(waiting=None, quiet=6)
    job.status = JobStatus.DONE
    assert stall(job, now) is None
