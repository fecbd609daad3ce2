"""The task queue: immediate mode under test, real SQLite and Redis storage, the consumer."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from huey import SqliteHuey
from huey.exceptions import TaskException
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import db, queue
from rcapp.audit.models import AuditEntry
from rcapp.audit.services import record
from rcapp.workercli import worker_command

# `rcapp worker` refuses to start without the address its mails link to (QA58 6)
WORKER_BASE_URL = "http://rc.example.cn"


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


def test_a_sqlite_queue_waits_as_long_as_the_database_in_wal_mode(tmp_path: Path) -> None:
    huey = queue.make_huey(f"sqlite:///{tmp_path / 'q.sqlite3'}")
    with huey.storage.db() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == db.SQLITE_BUSY_TIMEOUT_MS


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


def test_the_worker_refuses_to_start_in_immediate_mode(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "BASE_URL", WORKER_BASE_URL)  # else it refuses for that
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
    monkeypatch.setattr(queue, "log_to_stderr", lambda: None)
    queue.run_worker(2)
    assert started == {
        "workers": 2,
        "worker_type": "thread",
        "periodic": True,
        "max_delay": queue.WORKER_MAX_DELAY,
        "ran": True,
    }


def test_an_idle_worker_looks_at_the_queue_every_second_at_most() -> None:
    # qa21 S11: Huey's default back-off let an idle worker wait 10 s before a scorecard
    assert queue.WORKER_MAX_DELAY <= 1


def test_the_default_queue_file_follows_the_sqlite_database(tmp_path: Path) -> None:
    # QA8: every instance started from one checkout shared instance/queue.sqlite3, so a
    # close queued by one tester's app ran in another's worker, against another database.
    first = queue.default_queue_file(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    second = queue.default_queue_file(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    assert first == tmp_path / "a.sqlite3.queue.sqlite3"
    assert second == tmp_path / "b.sqlite3.queue.sqlite3"
    default = queue.default_queue_file(None)
    assert default == queue.INSTANCE_DIR / "rcapp.sqlite3.queue.sqlite3"
    huey = queue.make_huey(None, f"sqlite:///{tmp_path / 'a.sqlite3'}")
    assert queue.location(huey) == str(first)


def test_another_database_gets_a_queue_file_of_its_own_without_its_password() -> None:
    one = queue.default_queue_file("postgresql+psycopg://rcapp:secret@127.0.0.1:5432/one")
    two = queue.default_queue_file("postgresql+psycopg://rcapp:secret@127.0.0.1:5432/two")
    elsewhere = queue.default_queue_file("postgresql+psycopg://rcapp:other@10.0.0.9:5432/one")
    assert len({one, two, elsewhere}) == 3
    assert one.parent == queue.INSTANCE_DIR
    assert one.name.startswith("queue-one-")
    assert "secret" not in str(one)
    # The password is no part of the address: changing it keeps the queue.
    assert queue.default_queue_file("postgresql+psycopg://rcapp:new@127.0.0.1:5432/one") == one


def test_an_app_and_its_worker_on_one_database_agree_on_the_queue(tmp_path: Path) -> None:
    """Both import rcapp.queue with the same environment: the queue follows the database."""
    env = {k: v for k, v in os.environ.items() if k != "RCAPP_QUEUE_URL"}
    env["RCAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    shown = subprocess.run(
        [sys.executable, "-c", "from rcapp import queue; print(queue.location(queue.huey))"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert shown.stdout.strip() == str(tmp_path / "demo.sqlite3.queue.sqlite3")


def test_a_redis_queue_is_shown_with_host_and_db_but_no_password(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA13 DOC4: `rcapp worker` said only "RedisHuey": the operator could not check the db."""
    shown = queue.location(queue.make_huey("redis://:s3cret@127.0.0.1:6379/13"))
    assert shown == "Redis redis://***@127.0.0.1:6379/13"
    assert (
        queue.location(queue.make_huey("redis://10.0.0.5:6380")) == "Redis redis://10.0.0.5:6380/0"
    )
    assert "s3cret" not in queue.location(queue.make_huey("rediss://u:s3cret@h:6380/2"))

    monkeypatch.setattr(queue, "huey", queue.make_huey("redis://:s3cret@127.0.0.1:6379/13"))
    monkeypatch.setattr(queue, "run_worker", lambda workers: None)
    monkeypatch.setitem(app.config, "BASE_URL", WORKER_BASE_URL)
    result = app.test_cli_runner().invoke(worker_command, [])
    assert "on the queue Redis redis://***@127.0.0.1:6379/13" in result.output
    assert "s3cret" not in result.output


def test_each_task_logs_its_start_and_end(
    db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """QA35 S4: the worker's log showed nothing of the tasks it ran."""
    with caplog.at_level(logging.INFO, logger="rcapp.queue"):
        write_audit_entry("logged").get()
    lines = [r.getMessage() for r in caplog.records if r.name == "rcapp.queue"]
    assert lines[0] == "Task write_audit_entry(logged) started"
    assert lines[1].startswith("Task write_audit_entry(logged) finished in ")


def test_the_worker_logs_from_info_with_time_and_level(capsys: pytest.CaptureFixture[str]) -> None:
    rcapp_logger = logging.getLogger("rcapp")
    kept = (rcapp_logger.level, list(rcapp_logger.handlers))
    huey_logger = logging.getLogger("huey")
    kept_huey = (huey_logger.level, list(huey_logger.handlers))
    try:
        queue.log_to_stderr()
        queue.log_to_stderr()  # twice: still one line each
        logging.getLogger("rcapp.reports.tasks").info("Report job 6 finished")
        logging.getLogger("rcapp.reports.tasks").debug("not shown")
    finally:
        rcapp_logger.setLevel(kept[0])
        rcapp_logger.handlers[:] = kept[1]
        huey_logger.setLevel(kept_huey[0])
        huey_logger.handlers[:] = kept_huey[1]
    err = capsys.readouterr().err
    assert err.count("Report job 6 finished") == 1
    assert "] INFO in test_queue: Report job 6 finished" in err  # time, level, module
    assert err.startswith("[")  # the time
    assert "not shown" not in err
