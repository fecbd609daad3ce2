"""Report work on the task queue: the worker runs a report job and records how it went.

The task is the edge for job work: it commits progress as it goes (so the page can show it)
and, when the work raises, records the failure and why instead of losing it in a rollback.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from huey import crontab
from sqlalchemy.exc import OperationalError

from rcapp import db
from rcapp.db import utcnow
from rcapp.queue import app_periodic_task, app_task
from rcapp.reports import job_words, producers
from rcapp.reports.edition_stamp import record_interrupted_stamps
from rcapp.reports.jobs import fail_lost_jobs, keep_file, mark_done, mark_running
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reports.recompute_job import run_recompute_job

logger = logging.getLogger(__name__)


def enqueue(job: ReportJob) -> None:
    """Hand the job to the worker (call after committing the job row)."""
    if job.kind is JobKind.RECOMPUTE:  # writes results; no file (recompute_job)
        run_recompute_job(job.id)
        return
    run_report_job(job.id)


@app_task()
def run_report_job(job_id: int) -> None:
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return  # deleted, or already run by another worker
    mark_running(job)  # with this worker's identity: a restarted worker frees it (QA43 D1)
    session.commit()
    try:
        # The work reads for seconds or minutes: on SQLite its transactions must not hold
        # the write lock meanwhile (another worker thread's job would wait for it and fail).
        with db.deferred_transactions():
            data, name, mime = producers.produce(job, _progress(job))
    except Exception as exc:  # a job must end DONE or FAILED; the traceback goes to the log
        failed_at = utcnow()  # with the id, the error number the page shows (job_words)
        number = job_words.error_number(job_id, failed_at)
        logger.exception("Report job %s failed (error number %s)", job_id, number)
        session.rollback()
        _fail(job_id, exc, failed_at)
        return
    params = job.params  # a scorecard keeps the key of the page it rendered
    session.expire(job)  # its state is written by _write_final, not by this session
    stored = keep_file(data)

    def done(row: ReportJob) -> None:
        row.params = params
        mark_done(row, stored, name, mime)

    _write_final(job_id, done)
    logger.info("Report job %s finished: %s", job_id, name)


# Every five minutes: a job lost by a killed worker is marked failed within minutes of its
# limit, once a worker runs again (the one restarted after the kill); so is an edition's
# stamp, which the year page reads as interrupted meanwhile.
@app_periodic_task(crontab(minute="*/5"))
def fail_lost_report_jobs() -> int:
    """Mark the report jobs and edition stamps whose worker died failed; return how many."""
    return fail_lost_jobs() + record_interrupted_stamps()


def _progress(job: ReportJob) -> Callable[[int, int], None]:
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = min(99, done * 100 // max(total, 1))
        if percent > last[0] and _write_progress(job.id, percent, job.params):
            last[0] = percent  # visible to the page polling the job

    return report


def _write_progress(job_id: int, percent: int, params: str | None) -> bool:
    """Write a job's progress in a short transaction of its own; False when skipped.

    A database still locked after the busy timeout skips this step (the next step writes
    again): a progress bar is not worth failing the report for.
    """
    session = db.separate_session()
    try:
        with db.immediate_transactions():
            row = session.get(ReportJob, job_id)
            if row is None:
                return False
            row.progress, row.params = percent, params
            session.commit()
    except OperationalError as exc:
        session.rollback()
        if not db.is_locked(exc):
            raise
        logger.warning("Report job %s: progress %s%% skipped (database locked)", job_id, percent)
        return False
    finally:
        session.close()
    return True


# The final state must be written: a busy database is waited for again a few times.
FINAL_WRITE_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)


def _write_final(job_id: int, change: Callable[[ReportJob], None]) -> None:
    """Write a job's end state in a transaction of its own, retried while the database is locked."""
    for pause in (*FINAL_WRITE_PAUSES, None):
        session = db.separate_session()
        try:
            with db.immediate_transactions():
                row = session.get(ReportJob, job_id)
                if row is None:
                    return  # deleted meanwhile
                change(row)
                session.commit()
                return
        except OperationalError as exc:
            session.rollback()
            if pause is None or not db.is_locked(exc):
                raise
            logger.warning("Report job %s: database locked, end state written again", job_id)
        finally:
            session.close()
        time.sleep(pause)


def _fail(job_id: int, exc: Exception, failed_at: dt.datetime) -> None:
    kind = job_words.failure_kind(exc)  # the raw text is in the log

    def failed(row: ReportJob) -> None:
        row.status, row.error = JobStatus.FAILED, kind
        row.updated_at = failed_at  # the time in the error number of the page and the log

    _write_final(job_id, failed)
