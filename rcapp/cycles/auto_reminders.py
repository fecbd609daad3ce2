"""Automatic reminders: on set days before an open cycle's deadline, remind who has not submitted.

The worker runs `remind_due` every morning (cycles.tasks). It goes through the manual
reminder's own code (reminders.send_reminders with reminder_mail's text), so who is
reminded, in which language and at most once a day is decided in one place. Each cycle's
round is written to the audit log once a Beijing day ("remind.auto", no actor), which is
what the cycle pages show as the last round.

A late allowance carries no date of its own: it lets an organisation submit after the
cycle's deadline, so every organisation counts down to the cycle's deadline, and nobody is
reminded automatically once it has passed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.audit.models import AuditEntry
from rcapp.audit.queries import after_of, last_change
from rcapp.audit.services import record
from rcapp.clock import beijing_day
from rcapp.cycles import tally
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.cycles.reminder_mail import reminder_composer
from rcapp.cycles.reminders import send_reminders

logger = logging.getLogger(__name__)

DEFAULT_DAYS_BEFORE = (14, 7, 3, 1)
AUTO_ACTION = "remind.auto"


def days_before(config: Mapping[str, Any]) -> tuple[int, ...]:
    """Return the setting REMINDER_DAYS_BEFORE, largest first; () switches reminders off.

    0 is the deadline day itself (it holds until midnight); negative days are refused,
    as is anything but whole numbers, so a typo in the settings is not silently ignored.
    """
    value = config.get("REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE)
    if isinstance(value, int) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, Iterable) or isinstance(value, str | bytes):
        raise ValueError(f"REMINDER_DAYS_BEFORE: a list of days, not {value!r}")
    days = list(value)
    if not all(isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in days):
        raise ValueError(f"REMINDER_DAYS_BEFORE: whole days of 0 or more, not {value!r}")
    return tuple(sorted(set(days), reverse=True))


def next_reminder_day(
    deadline: dt.date, on_or_after: dt.date, days: Collection[int]
) -> dt.date | None:
    """Return the first reminder day from `on_or_after` on, None if none is left."""
    upcoming = [deadline - dt.timedelta(days=d) for d in days]
    return min((day for day in upcoming if day >= on_or_after), default=None)


@dataclass(frozen=True)
class CycleRound:
    cycle_id: int
    organisations: int  # reached by at least one message this run
    messages: int


def remind_due(today: dt.date, days: Collection[int]) -> list[CycleRound]:
    """Remind, for every open cycle whose deadline is `days` away from `today`; flush only.

    `today` is the Beijing day of the run; the once-a-day rule counts that same day.
    """
    cycles = db.session().scalars(
        select(ReportingCycle)
        .where(ReportingCycle.status == CycleStatus.OPEN)
        .order_by(ReportingCycle.year)
    )
    return [remind_cycle(cycle, today) for cycle in cycles if (cycle.deadline - today).days in days]


def remind_cycle(cycle: ReportingCycle, today: dt.date) -> CycleRound:
    """Remind each organisation of the cycle that has not submitted (not started, draft, returned).

    The audit entry is written once a Beijing day; a second run adds only what the
    once-a-day rule let through (its "remind" entry, like a manual round's, names them).
    """
    waiting = [row.organisation for row in tally.open_rows(cycle_results().roster(cycle, today))]
    sent = send_reminders(cycle, waiting, None, reminder_composer(cycle))
    reached = {m.organisation_id for m in sent.messages}
    found = last_round(cycle.id)
    if found is None or beijing_day(found.at) != today:  # a second run the same day: one entry
        after = {
            "days_left": (cycle.deadline - today).days,
            "organisations_reminded": len(reached),
            "messages": len(sent.messages),
        }
        record(None, "cycle", cycle.id, AUTO_ACTION, after=after)
        db.session().flush()
    logger.info(
        "Cycle %s: automatic reminders to %d of %d open organisations (%d messages)",
        cycle.id,
        len(reached),
        len(waiting),
        len(sent.messages),
    )
    return CycleRound(cycle.id, len(reached), len(sent.messages))


def last_round(cycle_id: int) -> AuditEntry | None:
    return last_change("cycle", cycle_id, None, (AUTO_ACTION,))


@dataclass(frozen=True)
class Schedule:
    """What the cycle pages say about the automatic reminders of one cycle."""

    days: tuple[int, ...]  # () when switched off
    next_on: dt.date | None
    last_at: dt.datetime | None
    last_organisations: int = 0
    last_messages: int = 0


def schedule_of(cycle: ReportingCycle, today: dt.date, days: tuple[int, ...]) -> Schedule:
    """Return the next reminder day (tomorrow's on if today's round ran) and the last round."""
    found = last_round(cycle.id)
    start = today
    if found is not None and beijing_day(found.at) == today:
        start = today + dt.timedelta(days=1)
    next_on = next_reminder_day(cycle.deadline, start, days) if cycle.is_open else None
    if found is None:
        return Schedule(days, next_on, None)
    after = after_of(found) or {}
    return Schedule(
        days,
        next_on,
        found.at,
        int(after.get("organisations_reminded", 0)),
        int(after.get("messages", 0)),
    )
