"""Deadline rules: when a deadline may be set, whether it has passed, who may still submit.

"Today" is the Beijing date: a deadline of 31 March holds until midnight in Beijing.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import select

from rcapp import db
from rcapp.clock import beijing_day
from rcapp.cycles.models import LateAllowance, ReportingCycle
from rcapp.errors import RcappError


class DeadlineProblem(enum.StrEnum):
    BEFORE_OPENING = "before_opening"
    IN_THE_PAST = "in_the_past"


class InvalidDeadline(RcappError):
    def __init__(self, problem: DeadlineProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def deadline_problem(
    deadline: dt.date, opened_on: dt.date, today: dt.date
) -> DeadlineProblem | None:
    """Why `deadline` cannot be set for a cycle opened on `opened_on`, or None if it can.

    The deadline may be today (submissions close at the end of that day) but not earlier,
    and never before the cycle opened.
    """
    if deadline < opened_on:
        return DeadlineProblem.BEFORE_OPENING
    if deadline < today:
        return DeadlineProblem.IN_THE_PAST
    return None


def opened_on(cycle: ReportingCycle) -> dt.date:
    return beijing_day(cycle.created_at)


def has_passed(cycle: ReportingCycle, today: dt.date) -> bool:
    return today > cycle.deadline


def days_left(cycle: ReportingCycle, today: dt.date) -> int:
    """Whole days until the deadline: 0 on the day itself, negative once it has passed."""
    return (cycle.deadline - today).days


def is_late(cycle: ReportingCycle, submitted_at: dt.datetime | None) -> bool:
    """Tell whether a submission came after the deadline day (Beijing time)."""
    return submitted_at is not None and beijing_day(submitted_at) > cycle.deadline


def find_allowance(cycle_id: int, organisation_id: int) -> LateAllowance | None:
    return db.session().scalar(
        select(LateAllowance).where(
            LateAllowance.cycle_id == cycle_id, LateAllowance.organisation_id == organisation_id
        )
    )


def may_submit_now(cycle: ReportingCycle, organisation_id: int, today: dt.date) -> bool:
    """Before the deadline anyone may submit; after it only with the secretariat's allowance."""
    return not has_passed(cycle, today) or find_allowance(cycle.id, organisation_id) is not None


def allowed_organisations(cycle_id: int) -> set[int]:
    rows = db.session().scalars(
        select(LateAllowance.organisation_id).where(LateAllowance.cycle_id == cycle_id)
    )
    return set(rows)
