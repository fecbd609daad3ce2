"""An edition stamp whose worker died while rendering reads failed, interrupted, and is retried.

Before, a stamp taken by a worker that was then killed (out of memory, a restart) said
正在加盖版次… for ever and could not be queued again. It now follows the worker it records
by the rule of a running report job (jobs.worker_stopped): its worker known dead here, or
taken longer ago than an annual report may take.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import queue
from rcapp.audit.models import AuditEntry
from rcapp.db import utcnow
from rcapp.reports import edition_stamp, jobs
from rcapp.reports.job_words import INTERRUPTED
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import STATE_KEY, StampState, note_taken, stamp_of
from rcapp.worker_identity import this_worker
from tests.conftest import AuthActions
from tests.dead_workers import dead_worker, worker_elsewhere
from tests.factories import World
from tests.integration.test_queue import queued_mode  # noqa: F401 - the fixture
from tests.web.reports.edition_stamps import as_secretariat, edition_row, published, restamps
from tests.web.reports.test_editions import closed_world

WORDS = {
    "zh": {
        "failed": "加盖版次失败",
        "why": "加盖中断：处理进程已停止，请点“重新加盖”。本版仍提供发布时的文件。",
        "pending": "正在加盖版次…",
        "retry": "重新加盖",
        "live": "本版正在加盖版次，无需重新加盖。",
    },
    "en": {
        "failed": "Stamping the edition failed",
        "why": "Stamping was interrupted: the process doing it stopped. Click “Stamp again”; "
        "meanwhile the edition offers the file as published.",
        "pending": "Stamping the edition…",
        "retry": "Stamp again",
        "live": "This edition is being stamped already: no need to stamp it again.",
    },
}


def taken_by(job: ReportJob, worker: dict[str, object], minutes_ago: int = 0) -> None:
    """Mark the job's queued stamp taken by `worker`, `minutes_ago` (as stamp_edition does)."""
    note_taken(job)
    params = jobs.params_of(job)
    taken_at = utcnow() - dt.timedelta(minutes=minutes_ago)
    params[STATE_KEY] |= {"worker": worker, "taken_at": taken_at.isoformat()}
    job.params = json.dumps(params)


def stamp_taken(world: World, db_session: Session, worker: dict[str, object]) -> ReportJob:
    """A published edition whose stamp `worker` has taken (committed)."""
    job = published(world, db_session)
    taken_by(job, worker)
    db_session.commit()
    return job


def dead_and_live_stamps(db_session: Session) -> tuple[World, ReportJob, ReportJob]:
    """A closed year with two editions' stamps taken: by a dead worker and by this live one."""
    world = closed_world(db_session)
    dead = stamp_taken(world, db_session, dead_worker())
    return world, dead, stamp_taken(world, db_session, this_worker())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stamp_whose_worker_died_reads_interrupted_with_a_retry(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world, dead, alive = dead_and_live_stamps(db_session)
    as_secretariat(client, auth, world, lang)
    words = WORDS[lang]

    row = edition_row(client, world, dead)
    assert words["pending"] not in row
    assert words["failed"] in row
    assert words["why"] in row
    assert f'action="/reports/jobs/{dead.id}/restamp"' in row
    assert words["retry"] in row

    row = edition_row(client, world, alive)  # its worker still runs: being rendered
    assert words["pending"] in row
    assert words["failed"] not in row
    assert "restamp" not in row


def test_a_worker_elsewhere_is_given_up_by_the_time_rule_only(db_session: Session) -> None:
    world = closed_world(db_session)
    job = stamp_taken(world, db_session, worker_elsewhere())
    stamp = stamp_of(job)
    assert stamp is not None
    assert stamp.state is StampState.PENDING  # cannot be looked at from here
    later = stamp_of(job, utcnow() + jobs.LOST_AFTER)
    assert later is not None
    assert (later.state, later.error) == (StampState.FAILED, INTERRUPTED)


@pytest.mark.usefixtures("queued_mode")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_interrupted_stamp_is_queued_again_once_and_audited(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    world = closed_world(db_session)
    job = stamp_taken(world, db_session, dead_worker())
    as_secretariat(client, auth, world, lang)
    assert client.post(f"/reports/jobs/{job.id}/restamp").status_code == 302
    assert queue.huey.pending_count() == 1
    db_session.refresh(job)
    stamp = stamp_of(job)
    assert stamp is not None
    assert (stamp.state, stamp.taken) == (StampState.PENDING, False)
    assert WORDS[lang]["pending"] in edition_row(client, world, job)
    logged = restamps(db_session)
    assert len(logged) == 1
    assert '"stamp_error": "interrupted"' in (logged[0].after or "")
    # again (a double click, a colleague): the stamp is live, nothing more queued or logged
    answer = client.post(f"/reports/jobs/{job.id}/restamp", follow_redirects=True)
    assert WORDS[lang]["live"] in answer.get_data(as_text=True)
    assert queue.huey.pending_count() == 1
    assert len(restamps(db_session)) == 1


def test_a_stamp_a_live_worker_renders_cannot_be_retried(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    job = stamp_taken(world, db_session, this_worker())
    as_secretariat(client, auth, world, "zh")
    answer = client.post(f"/reports/jobs/{job.id}/restamp", follow_redirects=True)
    assert WORDS["zh"]["live"] in answer.get_data(as_text=True)
    assert restamps(db_session) == []


def test_a_late_failure_of_the_interrupted_run_leaves_the_retry_alone(
    db_session: Session,
) -> None:
    """The time rule gave up a slow worker; its failure, later, must not speak for the retry."""
    world = closed_world(db_session)
    job = published(world, db_session)
    note_taken(job)
    params = jobs.params_of(job)
    params[STATE_KEY]["taken_at"] = (utcnow() - jobs.LOST_AFTER).isoformat()
    job.params = json.dumps(params)
    first = params[STATE_KEY]["taken_at"]
    db_session.commit()
    edition_stamp.restamp(job, world.secretariat)
    db_session.commit()
    edition_stamp._note_failure(job.id, job.edition or 0, RuntimeError("late"), first)
    db_session.refresh(job)
    stamp = stamp_of(job)
    assert stamp is not None
    assert stamp.state is StampState.PENDING


def test_the_audit_log_names_why_the_stamp_was_retried(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = closed_world(db_session)
    job = stamp_taken(world, db_session, dead_worker())
    edition_stamp.restamp(job, world.secretariat)
    db_session.commit()
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report_job.restamp")
    ).one()
    auth.login(world.secretariat.email)
    url = f"/audit/?entity=cycle&entity_id={entry.entity_id}"
    page = html.unescape(client.get(url).get_data(as_text=True))
    assert "加盖中断：处理进程已停止" in page
