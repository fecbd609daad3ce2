"""A published annual report is made again with its edition on the cover and in every footer.

The number is decided at publish, after the PDF was made: the worker renders the report
again from the closed year's frozen figures, with the edition line and the publication date,
and only once the new file is written does the edition point at it and the old file go.
A year reopened since its close is not rendered again (its figures may have moved): the
edition keeps its file as published. Runs on the task queue, never in the request. How it
went (queued, taken by a worker, done, failed, skipped) is kept on the job (stamp_states) for
the year page; a failed one the secretariat queues again (restamp).
"""

from __future__ import annotations

import datetime as dt
import json
import logging

from huey.api import Task
from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.clock import beijing_day
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import RcappError
from rcapp.queue import app_task
from rcapp.reports import documents, edition_mail, job_words, jobs
from rcapp.reports.editions import made_after_close
from rcapp.reports.job_words import INTERRUPTED
from rcapp.reports.models import JobKind, ReportJob
from rcapp.reports.stamp_states import (
    STAMPED_KEY,
    StampState,
    is_stamped,
    note_stamp,
    note_taken,
    read_interrupted,
    stamp_of,
    still_taken,
)
from rcapp.row_locks import lock_row

logger = logging.getLogger(__name__)


class RestampRefused(RcappError):
    """Only an edition whose stamp failed (or was interrupted) is queued again; `reason` why not.

    "live": its stamp is queued or being rendered by a live worker; "not_failed": any other.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def needs_stamp(job: ReportJob) -> bool:
    return job.kind is JobKind.ANNUAL_REPORT and job.edition is not None and not is_stamped(job)


def queue_stamp(job: ReportJob) -> bool:
    """Note a just published annual report's stamp as queued; False: it needs none.

    The caller commits, then hands `stamp_edition` the job id.
    """
    if not needs_stamp(job):
        return False
    note_stamp(job, StampState.PENDING)
    db.session().flush()
    return True


def restamp(job: ReportJob, actor: User) -> None:
    """Queue a failed stamp again (RestampRefused otherwise), audited; the caller enqueues.

    Under the job's row lock, its stamp read again: of two retries at once, the second finds
    the first's queued stamp live and is refused, so one stamp is queued and logged.
    """
    lock_row(job)
    stamp = stamp_of(job)
    if stamp is not None and stamp.state is StampState.PENDING:
        raise RestampRefused("live")
    if stamp is None or stamp.state is not StampState.FAILED or not needs_stamp(job):
        raise RestampRefused("not_failed")
    note_stamp(job, StampState.PENDING)
    db.session().flush()
    jobs.record_job(
        actor, job, "report_job.restamp", edition=job.edition, stamp_error=stamp.error or ""
    )
    logger.info("Report job %s: edition %s stamp queued again by %s", job.id, job.edition, actor.id)


# A stamp that meets a locked database (another worker thread's write outlasting the busy
# timeout) is run again by Huey after a delay; only the last attempt's failure is recorded.
STAMP_RETRIES = 5
STAMP_RETRY_DELAY_SECONDS = 30


@app_task(retries=STAMP_RETRIES, retry_delay=STAMP_RETRY_DELAY_SECONDS, context=True)
def stamp_edition(job_id: int, task: Task | None = None) -> None:
    """Render the published annual report again with its edition line; swap the files.

    `task` is Huey's (its retries left); a direct call has none and is not retried.
    """
    run: dict[str, str | None] = {}
    try:
        _stamp(job_id, run)
    except Exception as exc:  # the year page must say it failed, unless it is tried again
        if db.is_transient(exc) and task is not None and task.retries > 0:
            logger.warning(
                "Report job %s: database locked; edition stamp tried again in %s s (%s left)",
                job_id,
                STAMP_RETRY_DELAY_SECONDS,
                task.retries,
            )
            raise
        # a failure before this run took the stamp has no run to tell apart (ANY_RUN)
        _note_failure(job_id, None, exc, run.get("taken_at", ANY_RUN))


def _stamp(job_id: int, run: dict[str, str | None]) -> None:
    """Stamp the edition; `run` gets when this run took the stamp (note_taken)."""
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None or not needs_stamp(job) or job.published_at is None:
        return
    cycle = session.get(ReportingCycle, job.cycle_id) if job.cycle_id else None
    if cycle is None or not made_after_close(job, cycle) or job.finished_at is None:
        note_stamp(job, StampState.SKIPPED)
        logger.info("Report job %s: year reopened since, edition not stamped", job_id)
        session.commit()  # members read it as published now: then tell them
        edition_mail.announce_edition(job_id)
        return
    if not lock_row(job) or not needs_stamp(job):  # read again under the lock: params change
        return
    # no longer waiting for a worker: the year page stops saying it may be down, and follows
    # this worker's life instead (stamp_states)
    taken_at = run["taken_at"] = note_taken(job)
    session.commit()
    number, original = job.edition or 0, job.result_file
    mark = documents.EditionMark(
        number=number,
        published_on=beijing_day(job.published_at),
        generated_on=beijing_day(job.finished_at),
        correction=job.correction_note,
    )
    try:
        with db.reading_apart():  # minutes of layout: no write lock held, nor a stale snapshot
            data = documents.annual_report_pdf(cycle, job.lang, edition=mark)
        stored = jobs.keep_file(data)
    except Exception as exc:  # the year page must say it failed; the traceback goes to the log
        _note_failure(job_id, number, exc, taken_at)
        return
    swapped = False
    try:
        swapped = _point_at_stamped(job, stored, original, number)
    finally:  # the file not in use goes; a retry after a locked write renders it again
        dropped = original if swapped else stored
        if dropped is not None:
            (jobs.jobs_dir() / dropped).unlink(missing_ok=True)
    if swapped:
        logger.info("Report job %s: edition %s stamped on its PDF", job_id, number)
        edition_mail.announce_edition(job_id)  # readable by members since that commit


def _point_at_stamped(job: ReportJob, stored: str, original: str | None, number: int) -> bool:
    """Point the edition at its stamped file in a short write of its own; False: changed."""
    if not lock_row(job) or job.result_file != original or job.edition != number:
        return False  # published again, withdrawn or restamped meanwhile: left as it is
    params = jobs.params_of(job)
    params[STAMPED_KEY] = number
    job.params = json.dumps(params, ensure_ascii=False)
    job.result_file = stored
    db.session().commit()
    return True


# `_note_failure`'s taken_at for a failure before the run took the stamp: no run to tell apart.
ANY_RUN = "any"


def _note_failure(job_id: int, number: int | None, exc: Exception, taken_at: str | None) -> None:
    """Keep a failed stamp's kind and error number on the job (unless it changed meanwhile).

    `number`: the edition that failed (None: the job's edition now). Changed: another
    edition, stamped, or given up as interrupted and queued again since.
    """
    failed_at = utcnow()
    code = job_words.error_number(job_id, failed_at)
    logger.error(
        "Report job %s: edition %s not stamped (error %s)", job_id, number, code, exc_info=exc
    )
    session = db.session()
    session.rollback()
    job = session.get(ReportJob, job_id)
    if job is None or not lock_row(job) or is_stamped(job):
        return
    if number is not None and job.edition != number:
        return
    if taken_at != ANY_RUN and not still_taken(job, taken_at):
        return
    note_stamp(job, StampState.FAILED, failed_at, error=job_words.failure_kind(exc), number=code)
    session.commit()


def record_interrupted_stamps(now: dt.datetime | None = None) -> int:
    """Record as failed the stamps whose worker died while rendering; return how many.

    The year page reads such a stamp as interrupted already (stamp_states.stamp_of); kept
    as failed, with the kind whose words the page shows (job_words.stamp_failure_words), it
    is in the year's audit log too. Under the job's row lock, read again: a worker that
    finished meanwhile (stamped) or a retry queued meanwhile is left alone.
    """
    moment = now or utcnow()
    statement = select(ReportJob).where(
        ReportJob.kind == JobKind.ANNUAL_REPORT, ReportJob.edition.is_not(None)
    )
    recorded = 0
    for job in db.session().scalars(statement).all():
        if read_interrupted(job, moment) is None or not lock_row(job):
            continue
        stamp = read_interrupted(job, moment)
        if stamp is None or is_stamped(job):
            continue
        note_stamp(job, StampState.FAILED, stamp.at, error=INTERRUPTED)
        jobs.record_job(
            None, job, "report_job.stamp_interrupted", edition=job.edition, stamp_error=INTERRUPTED
        )
        logger.warning("Report job %s: edition %s stamp interrupted", job.id, job.edition)
        recorded += 1
    db.session().flush()
    return recorded
