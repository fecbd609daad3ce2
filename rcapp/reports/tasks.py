"""Report work on the task queue: the worker runs a report job and records how it went.

The task is the edge for job work: it commits progress as it goes (so the page can show it)
and, when the work raises, records the failure and why instead of losing it in a rollback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from huey import crontab

from rcapp import db
from rcapp.queue import app_periodic_task, app_task
from rcapp.reports import job_words, producers
from rcapp.reports.jobs import fail_lost_jobs, store_result
from rcapp.reports.models import JobStatus, ReportJob

logger = logging.getLogger(__name__)


def enqueue(job: ReportJob) -> None:
    """Hand the job to the worker (call after committing the job row)."""
    run_report_job(job.id)


@app_task()
def run_report_job(job_id: int) -> None:
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return  # deleted, or already run by another worker
    job.status, job.progress = JobStatus.RUNNING, 0
    session.commit()
    try:
        data, name, mime = producers.produce(job, _progress(job))
    except Exception as exc:  # a job must end DONE or FAILED; the traceback goes to the log
        logger.exception("Report job %s failed", job_id)
        session.rollback()
        _fail(job_id, exc)
        return
    store_result(job, data, name, mime)
    logger.info("Report job %s finished: %s", job.id, name)


# Every five minutes: a job lost by a killed worker is marked failed within minutes of its
# limit, once a worker runs again (the one restarted after the kill).
@app_periodic_task(crontab(minute="*/5"))
def fail_lost_report_jobs() -> int:
    """Mark the report jobs whose worker died while running them failed; return how many."""
    return fail_lost_jobs()


def _progress(job: ReportJob) -> Callable[[int, int], None]:
    last = [-1]

    def report(done: int, total: int) -> None:
        percent = min(99, done * 100 // max(total, 1))
        if percent > last[0]:
            last[0] = percent
            job.progress = percent
            db.session().commit()  # visible to the page polling the job

    return report


def _fail(job_id: int, exc: Exception) -> None:
    job = db.session().get(ReportJob, job_id)
    if job is not None:
        job.status = JobStatus.FAILED
        job.error = job_words.failure_kind(exc)  # the raw text is in the log
        db.session().commit()
