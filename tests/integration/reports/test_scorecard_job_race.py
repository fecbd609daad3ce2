"""Two clicks on the scorecard button at the same instant make one job, in two real sessions.

Each request runs in its own thread, request context and session on a database of its own
(tests/integration/conftest.py). Both render the page at once; the first to look for a job
then waits (up to a second) for the other to look too before it inserts. Without the
assessment's row lock (rcapp.reports.scorecard_job) both looked, found none and queued a
job each on PostgreSQL; with it the second waits for the first's commit and reuses its job.
On SQLite the first writer's BEGIN IMMEDIATE already makes the second wait.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.reports import scorecard_job
from rcapp.reports.models import ReportJob
from tests.factories import make_world, submitted_assessment

WAIT_SECONDS = 30
LOOKED_WINDOW = 1.0  # how long the first to look waits for the other to look too


def test_two_requests_at_once_make_one_job(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    with isolated_app.app_context():
        world = make_world()
        assessment = submitted_assessment(world)
        db.session().commit()
        ids = (assessment.id, world.user_a.id)

    looked = threading.Condition()
    lookups = [0]
    find = scorecard_job.reusable_job

    def reusable_job_then_wait(*args: object) -> ReportJob | None:
        found = find(*args)  # type: ignore[arg-type]
        with looked:
            lookups[0] += 1
            looked.notify_all()
            looked.wait_for(lambda: lookups[0] >= 2, timeout=LOOKED_WINDOW)
        return found

    monkeypatch.setattr(scorecard_job, "reusable_job", reusable_job_then_wait)
    start = threading.Barrier(2, timeout=WAIT_SECONDS)
    outcomes: list[tuple[int, bool] | BaseException | None] = [None, None]

    def click(index: int) -> None:
        path = f"/reports/assessments/{ids[0]}/scorecard"
        with isolated_app.test_request_context(path, method="POST"):
            session = db.session()
            try:
                start.wait()
                found, user = session.get(Assessment, ids[0]), session.get(User, ids[1])
                assert found is not None
                assert user is not None
                job, new = scorecard_job.request_scorecard(found, user, "zh")
                session.commit()
                outcomes[index] = (job.id, new)
            except BaseException as error:  # noqa: BLE001 - the test inspects it
                session.rollback()
                outcomes[index] = error

    threads = [threading.Thread(target=click, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * WAIT_SECONDS)
    assert all(isinstance(outcome, tuple) for outcome in outcomes), outcomes
    with isolated_app.app_context():
        made = db.session().scalars(select(ReportJob.id)).all()
    assert len(made) == 1, outcomes
    assert sorted(outcomes) == [(made[0], False), (made[0], True)]  # type: ignore[type-var]
