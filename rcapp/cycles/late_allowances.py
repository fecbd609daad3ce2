"""Late-allowance rules (逾期提交许可): which allowances exist and run, and to which day.

The secretariat may allow one organisation to submit after the cycle's deadline, until a
day of its own (LateAllowance.until; None for an allowance granted before dates existed).
What an allowance does to that organisation's deadline is in deadlines (OwnDeadline).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection

from sqlalchemy import select

from rcapp import db
from rcapp.clock import years_after
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.errors import RcappError


def find_allowance(cycle_id: int, organisation_id: int) -> LateAllowance | None:
    return db.session().scalar(
        select(LateAllowance).where(
            LateAllowance.cycle_id == cycle_id, LateAllowance.organisation_id == organisation_id
        )
    )


def allowances_of(cycle_id: int) -> dict[int, dt.date | None]:
    """Organisations allowed to submit late, with the allowance's last day (None: no end)."""
    rows = db.session().execute(
        select(LateAllowance.organisation_id, LateAllowance.until).where(
            LateAllowance.cycle_id == cycle_id
        )
    )
    return {row.organisation_id: row.until for row in rows}


class LateDateProblem(enum.StrEnum):
    IN_THE_PAST = "in_the_past"
    BEFORE_DEADLINE = "before_deadline"
    TOO_LATE = "too_late"


class InvalidLateDate(RcappError):
    def __init__(self, problem: LateDateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def late_date_problem(
    until: dt.date, deadline: dt.date, today: dt.date, reopened: dt.date | None = None
) -> LateDateProblem | None:
    """Why a late allowance cannot end on `until`, or None if it can.

    Not in the past (it may be today), not before the cycle's deadline, which would take
    away days everyone else has, and not after latest_late_date (a mistyped year).
    `reopened`: the day the year was last reopened (cycles.reopened), if it was.
    """
    if until < today:
        return LateDateProblem.IN_THE_PAST
    if until < deadline:
        return LateDateProblem.BEFORE_DEADLINE
    if until > latest_late_date(deadline, reopened):
        return LateDateProblem.TOO_LATE
    return None


def latest_late_date(deadline: dt.date, reopened: dt.date | None = None) -> dt.date:
    """Return the last day an allowance may run to: one year after the cycle's deadline.

    By then the year has long been closed and reported (journeys: closed in June), and the
    next year's round is under way; a later day is a typing slip, such as 2099. A year
    reopened later than its deadline (to correct data) counts the year from the reopening:
    counted from the deadline, the bound had passed and no extension could be granted.
    """
    return years_after(max(deadline, reopened or deadline), 1)


def running_allowances(
    cycle: ReportingCycle, organisation_ids: Collection[int], today: dt.date
) -> dict[int, dt.date | None]:
    """Return these organisations' allowances still running today (None: without an end).

    What closing the year now would cut short: the close page names them first.
    """
    wanted = set(organisation_ids)
    return {
        organisation_id: until
        for organisation_id, until in allowances_of(cycle.id).items()
        if organisation_id in wanted
        and (until is None or (until >= today and until > cycle.deadline))
    }


def superseded_allowances(cycle_id: int, deadline: dt.date) -> list[LateAllowance]:
    """Return the dated allowances a cycle deadline of `deadline` makes pointless.

    An allowance ending on or before the cycle's deadline gives no day more: changing the
    deadline ends them (services.change_deadline), so the list shows one date, the deadline.
    """
    return list(
        db.session().scalars(
            select(LateAllowance).where(
                LateAllowance.cycle_id == cycle_id,
                LateAllowance.until.is_not(None),
                LateAllowance.until <= deadline,
            )
        )
    )


class LateRefusal(enum.StrEnum):
    """Why an organisation cannot be given an extension now (late_refusal)."""

    SUBMITTED = "submitted"


def late_refusal(*, submitted: bool) -> LateRefusal | None:
    """Tell why the late form refuses an organisation, or None if it may be given an extension.

    Submitted: there is nothing left to submit. Before the cycle's deadline an extension may
    be granted too: a company that asks ahead for more time is answered at once, and its
    reminders and mails count down to its own day from then on (QA, December 2026).
    """
    if submitted:
        return LateRefusal.SUBMITTED
    return None


LATE_DAYS_OFFERED = 14


def offered_late_date(deadline: dt.date, today: dt.date) -> dt.date:
    """Two weeks after today or after the deadline, whichever is later: the form's default."""
    return max(today, deadline) + dt.timedelta(days=LATE_DAYS_OFFERED)


def late_state(allowance: LateAllowance | None) -> str:
    """Name an allowance's state for the late form's `shown` field: "", "open" or its day."""
    if allowance is None:
        return ""
    return allowance.until.isoformat() if allowance.until is not None else "open"
