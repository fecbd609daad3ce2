"""A moved deadline: tell the organisations that still have to submit their new last day.

Reminders already sent name the old day; an organisation whose own deadline the change
moves (earlier or later) is told the new one, through the outbox like a reminder. Those
that submitted, whose commitment is paused, or whose late allowance still runs past both
days (their own deadline does not change) are not written to.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from flask_babel import gettext as _

from rcapp.clock import beijing_today
from rcapp.cycles.assessment_users import notify_assessment_users
from rcapp.cycles.deadline_words import last_day
from rcapp.cycles.deadlines import OwnDeadline
from rcapp.links import external_url
from rcapp.organisations.models import Organisation

if TYPE_CHECKING:
    from rcapp.accounts.models import User
    from rcapp.cycles.models import ReportingCycle

KIND = "deadline.change"


class WaitingRow(Protocol):
    """What moved_for needs of a roster row (rcapp.assessments.roster_rows.RosterRow)."""

    @property
    def organisation(self) -> Organisation: ...
    @property
    def remindable(self) -> bool: ...
    @property
    def late_allowed(self) -> bool: ...
    @property
    def late_until(self) -> dt.date | None: ...


def moved_for(rows: Iterable[WaitingRow], before: dt.date, after: dt.date) -> list[WaitingRow]:
    """Return the rows still to submit whose own deadline moving `before` -> `after` changes."""
    return [
        row
        for row in rows
        if row.remindable
        and OwnDeadline(before, row.late_allowed, row.late_until).day
        != OwnDeadline(after, row.late_allowed, row.late_until).day
    ]


def queue_deadline_notices(
    cycle: ReportingCycle,
    before: dt.date,
    rows: Sequence[WaitingRow],
    actor: User | None,
) -> int:
    """Queue each row's organisation its own new last day (cycle moved from `before`).

    Return how many organisations were told (one with no active user is not).
    """
    today = beijing_today()
    told = 0
    for row in rows:
        organisation = row.organisation
        old = OwnDeadline(before, row.late_allowed, row.late_until).day
        new = OwnDeadline(cycle.deadline, row.late_allowed, row.late_until).day

        def subject(
            lang: str, organisation: Organisation = organisation, new: dt.date = new
        ) -> str:
            return str(
                _(
                    "%(year)d 年度自评截止日期已改为 %(date)s：%(name)s",
                    year=cycle.year,
                    date=last_day(new),
                    name=organisation.display_name(lang),
                )
            )

        reached = notify_assessment_users(
            KIND,
            organisation,
            "mail/deadline_changed.txt",
            subject,
            cycle_id=cycle.id,
            actor=actor,
            year=cycle.year,
            old=old,
            new=new,
            past=new < today,
            link=external_url("home.index"),
        )
        told += 1 if reached else 0
    return told
