"""Report jobs: ask for one, see who may fetch it, keep its file for a set time.

The worker runs a job through `tasks.run_report_job`; this module holds what the pages,
the CLI and the task share. Services flush and never commit (style.md 2.4).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import or_, select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.models import Assessment
from rcapp.audit.services import record
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.permissions import Action, can
from rcapp.reports import job_words
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.worker_identity import WORKER_KEY, process_start, this_worker, work_lost

logger = logging.getLogger(__name__)

DEFAULT_KEEP_DAYS = 7
# A job still running this long after its last progress is taken for one whose worker died
# (killed, restarted): a scorecard takes seconds; the cycle's reports report progress often
# but one step (an annual report's PDF) may take minutes.
SCORECARD_LOST_AFTER = dt.timedelta(minutes=5)
LOST_AFTER = dt.timedelta(minutes=30)
# Kinds whose asking is not written in their year's audit log: an import is logged when
# applied; a scorecard is a download of what the result page shows (it never was logged).
NOT_LOGGED = frozenset({JobKind.IMPORT, JobKind.SCORECARD})


def jobs_dir() -> Path:
    directory = Path(current_app.config["REPORTS_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def keep_for() -> dt.timedelta:
    return dt.timedelta(days=int(current_app.config.get("REPORT_KEEP_DAYS", DEFAULT_KEEP_DAYS)))


def request_job(
    kind: JobKind,
    actor: User,
    *,
    cycle: ReportingCycle | None = None,
    lang: str = "zh",
    params: dict[str, Any] | None = None,
) -> ReportJob:
    """Record a queued job; the caller commits, then enqueues it (tasks.enqueue)."""
    job = ReportJob(
        kind=kind,
        cycle_id=cycle.id if cycle is not None else None,
        lang="en" if lang == "en" else "zh",
        params=json.dumps(params, ensure_ascii=False) if params else None,
        requested_by_id=actor.id,
    )
    db.session().add(job)
    db.session().flush()
    if cycle is not None and kind not in NOT_LOGGED:
        record(actor, "cycle", cycle.id, "report_job.start", after=_logged(job))
    logger.info("Report job %s (%s) requested by %s", job.id, kind, actor.id)
    return job


def _logged(job: ReportJob) -> dict[str, Any]:
    """Return what the audit log keeps of a report job: which report, in which language."""
    return {"report_job": job.id, "report": job.kind.value, "report_lang": job.lang}


def record_job(actor: User | None, job: ReportJob, action: str, **more: Any) -> None:
    """Log an action on a year's report job on its year (what _logged keeps, and `more`)."""
    if job.cycle_id is not None:
        record(actor, "cycle", job.cycle_id, action, after=_logged(job) | more)


def params_of(job: ReportJob) -> dict[str, Any]:
    loaded = json.loads(job.params) if job.params else {}
    return loaded if isinstance(loaded, dict) else {}


def retry_job(job: ReportJob, actor: User) -> None:
    """Queue a failed job again (InvalidState unless it failed)."""
    if job.status is not JobStatus.FAILED:
        raise InvalidState("report_job", job.status.value, "retry")
    job.status, job.error, job.progress = JobStatus.QUEUED, None, 0
    db.session().flush()
    if job.cycle_id is not None and job.kind not in NOT_LOGGED:
        record(actor, "cycle", job.cycle_id, "report_job.retry", after=_logged(job))
    logger.info("Report job %s retried by %s", job.id, actor.id)


def lost_after(kind: JobKind) -> dt.timedelta:
    """Return how long a job of this kind may run without progress before it counts as lost."""
    return SCORECARD_LOST_AFTER if kind is JobKind.SCORECARD else LOST_AFTER


def worker_stopped(
    recorded: Mapping[str, Any] | None,
    moved_at: dt.datetime,
    kind: JobKind,
    now: dt.datetime,
    start_of: Callable[[int], str | None] = process_start,
) -> bool:
    """Tell whether a report job's work is lost, by the one rule (worker_identity.work_lost).

    Its worker known dead here, or not moved since `moved_at` for longer than its kind
    allows: a running job and an edition's stamp (stamp_states) alike.
    """
    return work_lost(recorded, now - moved_at, lost_after(kind), start_of)


def minutes_until_lost(job: ReportJob, now: dt.datetime) -> int:
    """Return in about how many minutes a running job is marked interrupted by the time rule."""
    left = job.updated_at + lost_after(job.kind) - now
    return max(1, -(-int(left.total_seconds()) // 60))


# Failures a worker did not write (a restore; a job found lost, marked by whoever looked): they
# are no sign of a worker at work.
NOT_BY_A_WORKER = (job_words.INTERRUPTED, job_words.UNFINISHED_AT_BACKUP)


def worker_last_seen() -> dt.datetime | None:
    """Return when the worker last showed life: any job it started, progressed or finished.

    `updated_at` is written at each of those; a queued row's is its request (or retry).
    """
    statement = (
        select(ReportJob.updated_at)
        .where(
            ReportJob.status != JobStatus.QUEUED,
            or_(ReportJob.error.is_(None), ReportJob.error.not_in(NOT_BY_A_WORKER)),
        )
        .order_by(ReportJob.updated_at.desc())
        .limit(1)
    )
    return db.session().scalar(statement)


def mark_running(job: ReportJob) -> None:
    """Record the job running in this worker process (its host, pid and start time)."""
    params = params_of(job)
    params[WORKER_KEY] = this_worker()
    job.params = json.dumps(params, ensure_ascii=False)
    job.status, job.progress = JobStatus.RUNNING, 0


def fail_lost_jobs(
    now: dt.datetime | None = None,
    start_of: Callable[[int], str | None] = process_start,
) -> int:
    """Mark the jobs whose worker died while running them failed; return how many.

    A job whose worker on this host is gone (worker_identity) is lost at once: a worker
    starting runs this, so a restart after a kill frees the job (QA43 D1). Any other job is
    lost when it has not progressed for longer than its kind allows.

    Their page then says the work was interrupted and offers to start it again (retry),
    instead of "being prepared" for ever. A worker that was only slow and finishes later
    still stores its file (the job ends DONE).
    """
    moment = now or utcnow()
    statement = select(ReportJob).where(ReportJob.status == JobStatus.RUNNING)
    lost = [
        job
        for job in db.session().scalars(statement)
        if worker_stopped(
            params_of(job).get(WORKER_KEY), job.updated_at, job.kind, moment, start_of
        )
    ]
    for job in lost:
        job.status, job.error = JobStatus.FAILED, job_words.INTERRUPTED
        logger.warning("Report job %s lost while running: marked failed", job.id)
    db.session().flush()
    return len(lost)


def can_fetch(user: User, job: ReportJob) -> bool:
    """Only the user who asked and the secretariat see a job and fetch its file.

    An audit-log file also needs the right to read the audit log, now: a requester who has
    lost it (no longer secretariat) no longer sees the job.

    A scorecard's job is shared (a request reuses a job of the same content, whoever asked
    for it): whoever may see that assessment's scorecard now sees it, and no one else.
    """
    if job.kind is JobKind.SCORECARD:
        assessment = assessment_of(job)
        return bool(user.is_active and assessment and can(user, Action.RESULT_VIEW, assessment))
    if job.kind is JobKind.AUDIT_LOG and not can(user, Action.AUDIT_VIEW):
        return False
    return bool(user.is_active and (user.is_secretariat or job.requested_by_id == user.id))


def assessment_of(job: ReportJob) -> Assessment | None:
    """Return the assessment a job names in its params (a scorecard's, an import's)."""
    assessment_id = params_of(job).get("assessment_id")
    if not isinstance(assessment_id, int):
        return None
    return db.session().get(Assessment, assessment_id)


def jobs_visible_to(user: User, limit: int = 50) -> list[ReportJob]:
    """List the jobs the user asked for (the secretariat: everyone's) they may still see."""
    statement = select(ReportJob).order_by(ReportJob.id.desc()).limit(limit)
    if not user.is_secretariat:
        statement = statement.where(ReportJob.requested_by_id == user.id)
    if not can(user, Action.AUDIT_VIEW):
        statement = statement.where(ReportJob.kind != JobKind.AUDIT_LOG)
    found = db.session().scalars(statement)
    return [job for job in found if job.kind is not JobKind.SCORECARD or can_fetch(user, job)]


def store_result(job: ReportJob, data: bytes, name: str, mime: str) -> None:
    """Keep the finished file under a random name, downloadable until it expires."""
    mark_done(job, keep_file(data), name, mime)


def keep_file(data: bytes) -> str:
    """Write a finished job's file under a random name; return the name."""
    stored = secrets.token_hex(16)
    (jobs_dir() / stored).write_bytes(data)
    return stored


def mark_done(job: ReportJob, stored: str, name: str, mime: str) -> None:
    """Record the job done with its kept file (keep_file), downloadable until it expires."""
    job.result_file, job.result_name, job.result_mime = stored, name, mime
    job.status, job.progress, job.error = JobStatus.DONE, 100, None
    job.finished_at = utcnow()
    job.expires_at = job.finished_at + keep_for()
    db.session().flush()


def result_path(job: ReportJob) -> Path | None:
    """Return the finished file, or None when there is none or it has expired."""
    if job.status is not JobStatus.DONE or job.result_file is None or job.is_expired(utcnow()):
        return None
    path = jobs_dir() / job.result_file
    return path if path.is_file() else None


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the files of expired jobs (the rows stay, for the record); return how many."""
    moment = now or utcnow()
    statement = select(ReportJob).where(
        ReportJob.expires_at <= moment,
        ReportJob.result_file.is_not(None),
        ReportJob.edition.is_(None),  # a published edition is kept for good (editions)
    )
    count = 0
    for job in db.session().scalars(statement):
        if job.result_file is not None:
            (jobs_dir() / job.result_file).unlink(missing_ok=True)
        job.result_file = None
        count += 1
    db.session().flush()
    return count
