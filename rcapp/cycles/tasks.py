"""Closing a year on the task queue: freezing a thousand results takes about a minute.

The web asks for the close (services.start_closing, at once: nothing can be saved or
submitted any more) and hands the freezing to the worker, which commits after every chunk
of results. A close that failed or was cut off is run again from the cycle's page; it
continues where it stopped.
"""

from __future__ import annotations

import logging

from rcapp import db
from rcapp.accounts.models import User
from rcapp.cycles import services
from rcapp.cycles.models import ReportingCycle
from rcapp.queue import app_task

logger = logging.getLogger(__name__)


def enqueue_close(cycle: ReportingCycle, actor: User | None) -> None:
    """Hand the freezing of a closing year to the worker (call after committing)."""
    close_in_background(cycle.id, None if actor is None else actor.id)


@app_task()
def close_in_background(cycle_id: int, actor_id: int | None) -> None:
    session = db.session()
    cycle = session.get(ReportingCycle, cycle_id)
    if cycle is None or not cycle.is_closing:
        return  # deleted, or already closed by an earlier run
    actor = None if actor_id is None else session.get(User, actor_id)
    # On failure the worker logs it and the cycle stays "closing": its page offers to run
    # the close again.
    frozen = services.finish_closing(cycle, actor, checkpoint=session.commit)
    logger.info("Cycle %s closed in the background: %d results frozen", cycle_id, frozen)
