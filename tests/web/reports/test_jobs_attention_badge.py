"""The secretariat's 后台任务 link counts what needs it: failed or stalled jobs and park refreshes.

The year-end test: a failed job or a failed park refresh showed only to whoever opened the
jobs list. The count costs the secretariat's pages one count over the job rows (and one
read of the queue's store); other roles' pages ask nothing (web.nav_attention).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.assessments import park_refresh
from rcapp.db import utcnow
from rcapp.queue import huey
from rcapp.reports import jobs
from rcapp.reports.attention import KeptCount, jobs_needing_attention
from rcapp.reports.models import JobKind, JobStatus
from rcapp.web import NAV_ATTENTION_KEY
from tests.conftest import AuthActions
from tests.factories import make_user, make_world

HIDDEN = {"zh_CN": "（2 个失败或停滞，需要处理）", "en": "(2 failed or stalled, need attention)"}


def _badge(client: FlaskClient) -> str | None:
    page = html.unescape(client.get("/").get_data(as_text=True))
    found = re.search(r'<span class="badge badge-attention nav-attention"[^>]*>(\d+)</span>', page)
    return found.group(1) if found else None


@contextmanager
def _statements(app: Flask) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append(statement)

    engine = db.session().get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_the_jobs_link_counts_failed_jobs_and_failed_park_refreshes(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    db_session.commit()
    auth.login(world.secretariat.email)
    client.get(f"/lang/{lang}?next=/")
    assert _badge(client) is None  # just asked for: nothing needs anyone
    job.status, job.error = JobStatus.FAILED, "boom"
    db_session.commit()
    assert _badge(client) == "1"
    # a park refresh that failed (its task's state in the queue's store)
    key = park_refresh.state_key(world.org_a.id, world.cycle.year)
    huey.put(key, {"state": "failed", "at": 1.0, "last_done": None})
    try:
        assert _badge(client) == "2"
        page = html.unescape(client.get("/reports/jobs").get_data(as_text=True))
        assert HIDDEN[lang] in page
        jobs.retry_job(job, world.secretariat)
        db_session.commit()
        assert _badge(client) == "1"
    finally:
        huey.delete(key)
    assert _badge(client) is None


def test_stalled_jobs_count_by_the_jobs_list_rule(db_session: Session, app: Flask) -> None:
    world = make_world()
    queued = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    running = jobs.request_job(JobKind.ANNUAL_REPORT, world.secretariat, cycle=world.cycle)
    running.status = JobStatus.RUNNING
    db_session.flush()
    now = utcnow()
    assert jobs_needing_attention(now) == 0
    later = now + dt.timedelta(minutes=3)  # queued past the rule, no worker seen since
    assert jobs_needing_attention(later) == 1
    running.updated_at = later - dt.timedelta(seconds=30)  # a worker at work: busy, not gone
    db_session.flush()
    assert jobs_needing_attention(later) == 0
    assert jobs_needing_attention(later + dt.timedelta(minutes=6)) == 2  # and then quiet
    # a failed job older than the list keeps results for counts no more
    queued.status, queued.updated_at = JobStatus.FAILED, now - dt.timedelta(days=30)
    db_session.flush()
    assert jobs_needing_attention(later + dt.timedelta(minutes=6)) == 1


def test_the_count_costs_one_count_query_and_nothing_for_other_roles(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_world()
    member = make_user(world.org_a)
    db_session.commit()
    auth.login(world.secretariat.email)
    with _statements(app) as seen:
        client.get("/")
    counts = [s for s in seen if "count(" in s.lower() and "report_jobs" in s]
    assert len(counts) == 1, counts
    auth.logout()

    def refused() -> int:
        raise AssertionError("counted for a role with no jobs link")

    monkeypatch.setitem(app.extensions, NAV_ATTENTION_KEY, refused)
    auth.login(member.email)
    assert client.get("/").status_code == 200


def test_the_count_is_kept_a_while_and_counted_afresh_after_a_retry(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world = make_world()
    job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
    job.status, job.error = JobStatus.FAILED, "boom"
    db_session.commit()
    clock = [0.0]
    kept = KeptCount(jobs_needing_attention, 30, clock=lambda: clock[0])
    monkeypatch.setitem(app.extensions, NAV_ATTENTION_KEY, kept)
    auth.login(world.secretariat.email)
    assert _badge(client) == "1"
    key = park_refresh.state_key(world.org_a.id, world.cycle.year)
    huey.put(key, {"state": "failed", "at": 1.0, "last_done": None})
    try:
        clock[0] = 29.0
        with _statements(app) as seen:
            assert _badge(client) == "1"  # kept: neither the rows nor the store are read
        assert not [s for s in seen if "report_jobs" in s and "count(" in s.lower()]
        clock[0] = 30.0
        assert _badge(client) == "2"  # and counted afresh once the while is over
        client.post(f"/reports/jobs/{job.id}/retry")
        assert _badge(client) == "1"  # the secretariat's own retry shows at once
    finally:
        huey.delete(key)
    kept.clear()
    assert _badge(client) is None
