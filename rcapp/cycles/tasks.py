"""The cycles' work on the task queue: closing a year, and the daily automatic reminders.

Closing: freezing a thousand results takes about a minute. The web asks for the close
(services.start_closing, at once: nothing can be saved or submitted any more) and hands the
freezing to the worker, which commits after every chunk of results. A close that failed or
was cut off is run again from the cycle's page; it continues where it stopped.

Reminders: the worker's scheduler starts `remind_before_deadlines` every hour of the Beijing
working day; a round the worker missed goes out at its next run (auto_reminders.due_round).
"""

from __future__ import annotations

import datetime as dt
import logging

from flask import current_app
from huey import crontab

from rcapp import db
from rcapp.accounts.models import User
from rcapp.clock import beijing_today
from rcapp.cycles import auto_reminders, services
from rcapp.cycles.models import ReportingCycle
from rcapp.mail.tasks import deliver_outbox
from rcapp.queue import app_periodic_task, app_task

logger = logging.getLogger(__name__)


# The close page offers to restart the freezing once no result has been frozen for this long:
# a chunk takes seconds, so ten quiet minutes mean the worker is down or the task was lost.
FREEZE_STUCK_AFTER = dt.timedelta(minutes=10)


def freeze_looks_stuck(moved_at: dt.datetime | None, now: dt.datetime) -> bool:
    """Tell whether a close under way has made no progress for FREEZE_STUCK_AFTER.

    `moved_at`: when it last moved (the close asked, or the latest result frozen since);
    None (not known) counts as stuck, so the restart is never out of reach.
    """
    if moved_at is None:
        return True
    if moved_at.tzinfo is None:  # SQLite returns naive UTC
        moved_at = moved_at.replace(tzinfo=dt.UTC)
    return now - moved_at >= FREEZE_STUCK_AFTER


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


# 01:00-10:00 UTC is 09:00-18:00 in Beijing (UTC+8 all year): its working day. Hourly, so
# a worker down at 09:00 (a restart, a deploy) still sends the day's round when it is back.
@app_periodic_task(crontab(minute="0", hour="1-10"))
def remind_before_deadlines() -> int:
    """Send the automatic reminders due (REMINDER_DAYS_BEFORE); return how many messages.

    The first run of a reminder day sends its round; the later ones find nothing due.
    Committed before delivery is queued, so the worker that delivers finds the messages.
    """
    days = auto_reminders.days_before(current_app.config)
    if not days:
        return 0
    rounds = auto_reminders.remind_due(beijing_today(), days)
    db.session().commit()
    messages = sum(r.messages for r in rounds)
    if messages:
        deliver_outbox()
    return messages
