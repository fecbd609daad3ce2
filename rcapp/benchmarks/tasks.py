"""Peer-group benchmarks computed on the task queue, when the secretariat asks for them.

An open year's statistics change as organisations submit: the secretariat computes them
again from the year's page when it wants the KPI gates and the position pages to use the
latest figures (closing the year computes them once more and freezes them).
"""

from __future__ import annotations

import logging

from rcapp import db
from rcapp.accounts.models import User
from rcapp.audit.services import record
from rcapp.benchmarks.services import compute_benchmarks
from rcapp.cycles.models import ReportingCycle
from rcapp.queue import app_task

logger = logging.getLogger(__name__)

REQUEST_ACTION = "benchmarks.request"  # the secretariat asked from the year's page


def request_compute(cycle: ReportingCycle, actor: User | None) -> None:
    """Log the request in the audit log, commit it, then hand the computation to the worker.

    The request is logged apart from the computation (which logs "benchmarks" when it runs),
    so the log shows who asked even when the worker has not run it yet.
    """
    record(actor, "cycle", cycle.id, REQUEST_ACTION)
    db.session().commit()
    enqueue_compute(cycle, actor)


def enqueue_compute(cycle: ReportingCycle, actor: User | None) -> None:
    """Hand the computation to the worker (call after committing)."""
    compute_in_background(cycle.id, None if actor is None else actor.id)


@app_task()
def compute_in_background(cycle_id: int, actor_id: int | None) -> None:
    session = db.session()
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None or not cycle.is_open:
        return  # a closed year keeps the statistics frozen with it
    actor = None if actor_id is None else session.get(User, actor_id)
    groups = compute_benchmarks(cycle, actor)
    logger.info("Cycle %s: benchmarks computed in the background, %d groups", cycle_id, groups)
