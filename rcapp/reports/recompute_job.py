"""The recomputation of an open year's stored results, as a report job on the task queue.

The secretariat starts it from the year's page (after confirming), the operator with
`rcapp results recompute`; the work is reviews.recompute.recompute_year. The job has no
file: its `params` keep what it found (how many results, which ratings changed), shown on
its page. One recomputation of a year at a time: asking while one is queued or running
gives that one. The job commits a chunk at a time, with what it found so far. It records
its worker (host, pid, start) as a report job does, so a killed worker's job is marked
interrupted when a worker starts again, not ~30 minutes on (jobs.fail_lost_jobs).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import User
from rcapp.assessments.recompute import ResultChange
from rcapp.benchmarks.services import lock_cycle
from rcapp.cycles.models import ReportingCycle
from rcapp.db import utcnow
from rcapp.errors import InvalidState
from rcapp.organisations.models import Organisation
from rcapp.queue import app_task
from rcapp.reports import job_words
from rcapp.reports.jobs import mark_running, params_of, request_job
from rcapp.reports.models import JobKind, JobStatus, ReportJob
from rcapp.reviews.recompute import YearRecomputed, recompute_year

logger = logging.getLogger(__name__)


def start_recompute(cycle: ReportingCycle, actor: User, lang: str = "zh") -> tuple[ReportJob, bool]:
    """Record a queued recomputation of `cycle`, or return the one under way (and False).

    InvalidState if the year is not open. The caller commits, then enqueues a new job.
    """
    if not cycle.is_open:
        raise InvalidState("cycle", cycle.status.value, "recompute")
    lock_cycle(cycle.id)  # two secretaries asking at once: the second finds the first's job
    active = active_job(cycle)
    if active is not None:
        return active, False
    return request_job(JobKind.RECOMPUTE, actor, cycle=cycle, lang=lang), True


def active_job(cycle: ReportingCycle) -> ReportJob | None:
    """Return the year's recomputation queued or running, if there is one."""
    statement = (
        select(ReportJob)
        .where(
            ReportJob.kind == JobKind.RECOMPUTE,
            ReportJob.cycle_id == cycle.id,
            ReportJob.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
        )
        .order_by(ReportJob.id)
    )
    return db.session().scalars(statement).first()


@app_task()
def run_recompute_job(job_id: int) -> None:
    session = db.session()
    job = session.get(ReportJob, job_id)
    if job is None or job.status is not JobStatus.QUEUED:
        return  # deleted, or already run by another worker
    earlier = params_of(job).get("changes", [])  # a retry keeps what the failed run changed
    mark_running(job)  # with this worker's identity: a killed worker's job is freed at once
    session.commit()
    cycle = session.get(ReportingCycle, job.cycle_id) if job.cycle_id else None
    actor = session.get(User, job.requested_by_id) if job.requested_by_id else None

    def checkpoint(found: YearRecomputed) -> None:
        # What it found so far, beside what the params already hold (the worker's identity).
        job.params = json.dumps({**params_of(job), **kept(found, earlier)}, ensure_ascii=False)
        session.commit()

    def progress(done: int, total: int) -> None:
        job.progress = min(99, done * 100 // max(total, 1))

    try:
        if cycle is None:
            raise LookupError(f"reporting cycle {job.cycle_id} no longer exists")
        recompute_year(cycle, actor, checkpoint, progress)
    except Exception as exc:  # a job must end DONE or FAILED; the traceback goes to the log
        session.rollback()
        failed_at = utcnow()
        number = job_words.error_number(job_id, failed_at)
        logger.exception("Recompute job %s failed (error number %s)", job_id, number)
        job.status, job.updated_at = JobStatus.FAILED, failed_at
        job.error = (
            job_words.YEAR_CLOSED
            if isinstance(exc, InvalidState)
            else (job_words.failure_kind(exc))
        )
        session.commit()
        return
    job.status, job.progress, job.error = JobStatus.DONE, 100, None
    job.finished_at = utcnow()
    session.commit()
    logger.info("Recompute job %s finished", job_id)


def kept(found: YearRecomputed, earlier: list[Any] | None = None) -> dict[str, Any]:
    """Return what the job keeps in `params`: the counts and every rewritten result."""
    return {
        "year": found.year,
        "results": found.results,
        "rewritten": len(found.rewritten),
        "statistics": found.statistics,
        # Every rewritten result, not only changed ratings: a rewrite may move a score or
        # only other figures (a KPI), and the page names each one (qa23 S5).
        "changes": [*(earlier or []), *(_change(c) for c in found.rewritten)],
    }


def _change(change: ResultChange) -> dict[str, Any]:
    return {
        "assessment_id": change.assessment_id,
        "organisation_id": change.organisation_id,
        "kind": change.kind,
        "before": [change.stars_before, change.rated_before, _score(change.score_before)],
        "after": [change.stars_after, change.rated_after, _score(change.score_after)],
    }


def _score(score: Decimal | None) -> str | None:
    return None if score is None else str(score)


@dataclass(frozen=True)
class ShownChange:
    """One rewritten result as the job's page lists it."""

    organisation: Organisation | None
    kind: str  # "self" or "final"
    stars_before: int
    rated_before: bool
    score_before: str | None
    stars_after: int
    rated_after: bool
    score_after: str | None

    @property
    def rating_changed(self) -> bool:
        return (self.stars_before, self.rated_before) != (self.stars_after, self.rated_after)

    @property
    def score_changed(self) -> bool:
        return _number(self.score_before) != _number(self.score_after)


def _number(score: str | None) -> Decimal | None:
    return None if score is None else Decimal(score)


def shown_changes(job: ReportJob) -> list[ShownChange]:
    """Return the job's rewritten results with their organisations, in the order found."""
    changes = [c for c in params_of(job).get("changes", []) if isinstance(c, dict)]
    ids = {int(c.get("organisation_id") or 0) for c in changes}
    found = db.session().scalars(select(Organisation).where(Organisation.id.in_(ids)))
    organisations = {o.id: o for o in found}
    return [
        ShownChange(
            organisations.get(int(c.get("organisation_id") or 0)),
            str(c.get("kind")),
            *c.get("before", (0, False, None)),
            *c.get("after", (0, False, None)),
        )
        for c in changes
    ]


@dataclass(frozen=True)
class ShownRecompute:
    """What a recomputation job's page shows once it is done."""

    results: int
    rewritten: int
    statistics: bool
    changes: list[ShownChange]

    @property
    def rating_changes(self) -> int:
        return sum(1 for change in self.changes if change.rating_changed)


def shown_result(job: ReportJob) -> ShownRecompute | None:
    """Return a recomputation job's findings for its page (None for other kinds)."""
    if job.kind is not JobKind.RECOMPUTE:
        return None
    params = params_of(job)
    return ShownRecompute(
        results=int(params.get("results", 0)),
        rewritten=int(params.get("rewritten", 0)),
        statistics=bool(params.get("statistics", False)),
        changes=shown_changes(job),
    )
