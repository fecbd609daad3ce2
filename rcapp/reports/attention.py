"""How many background tasks need the secretariat: the count on its 后台任务 link.

Failed report jobs still kept (not yet retried), jobs stalled by the rules of the jobs list
(job_words.stall: queued with no sign of a worker, or running without progress), and park
result refreshes that failed or wait unstarted (park_refresh). Counted on every page the
secretariat opens, so cheaply: one count over the job rows and one read of the queue's
store for the refreshes; nothing for any other role (web.nav_key asks only for the
secretariat).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from rcapp import db
from rcapp.assessments.park_refresh import refreshes_needing_attention
from rcapp.db import utcnow
from rcapp.queue import STALLED_AFTER
from rcapp.reports.job_words import QUIET_AFTER, SCORECARD_QUIET_AFTER
from rcapp.reports.jobs import NOT_BY_A_WORKER, keep_for
from rcapp.reports.models import JobKind, JobStatus, ReportJob


def jobs_needing_attention(now: dt.datetime | None = None) -> int:
    """Return the number of failed or stalled jobs and park refreshes."""
    moment = now or utcnow()
    return _job_count(moment) + refreshes_needing_attention(moment.timestamp())


def _job_count(now: dt.datetime) -> int:
    """Count the job rows the jobs list shows failed or marks stalled, in one statement."""
    worker = aliased(ReportJob)
    # A worker that showed life within the limit is busy, not missing (jobs.worker_last_seen).
    worker_alive = exists().where(
        worker.status != JobStatus.QUEUED,
        or_(worker.error.is_(None), worker.error.not_in(NOT_BY_A_WORKER)),
        worker.updated_at > now - STALLED_AFTER,
    )
    scorecard = ReportJob.kind == JobKind.SCORECARD
    needing = or_(
        and_(ReportJob.status == JobStatus.FAILED, ReportJob.updated_at > now - keep_for()),
        and_(
            ReportJob.status == JobStatus.QUEUED,
            ReportJob.updated_at <= now - STALLED_AFTER,
            ~worker_alive,
        ),
        and_(
            ReportJob.status == JobStatus.RUNNING,
            or_(
                and_(scorecard, ReportJob.updated_at <= now - SCORECARD_QUIET_AFTER),
                and_(~scorecard, ReportJob.updated_at <= now - QUIET_AFTER),
            ),
        ),
    )
    return db.session().scalar(select(func.count()).select_from(ReportJob).where(needing)) or 0


class KeptCount:
    """A count kept for `seconds` in this process, then counted afresh; `clear` forgets it.

    A job failing or stalling shows on the badge at most `seconds` late; 0 counts every time.
    `clock` is monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        count: Callable[[], int],
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._count = count
        self.seconds = seconds
        self._clock = clock
        self._kept: tuple[float, int] | None = None
        self._lock = threading.Lock()  # threaded workers share the process

    def __call__(self) -> int:
        now = self._clock()
        with self._lock:
            kept = self._kept
        if kept is not None and now - kept[0] < self.seconds:
            return kept[1]
        value = self._count()
        with self._lock:
            self._kept = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._kept = None
