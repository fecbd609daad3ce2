"""A report job on SQLite while another connection holds the write lock (QA17 D3).

Ten jobs queued at once on a worker with two threads: one failed with "database is locked"
at its progress commit. Here a real SQLite file, a short busy timeout and a second
connection that takes the write lock for a second stand in for the other worker thread.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from rcapp import create_app, db
from rcapp.cycles.models import ReportingCycle
from rcapp.db import ENGINE_KEY
from rcapp.dbcli import upgrade_database
from rcapp.reports import jobs, producers, tasks
from rcapp.reports.blueprint import XLSX
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from tests.conftest import TEST_RUBRICS_DIR
from tests.factories import make_world

BUSY_TIMEOUT_MS = 200
HOLD_SECONDS = 1.0


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "locked",
            "DATABASE_URL": url,
            "RUBRICS_DIR": str(TEST_RUBRICS_DIR),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "REPORTS_DIR": str(tmp_path / "reports"),
            "SQLITE_BUSY_TIMEOUT_MS": BUSY_TIMEOUT_MS,
        }
    )
    upgrade_database(url)
    yield app
    app.extensions[ENGINE_KEY].dispose()


def _database_file(app: Flask) -> str:
    return str(app.config["DATABASE_URL"]).removeprefix("sqlite:///")


def _queued_job(app: Flask) -> int:
    with app.app_context():
        world = make_world()
        job = jobs.request_job(JobKind.ANNUAL_WORKBOOK, world.secretariat, cycle=world.cycle)
        db.session().commit()
        return job.id


def _hold_write_lock(path: str, seconds: float) -> threading.Event:
    """Let another connection take the write lock (as the other worker thread) for a while."""
    taken = threading.Event()

    def hold() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        taken.set()
        time.sleep(seconds)
        other.execute("ROLLBACK")
        other.close()

    threading.Thread(target=hold, daemon=True).start()
    assert taken.wait(5)
    return taken


def _job(app: Flask, job_id: int) -> ReportJob:
    with app.app_context():
        found = db.session().get(ReportJob, job_id)
        assert found is not None
        return found


def _produce_with(monkeypatch: pytest.MonkeyPatch, producer: Callable[..., object]) -> None:
    monkeypatch.setitem(producers.PRODUCERS, JobKind.ANNUAL_WORKBOOK, producer)


def test_the_worker_engine_has_wal_and_the_busy_timeout(sqlite_app: Flask) -> None:
    with sqlite_app.app_context(), sqlite_app.extensions[ENGINE_KEY].connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_a_locked_progress_write_is_skipped_and_the_job_still_ends_done(
    sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    job_id = _queued_job(sqlite_app)
    path = _database_file(sqlite_app)
    seen: list[int] = []

    def producer(job: ReportJob, progress: producers.Progress) -> producers.Product:
        progress(1, 4)  # nobody else writes: recorded
        seen.append(_progress_now(path, job.id))
        _hold_write_lock(path, HOLD_SECONDS)
        progress(2, 4)  # still locked after the busy timeout: skipped, not failed
        return b"PK workbook", "workbook.xlsx", XLSX  # the end state waits for the lock

    _produce_with(monkeypatch, producer)
    with caplog.at_level(logging.WARNING, logger="rcapp.reports.tasks"), sqlite_app.app_context():
        tasks.run_report_job(job_id)

    job = _job(sqlite_app, job_id)
    assert (job.status, job.progress, job.error) == (JobStatus.DONE, 100, None)
    assert job.result_name == "workbook.xlsx"
    assert seen == [25]
    assert "progress 50% skipped (database locked)" in caplog.text


def test_reading_work_leaves_the_write_lock_to_other_writers(
    sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a job reads for long, another writer (the other thread's job) is not blocked."""
    job_id = _queued_job(sqlite_app)
    path = _database_file(sqlite_app)
    writes: list[str] = []

    def producer(job: ReportJob, progress: producers.Progress) -> producers.Product:
        assert db.session().get(ReportingCycle, job.cycle_id) is not None  # reads
        other = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE report_jobs SET progress = 0 WHERE id = -1")
            other.execute("COMMIT")
            writes.append("written")
        except sqlite3.OperationalError as exc:
            writes.append(str(exc))
        finally:
            other.close()
        progress(1, 2)
        return b"PK workbook", "workbook.xlsx", XLSX

    _produce_with(monkeypatch, producer)
    with sqlite_app.app_context():
        tasks.run_report_job(job_id)

    assert writes == ["written"]
    assert _job(sqlite_app, job_id).status is JobStatus.DONE


def test_a_failure_is_recorded_even_while_the_database_is_locked(
    sqlite_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = _queued_job(sqlite_app)
    path = _database_file(sqlite_app)

    def producer(job: ReportJob, progress: producers.Progress) -> producers.Product:
        _hold_write_lock(path, HOLD_SECONDS)
        raise ValueError("broken data")

    _produce_with(monkeypatch, producer)
    with sqlite_app.app_context():
        tasks.run_report_job(job_id)

    job = _job(sqlite_app, job_id)
    assert (job.status, job.error) == (JobStatus.FAILED, "internal")


def _progress_now(path: str, job_id: int) -> int:
    with sqlite3.connect(path) as reader:
        row = reader.execute("SELECT progress FROM report_jobs WHERE id = ?", (job_id,)).fetchone()
    return int(row[0])
