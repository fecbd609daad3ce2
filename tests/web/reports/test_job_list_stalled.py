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

# The list also shows organisation imports, kept on disk in the session's upload folder: one
# an import test left there a few minutes earlier in the same worker (a full `-n 2 --dist
# loadfile` run) read as stalled and raised the notice these tests expect to be absent.
pytestmark = pytest.mark.usefixtures("no_earlier_imports")

# A stalled row's brief mark, the long sentence (once, above the table), and its own page's.
WORDS = {
    "zh_CN": (
        "排队 5 分钟未开始",
        "7 分钟没有进展",
        "后台任务程序（rcapp worker）可能没有运行。请联系系统管理员检查并启动它",
        "这个任务已排队 5 分钟，仍未开始：后台任务程序（rcapp worker）可能没有运行。",
    ),
    "en": (
        "queued 5 minutes, not started",
        "no progress for 7 minutes",
        "The background worker (rcapp worker) may not be running. Ask the system administrator",
        "queued for 5 minutes and has not started",
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
    waiting_mark, quiet_mark, summary, sentence = WORDS[lang]
    assert 'id="jobs-stalled"' in page
    assert page.count(summary) == 1
    assert page.index('id="jobs-stalled"') < page.index("<table")
    assert waiting_mark in _row(page, queued)
    assert quiet_mark in _row(page, running)
    assert sentence not in page  # said once, above; the rows are marked briefly (QA52 p1)
    assert "job-stalled-row" not in _row(page, fresh)
    # The job's own page says the same, by the same rule.
    own = html.unescape(client.get(f"/reports/jobs/{queued.id}").get_data(as_text=True))
    assert sentence in own


def test_the_one_rule_a_job_is_stalled_by() -> None:
    now = utcnow()
    job = ReportJob(kind=JobKind.ANNUAL_WORKBOOK, status=JobStatus.QUEUED, lang="zh-CN")
    job.created_at = job.updated_at = now - dt.timedelta(minutes=1)
    assert stall(job, now, None) is None
    job.updated_at = now - dt.timedelta(minutes=3)
    assert stall(job, now, None) == Stall(waiting=3, quiet=None)
    job.status = JobStatus.RUNNING
    assert stall(job, now, None) is None  # running: quiet for 3 minutes is not yet too long
    job.updated_at = now - dt.timedelta(minutes=6)
    assert stall(job, now, None) == Stall(waiting=None, quiet=6)
    job.status = JobStatus.DONE
    assert stall(job, now, None) is None


# (minutes queued, minutes since the worker last showed life or None, status, stalled?)
QUEUED_CASES = [
    (1, None, JobStatus.QUEUED, None),
    (5, None, JobStatus.QUEUED, Stall(waiting=5, quiet=None)),
    (5, 1, JobStatus.QUEUED, None),  # busy with other jobs: it waits its turn
    (5, 3, JobStatus.QUEUED, Stall(waiting=5, quiet=None)),  # the worker went quiet too
    (10, 0, JobStatus.RUNNING, Stall(waiting=None, quiet=10)),  # its own progress counts
]


@pytest.mark.parametrize(("queued", "seen", "status", "expected"), QUEUED_CASES)
def test_a_worker_that_shows_life_is_not_said_to_be_missing(
    queued: int, seen: int | None, status: JobStatus, expected: Stall | None
) -> None:
    now = utcnow()
    job = ReportJob(kind=JobKind.ANNUAL_WORKBOOK, status=status, lang="zh-CN")
    job.created_at = job.updated_at = now - dt.timedelta(minutes=queued, seconds=5)
    worker_seen = None if seen is None else now - dt.timedelta(minutes=seen, seconds=5)
    assert stall(job, now, worker_seen) == expected


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_queued_jobs_of_a_busy_worker_raise_no_alarm_on_the_list_or_their_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    """QA52 M3: four done, two at 85 %, and every queued row said the worker may be down."""
    world = make_world()
    waiting = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    busy = jobs.request_job(JobKind.SCORECARDS, world.secretariat, cycle=world.cycle)
    db_session.commit()
    waiting.updated_at = utcnow() - dt.timedelta(minutes=5, seconds=10)
    busy.status, busy.progress = JobStatus.RUNNING, 85
    busy.updated_at = utcnow() - dt.timedelta(seconds=20)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    assert 'id="jobs-stalled"' not in page
    assert "job-stalled-row" not in page
    own = client.get(f"/reports/jobs/{waiting.id}").get_data(as_text=True)
    assert 'id="job-stalled" hidden' in own
    # The worker goes quiet too (its job found lost and marked by a page: no sign of life).
    busy.status, busy.error = JobStatus.FAILED, "interrupted"
    db_session.commit()
    page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
    assert 'id="jobs-stalled"' in page
    assert WORDS[lang][0] in _row(page, waiting)


def test_queued_jobs_show_no_progress_whatever_their_kind(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """QA52 p1: queued annual reports showed "—", the other queued jobs "0%"."""
    world = make_world()
    asked = [
        jobs.request_job(kind, world.secretariat, cycle=world.cycle)
        for kind in (JobKind.ANNUAL_REPORT, JobKind.ANNUAL_WORKBOOK, JobKind.SCORECARDS)
    ]
    db_session.commit()
    auth.login(world.secretariat.email)
    page = client.get("/reports/jobs").get_data(as_text=True)
    for job in asked:
        assert "0%" not in _row(page, job)
        assert "—" in _row(page, job)
