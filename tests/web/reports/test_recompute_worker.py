"""A year's recomputation records its worker, as report jobs do (jobsfix3 item 1).

Before, its params held only what it found: a killed worker's recomputation stayed "running"
until the 30-minute rule, while a report job of the same worker was marked interrupted as
soon as a worker started again.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.reports import job_words, jobs
from rcapp.reports.models import JobStatus
from rcapp.reports.recompute_job import run_recompute_job, start_recompute
from rcapp.worker_identity import this_worker
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker
from tests.factories_reviews import make_review_world


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", "生成中断（后台任务进程可能已重启），请重新生成"),
        ("en", "Interrupted (the background worker may have restarted)"),
    ],
)
def test_a_recomputation_records_its_worker_and_a_dead_one_is_said_at_once(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: str
) -> None:
    world = make_review_world(3)
    job, new = start_recompute(world.cycle, world.secretariat)
    assert new
    db_session.commit()
    run_recompute_job(job.id)
    db_session.refresh(job)
    params = jobs.params_of(job)
    assert job.status is JobStatus.DONE
    assert params["worker"] == this_worker()  # kept through the checkpoints
    assert params["results"] == 3  # what it found is kept beside it

    params["worker"] = dead_worker()
    job.params = json.dumps(params)
    job.status, job.progress = JobStatus.RUNNING, 40  # as if killed a moment ago
    db_session.commit()
    assert jobs.fail_lost_jobs() == 1  # a worker starting: not 30 minutes on
    assert (job.status, job.error) == (JobStatus.FAILED, job_words.INTERRUPTED)
    db_session.commit()
    auth.login(world.secretariat.email)
    if lang == "en":
        client.get("/lang/en")
    page = client.get(f"/reports/jobs/{job.id}").get_data(as_text=True)
    assert words in page
