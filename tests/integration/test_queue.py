"""The task queue: immediate mode under test, real SQLite and Redis storage, the consumer."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from huey import SqliteHuey
from huey.exceptions import TaskException
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import queue
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.workercli import worker_command


@queue.app_task()
def write_audit_entry(marker: str) -> str:
    record(None, "queue-test", 1, "task.ran", reason=marker)
    return marker


@queue.app_task()
def write_then_fail(marker: str) -> None:
    record(None, "queue-test", 1, "task.ran", reason=marker)
    raise RuntimeError("boom")


def _markers(session: Session) -> set[str | None]:
    rows = session.scalars(select(AuditEntry.reason).where(AuditEntry.entity == "queue-test"))
    return set(rows)


@pytest.fixture
def queued_mode() -> Iterator[None]:
    """Switch the shared queue from immediate mode to its real (SQLite) storage."""
    queue.huey.immediate = False
    queue.huey.flush()
    try:
        yield
    finally:
        queue.huey.flush()
        queue.huey.immediate = True


def test_tasks_run_at_once_in_immediate_mode_and_commit(db_session: Session) -> None:
    assert queue.huey.immediate
    result = write_audit_entry("now")
    assert result.get() == "now"
    assert _markers(db_session) == {"now"}


def test_a_failing_task_rolls_its_work_back(db_session: Session) -> None:
    result = write_then_fail("lost")
    with pytest.raises(TaskException, match="boom"):
        result.get()
    assert _markers(db_session) == set()


def test_an_enqueued_task_waits_in_sqlite_until_a_worker_takes_it(
    db_session: Session, queued_mode: None
) -> None:
    assert isinstance(queue.huey, SqliteHuey)
    write_audit_entry("later")
    assert queue.huey.pending_count() == 1
    assert _markers(db_session) == set()

    task = queue.huey.dequeue()
    queue.huey.execute(task)
    assert _markers(db_session) == {"later"}
    assert queue.huey.pending_count() == 0


def test_the_consumer_runs_tasks_from_a_sqlite_queue(tmp_path: Path) -> None:
    huey = queue.make_huey(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    add = huey.task()(lambda a, b: a + b)
    consumer = huey.create_consumer(workers=1, worker_type="thread", periodic=False)
    consumer.start()
    try:
        assert add(2, 3).get(blocking=True, timeout=10) == 5
    finally:
        consumer.stop(graceful=True)


@pytest.mark.skipif(not os.environ.get("RCAPP_TEST_REDIS_URL"), reason="no Redis server given")
def test_redis_storage_round_trip() -> None:
    huey = queue.make_huey(os.environ["RCAPP_TEST_REDIS_URL"])
    assert type(huey).__name__ == "RedisHuey"
    name = f"rcapp-test-{uuid.uuid4().hex}"
    huey.name = name
    double = huey.task()(lambda x: x * 2)
    result = double(21)
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())
    assert result.get() == 42
    huey.flush()


def test_an_unknown_queue_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported scheme 'amqp'"):
        queue.make_huey("amqp://127.0.0.1/")


def test_the_worker_refuses_to_start_in_immediate_mode(app: Flask) -> None:
    result = app.test_cli_runner().invoke(worker_command, [])
    assert result.exit_code == 1
    assert "immediate mode" in result.output


def test_the_worker_runs_the_scheduler_of_periodic_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    started: dict[str, object] = {}

    class Consumer:
        def run(self) -> None:
            started["ran"] = True

    def create_consumer(**options: object) -> Consumer:
        started.update(options)
        return Consumer()

    monkeypatch.setattr(queue.huey, "immediate", False)
    monkeypatch.setattr(queue.huey, "create_consumer", create_consumer)
    queue.run_worker(2)
    assert started == {"workers": 2, "worker_type": "thread", "periodic": True, "ran": True}
