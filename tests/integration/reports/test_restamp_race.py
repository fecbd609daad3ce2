"""Two retries of an interrupted edition stamp at the same instant queue one stamp.

Each request has loaded the edition before either writes. Under the job's row lock
(edition_stamp.restamp) the second reads the first's queued stamp, live, and is refused:
one stamp queued, one audit entry. On SQLite the write lock serialises them already.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.cycles.models import CycleStatus
from rcapp.reports import edition_stamp, edition_views, editions
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState, stamp_of
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker
from tests.factories import make_world
from tests.two_sides import meet_after, run_both
from tests.web.reports.test_edition_stamp_interrupted import taken_by
from tests.web.reports.test_editions import CLOSED_AT, finished


def _interrupted(app: Flask) -> tuple[int, str]:
    """A published annual report whose stamp a dead worker had taken: (job id, email)."""
    with app.test_request_context(method="POST"):
        world = make_world(2025)
        world.cycle.status, world.cycle.closed_at = CycleStatus.CLOSED, CLOSED_AT
        job = finished(world)
        editions.publish(job, world.secretariat)
        assert edition_stamp.queue_stamp(job)
        taken_by(job, dead_worker())
        db.session().commit()
        return job.id, world.secretariat.email


def test_two_retries_at_once_queue_one_stamp(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolated_app.config.update(WTF_CSRF_ENABLED=False, REPORTS_DIR=str(tmp_path))
    job_id, email = _interrupted(isolated_app)
    queued: list[int] = []
    monkeypatch.setattr(edition_stamp, "stamp_edition", queued.append)  # the worker's part
    clients = [isolated_app.test_client(), isolated_app.test_client()]
    for client in clients:
        AuthActions(client).login(email)
    meet_after(monkeypatch, edition_views, "get_or_404")  # both load before either writes
    answers = run_both(lambda side: clients[side].post(f"/reports/jobs/{job_id}/restamp"))

    assert [a.status_code for a in answers] == [302, 302]
    assert queued == [job_id]
    with isolated_app.app_context():
        session = db.session()
        restamps = select(func.count()).where(AuditEntry.action == "report_job.restamp")
        assert session.scalar(restamps) == 1
        stamp = stamp_of(session.get_one(ReportJob, job_id))
        assert stamp is not None
        assert (stamp.state, stamp.taken) == (StampState.PENDING, False)
    told = [
        html.unescape(client.get(a.location).get_data(as_text=True))
        for client, a in zip(clients, answers, strict=True)
    ]
    assert sum("本版正在加盖版次，无需重新加盖。" in page for page in told) == 1
