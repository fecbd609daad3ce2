"""Peer-group benchmarks computed on the task queue, when the secretariat asks for them.

An open year's statistics change as organisations submit: the secretariat computes them
again from the year's page when it wants the KPI gates and the position pages to use the
latest figures, and a working group's lead or deputy from the group's side-by-side page
when members changed since (closing the year computes them once more and freezes them).

One computation of a year waits in the queue at a time: a request while one waits is not
queued again (a marker in the queue's store, queue_marker, taken off when it starts).
"""

from __future__ import annotations

import datetime as dt
import logging

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.services import record
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from rcapp.queue import app_task
from rcapp.queue_marker import mark_queued, queued_at, unmark

logger = logging.getLogger(__name__)

REQUEST_ACTION = "benchmarks.request"  # asked from the year's page or a group's page
MARKER_PREFIX = "rcapp.benchmarks-compute:"
MARKER_STALE = 3600.0  # seconds: a computation queued this long ago and not started is lost


def marker(cycle_id: int) -> str:
    return f"{MARKER_PREFIX}{cycle_id}"


def request_compute(cycle: ReportingCycle, actor: User | None) -> bool:
    """Log the request in the audit log, commit it, then hand the computation to the worker.

    The request is logged apart from the computation (which logs "benchmarks" when it runs),
    so the log shows who asked even when the worker has not run it yet. False, and nothing
    logged or queued, when a computation of the year already waits in the queue.
    """
    if not mark_queued(marker(cycle.id), MARKER_STALE):
        return False
    try:
        record(actor, "cycle", cycle.id, REQUEST_ACTION)
        db.session().commit()
    except BaseException:
        unmark(marker(cycle.id))  # not queued: the next request may queue it
        raise
    compute_in_background(cycle.id, None if actor is None else actor.id)
    return True


def compute_queued_at(cycle_id: int) -> dt.datetime | None:
    """When the computation of the year waiting in the queue was asked for (None: none waits)."""
    queued = queued_at(marker(cycle_id))
    return None if queued is None else dt.datetime.fromtimestamp(queued, dt.UTC)


@app_task()
def compute_in_background(cycle_id: int, actor_id: int | None) -> None:
    unmark(marker(cycle_id))  # from now on a new request queues a new computation
    session = db.session()
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None or not cycle.is_open:
        return  # a closed year keeps the statistics frozen with it
    actor = None if actor_id is None else session.get(User, actor_id)
    groups = compute_benchmarks(cycle, actor)
    logger.info("Cycle %s: benchmarks computed in the background, %d groups", cycle_id, groups)
