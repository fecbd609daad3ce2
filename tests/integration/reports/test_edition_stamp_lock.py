"""Edition stamps as `rcapp worker` runs them: two at once, and one that meets a locked database.

QA: the zh and en annual reports published 3 s apart on SQLite; the English stamp failed
"database is locked", was not retried and said "queued" for good, while members downloaded
the unstamped file. Here Huey executes the real task in threads of their own with no app
context (the worker's way, queue._app_for_worker), on a database of their own
(tests/integration/conftest.py), SQLite or PostgreSQL. Only the layout is a stand-in: it
reads the year's rows as the real one does, without minutes of WeasyPrint.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import Engine, event, select

from rcapp import db, queue
from rcapp.cycles.models import CycleStatus
from rcapp.db import ENGINE_KEY
from rcapp.reports import documents, edition_stamp, editions, stamp_states
from rcapp.reports.models import ReportJob
from rcapp.reports.stamp_states import StampState
from tests.factories import make_world
from tests.web.reports.test_editions import CLOSED_AT, finished

WAIT_SECONDS = 20
SHORT_LOCK_WAIT_MS = 200  # the busy timeout (SQLite) / lock_timeout (PostgreSQL) of the task


@pytest.fixture
def worker_app(isolated_app: Flask, tmp_path: Path) -> Iterator[Flask]:
    """The app the worker's threads run tasks in; its scheduled retries are dropped after."""
    isolated_app.config["REPORTS_DIR"] = str(tmp_path / "reports")
    queue.init_app(isolated_app)
    queue.huey.storage.flush_schedule()
    yield isolated_app
    queue.huey.storage.flush_schedule()


def _published(app: Flask, *langs: str) -> dict[str, int]:
    """Publish the closed year's annual report in each language; their stamps are queued."""
    with app.app_context():
        world = make_world(2025)
        world.cycle.status, world.cycle.closed_at = CycleStatus.CLOSED, CLOSED_AT
        ids = {}
        for lang in langs:
            job = finished(world, lang=lang)
            editions.publish(job, world.secretariat)
            assert edition_stamp.queue_stamp(job)
            ids[lang] = job.id
        db.session().commit()
        return ids


def _as_worker(job_id: int, retries: int | None = None) -> None:
    """Run the stamp task as a worker thread does: Huey executes it, outside any app context."""
    queue.huey.execute(edition_stamp.stamp_edition.s(job_id, retries=retries))


def _job(app: Flask, job_id: int) -> ReportJob:
    with app.app_context():
        found = db.session().get(ReportJob, job_id)
        assert found is not None
        return found


def _layout_reading_the_year(then: Callable[[str], None]) -> Callable[..., bytes]:
    def layout(cycle: Any, lang: str, *_args: Any, edition: Any = None, **_kw: Any) -> bytes:
        db.session().scalars(select(ReportJob.id).where(ReportJob.cycle_id == cycle.id)).all()
        then(lang)
        return f"%PDF-1.7 {lang} edition {edition.number}".encode()

    return layout


def _stamped_in_database(app: Flask, job_id: int) -> bool:
    with app.extensions[ENGINE_KEY].connect() as conn:
        params = conn.execute(select(ReportJob.params).where(ReportJob.id == job_id)).scalar()
    return json.loads(params or "{}").get(stamp_states.STAMPED_KEY) is not None


def test_two_stamps_at_once_in_the_worker_threads_both_get_their_edition(
    worker_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _published(worker_app, "zh", "en")
    both_laying_out = threading.Barrier(2, timeout=WAIT_SECONDS)
    zh_stamped = threading.Event()

    def overlap(lang: str) -> None:
        both_laying_out.wait()  # both have read the year: their layouts overlap
        if lang == "en":  # the English layout ends after the Chinese edition was stamped
            for _ in range(WAIT_SECONDS * 10):
                if _stamped_in_database(worker_app, ids["zh"]):
                    zh_stamped.set()
                    break
                zh_stamped.wait(0.1)

    monkeypatch.setattr(documents, "annual_report_pdf", _layout_reading_the_year(overlap))
    threads = [threading.Thread(target=_as_worker, args=(ids[lang],)) for lang in ("zh", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=3 * WAIT_SECONDS)
    for lang, job_id in ids.items():
        job = _job(worker_app, job_id)
        assert stamp_states.stamp_of(job) == stamp_states.Stamp(StampState.DONE), lang
        path = Path(worker_app.config["REPORTS_DIR"]) / str(job.result_file)
        assert path.read_bytes() == f"%PDF-1.7 {lang} edition 1".encode()
    assert zh_stamped.is_set()
    assert queue.huey.scheduled() == []  # nothing left to retry


def _short_lock_waits(engine: Engine) -> None:
    """Make the task's lock waits short, so that a held lock fails it within the test."""
    engine.dispose()

    @event.listens_for(engine, "connect")
    def _short(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute(f"PRAGMA busy_timeout={SHORT_LOCK_WAIT_MS}")
        else:
            cursor.execute(f"SET lock_timeout = {SHORT_LOCK_WAIT_MS}")
            dbapi_connection.commit()
        cursor.close()


class LockHolder:
    """Another writer (the other worker thread) holding the job's row: its write lock."""

    def __init__(self, app: Flask, job_id: int) -> None:
        self.taken, self.release = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._hold, args=(app, job_id), daemon=True)

    def _hold(self, app: Flask, job_id: int) -> None:
        with app.app_context(), db.immediate_transactions():
            session = db.session()
            session.execute(select(ReportJob.id).where(ReportJob.id == job_id).with_for_update())
            self.taken.set()
            self.release.wait(WAIT_SECONDS)
            session.rollback()

    def take(self, _lang: str = "") -> None:
        self._thread.start()
        assert self.taken.wait(WAIT_SECONDS)

    def let_go(self) -> None:
        self.release.set()
        self._thread.join(WAIT_SECONDS)


def _locked_during_layout(
    app: Flask, monkeypatch: pytest.MonkeyPatch, lang: str
) -> tuple[int, LockHolder]:
    """A published edition whose layout lets another writer take the lock its write needs."""
    job_id = _published(app, lang)[lang]
    _short_lock_waits(app.extensions[ENGINE_KEY])
    holder = LockHolder(app, job_id)
    monkeypatch.setattr(documents, "annual_report_pdf", _layout_reading_the_year(holder.take))
    return job_id, holder


def test_a_stamp_that_meets_a_locked_database_is_retried_and_then_stamped(
    worker_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, holder = _locked_during_layout(worker_app, monkeypatch, "en")
    _as_worker(job_id)  # its write waits past the lock wait: put back on the queue
    holder.let_go()

    job = _job(worker_app, job_id)
    stamp = stamp_states.stamp_of(job)
    assert stamp is not None
    assert stamp.state is StampState.PENDING  # not failed: it is tried again
    assert not stamp_states.is_stamped(job)
    [retry] = queue.huey.scheduled()
    assert retry.retries == edition_stamp.STAMP_RETRIES - 1
    assert retry.eta is not None  # after a delay (retry_delay), by the worker's scheduler

    monkeypatch.setattr(documents, "annual_report_pdf", _layout_reading_the_year(lambda _: None))
    queue.huey.storage.flush_schedule()
    queue.huey.execute(retry, timestamp=retry.eta)  # the delay passed: a worker thread runs it
    job = _job(worker_app, job_id)
    assert stamp_states.is_stamped(job)
    assert queue.huey.scheduled() == []


def test_the_last_attempt_at_a_locked_stamp_is_recorded_failed_not_left_queued(
    worker_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, holder = _locked_during_layout(worker_app, monkeypatch, "zh")
    note_failure = edition_stamp._note_failure

    def let_go_then_note(*args: Any) -> None:  # the other writer is done by then
        holder.let_go()
        note_failure(*args)

    monkeypatch.setattr(edition_stamp, "_note_failure", let_go_then_note)
    _as_worker(job_id, retries=0)

    stamp = stamp_states.stamp_of(_job(worker_app, job_id))
    assert stamp is not None
    assert stamp.state is StampState.FAILED
    assert stamp.number  # the error number the year page and the log share
    assert queue.huey.scheduled() == []
