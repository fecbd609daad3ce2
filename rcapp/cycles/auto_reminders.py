"""Automatic reminders: on set days before a deadline, remind who has not submitted.

The worker runs `remind_due` every hour of the Beijing working day (cycles.tasks). A round
is due on the latest reminder day up to today on which none has run yet (the day of the
cycle's last "remind.auto" audit entry tells), so a round the worker missed (down for a
deploy, say) goes out at its next run, once, as long as the deadline has not passed; two
missed rounds make one. Later runs the same day find nothing due.

Rounds go through the manual reminder's own code (reminders.send_reminders with
reminder_mail's text), so who is reminded, in which language and at most once a day is
decided in one place. Each round is written to the audit log ("remind.auto", no actor),
which is what the cycle pages show as the last round.

Every organisation counts down to its own deadline: the cycle's, or the day its late
allowance ends (deadlines.OwnDeadline), so an organisation allowed to submit late is still
reminded after the cycle's deadline. An allowance without an end date has no day of its
own: it counts down to the cycle's deadline.
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
from rcapp.cycles.deadlines import own_deadlines
from rcapp.cycles.hooks import cycle_results
from rcapp.cycles.models import CycleStatus, ReportingCycle
from rcapp.cycles.reminder_mail import reminder_composer, returned_days
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


def due_round(
    deadline: dt.date, today: dt.date, days: Collection[int], last_run: dt.date | None
) -> dt.date | None:
    """Return the reminder day whose round is due today, None if none is.

    That is the latest reminder day up to today, unless a round ran on it or since
    (`last_run`, the Beijing day of the last round), or the deadline has passed.
    """
    if today > deadline:
        return None
    passed = [deadline - dt.timedelta(days=d) for d in days]
    latest = max((day for day in passed if day <= today), default=None)
    if latest is None or (last_run is not None and last_run >= latest):
        return None
    return latest


@dataclass(frozen=True)
class CycleRound:
    cycle_id: int
    organisations: int  # reached by at least one message this run
    messages: int


def remind_due(today: dt.date, days: Collection[int]) -> list[CycleRound]:
    """Remind, for every open cycle with a round due `today` (see due_round); flush only.

    `today` is the Beijing day of the run; the once-a-day rule counts that same day.
    """
    cycles = db.session().scalars(
        select(ReportingCycle)
        .where(ReportingCycle.status == CycleStatus.OPEN)
        .order_by(ReportingCycle.year)
    )
    rounds = (remind_cycle(cycle, today, days) for cycle in cycles)
    return [r for r in rounds if r is not None]


def own_days(cycle: ReportingCycle) -> dict[int, dt.date]:
    """Return the day each organisation with a dated late allowance counts down to."""
    return {
        org_id: own.day
        for org_id, own in own_deadlines(cycle).allowed.items()
        if own.until is not None
    }


def waiting_days(cycle: ReportingCycle, today: dt.date) -> dict[int, dt.date]:
    """Return own_days of the organisations that would be reminded (RosterRow.remindable).

    Reminded: not submitted, and its commitment not suspended or withdrawn.

    An organisation that submitted within its allowance gets no more reminders, so its
    day must not make (or name) a round in which nobody is reminded.
    """
    own = own_days(cycle)
    if not own:
        return {}
    rows = cycle_results().roster(cycle, today, own.keys())
    waiting = {row.organisation.id for row in rows if row.remindable}
    return {org_id: day for org_id, day in own.items() if org_id in waiting}


def remind_cycle(cycle: ReportingCycle, today: dt.date, days: Collection[int]) -> CycleRound | None:
    """Remind the organisations of the cycle whose round is due and that have not submitted.

    One whose commitment is suspended or withdrawn is not reminded (RosterRow.remindable).

    Organisations are grouped by the deadline they count down to; None if no group has
    a round due. The round is audited even if nobody was left to remind: it has run.
    """
    found = last_round(cycle.id)
    last_run = beijing_day(found.at) if found is not None else None
    own = waiting_days(cycle, today)
    due = {
        d
        for d in {cycle.deadline, *own.values()}
        if due_round(d, today, days, last_run) is not None
    }
    if not due:
        return None
    rows = [r for r in cycle_results().roster(cycle, today) if r.remindable]
    rows = [r for r in rows if own.get(r.organisation.id, cycle.deadline) in due]
    waiting = [r.organisation for r in rows]
    sent = send_reminders(cycle, waiting, None, reminder_composer(cycle, returned_days(rows)))
    reached = {m.organisation_id for m in sent.messages}
    if _recorded_meanwhile(cycle.id, found):
        return CycleRound(cycle.id, len(reached), len(sent.messages))
    after: dict[str, Any] = {}
    if cycle.deadline in due:
        after["days_left"] = (cycle.deadline - today).days
    extended = sorted(d.isoformat() for d in due if d != cycle.deadline)
    if extended:
        after["extended_until"] = ", ".join(extended)
    after |= {"organisations_reminded": len(reached), "messages": len(sent.messages)}
    record(None, "cycle", cycle.id, AUTO_ACTION, after=after)
    db.session().flush()
    logger.info(
        "Cycle %s: automatic reminders to %d of %d organisations due (%d messages)",
        cycle.id,
        len(reached),
        len(waiting),
        len(sent.messages),
    )
    return CycleRound(cycle.id, len(reached), len(sent.messages))


def _recorded_meanwhile(cycle_id: int, found: AuditEntry | None) -> bool:
    """Tell whether another worker recorded a round since `found` was read.

    send_reminders holds the cycle's row, so a second worker starting the same round
    waits, sends nothing new (once a day) and must not record a second round either.
    """
    latest = last_round(cycle_id)
    return latest is not None and (found is None or latest.id != found.id)


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
    due_now: bool = False  # a round is due: it goes out at the next hourly run


def schedule_of(cycle: ReportingCycle, today: dt.date, days: tuple[int, ...]) -> Schedule:
    """Return the next round's day and the last round.

    Today while a round is due (on a reminder day, or one missed), else the next
    reminder day of the cycle's deadline or of the dated late allowance of an
    organisation that has not submitted (waiting_days): nobody else would be reminded.
    """
    found = last_round(cycle.id)
    last_run = beijing_day(found.at) if found is not None else None
    next_on = None
    due_now = False
    if cycle.is_open:
        deadlines = {cycle.deadline, *waiting_days(cycle, today).values()}
        due_now = any(due_round(d, today, days, last_run) for d in deadlines)
        if due_now:
            next_on = today
        else:
            tomorrow = today + dt.timedelta(days=1)
            upcoming = (next_reminder_day(d, tomorrow, days) for d in deadlines)
            next_on = min((d for d in upcoming if d is not None), default=None)
    if found is None:
        return Schedule(days, next_on, None, due_now=due_now)
    after = after_of(found) or {}
    return Schedule(
        days,
        next_on,
        found.at,
        int(after.get("organisations_reminded", 0)),
        int(after.get("messages", 0)),
        due_now,
    )
