"""Deadline rules: when a deadline may be set, whether it has passed, who may still submit.

"Today" is the Beijing date: a deadline of 31 March holds until midnight in Beijing. A late
allowance extends one organisation's deadline to its `until` day (held until that day's
midnight too); an allowance without a date (granted before dates existed) never ends.
The allowances' own rules (when one may be granted, to which day) are in late_allowances.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from rcapp.clock import beijing_day, years_after
from rcapp.cycles.late_allowances import allowances_of, find_allowance
from rcapp.cycles.models import ReportingCycle
from rcapp.errors import RcappError


class DatedCycle(Protocol):
    """What the deadline rules read of a cycle: the ORM row, or a page's plain facts of it."""

    @property
    def id(self) -> int: ...
    @property
    def deadline(self) -> dt.date: ...


class DeadlineProblem(enum.StrEnum):
    BEFORE_OPENING = "before_opening"


class InvalidDeadline(RcappError):
    def __init__(self, problem: DeadlineProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def deadline_problem(
    deadline: dt.date, opened_on: dt.date, today: dt.date
) -> DeadlineProblem | None:
    """Why `deadline` cannot be set for a cycle opened on `opened_on`, or None if it can.

    Any day from the opening on, past days included: a deadline that has in fact passed
    (a year opened late, a mistyped day corrected afterwards) can be recorded. A cycle being
    opened opens today, so its deadline is today at the earliest. The page asks to confirm
    a day that makes organisations late (newly_overdue).
    """
    if deadline < opened_on:
        return DeadlineProblem.BEFORE_OPENING
    return None


class RowDeadline(Protocol):
    """What newly_overdue needs of a roster row (rcapp.assessments.roster_rows.RosterRow)."""

    @property
    def is_open(self) -> bool: ...
    @property
    def late(self) -> bool: ...
    @property
    def late_allowed(self) -> bool: ...
    @property
    def late_until(self) -> dt.date | None: ...


Row = TypeVar("Row", bound=RowDeadline)


def newly_overdue(rows: Iterable[Row], deadline: dt.date, today: dt.date) -> list[Row]:
    """Return the rows not submitted that a cycle deadline of `deadline` would make late.

    Late now already, or kept able to submit by a running allowance: not listed.
    """
    return [
        row
        for row in rows
        if row.is_open
        and not row.late
        and not OwnDeadline(deadline, row.late_allowed, row.late_until).may_submit(today)
    ]


class RowSubmission(Protocol):
    """What kept_on_time needs of a roster row (rcapp.assessments.roster_rows.RosterRow)."""

    @property
    def is_open(self) -> bool: ...
    @property
    def late(self) -> bool: ...
    @property
    def submitted_at(self) -> dt.datetime | None: ...


Submitted = TypeVar("Submitted", bound=RowSubmission)


def kept_on_time(rows: Iterable[Submitted], deadline: dt.date) -> list[Submitted]:
    """Return the rows submitted on time, but after a cycle deadline of `deadline`.

    Lateness is judged at submit against the deadline then in force (submitted_after_
    deadline), so a deadline moved before their submission leaves them on time; the page
    that moves it names them, so that nobody reads their submission time as late (QA17 D7).
    """
    return [
        row
        for row in rows
        if not row.is_open
        and not row.late
        and row.submitted_at is not None
        and submitted_after_deadline(deadline, row.submitted_at)
    ]


def opened_on(cycle: ReportingCycle) -> dt.date:
    return beijing_day(cycle.created_at)


def days_left(cycle: ReportingCycle, today: dt.date) -> int:
    """Whole days until the deadline: 0 on the day itself, negative once it has passed."""
    return (cycle.deadline - today).days


@dataclass(frozen=True)
class OwnDeadline:
    """The day one organisation must submit by: the cycle's, or later with an allowance."""

    cycle_deadline: dt.date
    allowed: bool  # the secretariat allowed a late submission
    until: dt.date | None = None  # the allowance's last day; None: no end date

    @property
    def day(self) -> dt.date:
        """Return the last day to submit; the cycle's if the allowance has no end date.

        A cycle deadline moved past the allowance's day wins: nobody's deadline shrinks.
        """
        if self.allowed and self.until is not None:
            return max(self.cycle_deadline, self.until)
        return self.cycle_deadline

    @property
    def extended(self) -> bool:
        return self.day > self.cycle_deadline

    @property
    def open_ended(self) -> bool:
        return self.allowed and self.until is None

    def may_submit(self, today: dt.date) -> bool:
        """Until the end of the own deadline day; forever with an allowance without date."""
        return self.open_ended or today <= self.day

    def days_left(self, today: dt.date) -> int:
        return (self.day - today).days

    def allowance_over(self, today: dt.date) -> bool:
        """Tell whether a dated allowance has ended: the organisation can no longer submit."""
        return self.allowed and not self.may_submit(today)


def submitted_after_deadline(cycle_deadline: dt.date, submitted_at: dt.datetime) -> bool:
    """Tell whether a submission came after the cycle's deadline in force at that moment.

    The one rule of 逾期提交 (submitted late): such a submission needed the secretariat's
    allowance. It is judged once, at submit (services.submit_assessment stores it in
    Assessment.submitted_late), so moving the deadline afterwards relabels nobody.
    """
    return beijing_day(submitted_at) > cycle_deadline


def is_late(
    deadline: OwnDeadline, today: dt.date, *, submitted: bool, submitted_late: bool
) -> bool:
    """Tell whether a row is late (逾期): the one rule for every page and count.

    Submitted: as judged at submit (submitted_after_deadline), an extension's included.
    Not submitted: the own deadline has passed, so an organisation within its extension
    is not late yet, and one past it is.
    """
    if submitted:
        return submitted_late
    return not deadline.may_submit(today)


def own_deadline(cycle: DatedCycle, organisation_id: int) -> OwnDeadline:
    allowance = find_allowance(cycle.id, organisation_id)
    if allowance is None:
        return OwnDeadline(cycle.deadline, False)
    return OwnDeadline(cycle.deadline, True, allowance.until)


def may_submit_now(cycle: DatedCycle, organisation_id: int, today: dt.date) -> bool:
    """Until the organisation's own deadline: the cycle's, or its extension's later day.

    An extension never shortens the cycle's deadline (OwnDeadline.day), so until that day the
    allowance is not read: a section save asks this inside its write lock.
    """
    return today <= cycle.deadline or own_deadline(cycle, organisation_id).may_submit(today)


@dataclass(frozen=True)
class OwnDeadlines:
    """A cycle's own deadlines: the allowed organisations' and, for the others, the cycle's."""

    cycle_deadline: dt.date
    allowed: Mapping[int, OwnDeadline]

    def of(self, organisation_id: int) -> OwnDeadline:
        found = self.allowed.get(organisation_id)
        return found if found is not None else OwnDeadline(self.cycle_deadline, False)


def own_deadlines(cycle: ReportingCycle) -> OwnDeadlines:
    """Read every allowance of `cycle` at once, for pages and mails about many organisations."""
    return OwnDeadlines(
        cycle.deadline,
        {
            organisation_id: OwnDeadline(cycle.deadline, True, until)
            for organisation_id, until in allowances_of(cycle.id).items()
        },
    )


def latest_deadline(opened: dt.date) -> dt.date:
    """Return the last day the deadline form accepts: one year after the cycle opened.

    A round runs for a few months (journeys: opened in January, due in March); a later day
    is a typing slip (9999-12-31, 2207) that would show "还剩 2912105 天" on every home page.
    The command line and the demo are not limited (services.open_cycle).
    """
    return years_after(opened, 1)
