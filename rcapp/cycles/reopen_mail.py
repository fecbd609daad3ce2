"""Reopening a year: take back the closure notices not sent yet, tell those told it is open again.

The close queues "year closed, no more changes" to the organisations it left unfinished
(close_mail). If the year is reopened before the worker sends them, they would tell the
opposite of the truth, so the unsent ones are deleted (the outbox has no "withdrawn" state;
the reopen's flash and audit entry say how many). Who is told of the reopening: the
organisations this close wrote to (sent or not), each to its active users now, with the day
they can submit until (its revived late allowance, else the year's deadline). Closing
again withdraws the unsent "reopened" notices in turn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import select

from rcapp import db
from rcapp.clock import beijing_today
from rcapp.cycles.close_mail import KIND as CLOSE_KIND
from rcapp.cycles.reminders import recipients_of
from rcapp.links import external_url
from rcapp.mail.models import MessageStatus, OutboxMessage
from rcapp.mail.notices import compose_notice, queue_notices
from rcapp.organisations.models import Organisation

if TYPE_CHECKING:
    from rcapp.accounts.models import User
    from rcapp.cycles.models import ReportingCycle

KIND = "year.reopen"


@dataclass(frozen=True)
class ClosureNotices:
    """The closure notices of the year's latest close: the organisations told, and the unsent."""

    organisation_ids: list[int]
    unsent: list[OutboxMessage]


def closure_notices(cycle: ReportingCycle) -> ClosureNotices:
    """Read the notices the latest close queued (call before reopening: it clears its time)."""
    statement = select(OutboxMessage).where(
        OutboxMessage.kind == CLOSE_KIND, OutboxMessage.cycle_id == cycle.id
    )
    if cycle.close_requested_at is not None:
        statement = statement.where(OutboxMessage.created_at >= cycle.close_requested_at)
    messages = list(db.session().scalars(statement.order_by(OutboxMessage.id)))
    organisation_ids = sorted({m.organisation_id for m in messages if m.organisation_id})
    unsent = [m for m in messages if m.status is MessageStatus.PENDING]
    return ClosureNotices(organisation_ids, unsent)


def withdraw_reopen_notices(cycle: ReportingCycle) -> int:
    """Delete the year's "reopened" notices not sent yet (the year is being closed again)."""
    statement = select(OutboxMessage).where(
        OutboxMessage.kind == KIND,
        OutboxMessage.cycle_id == cycle.id,
        OutboxMessage.status == MessageStatus.PENDING,
    )
    unsent = list(db.session().scalars(statement))
    for message in unsent:
        db.session().delete(message)
    db.session().flush()
    return len(unsent)


def withdraw(notices: ClosureNotices) -> int:
    """Delete the closure notices not sent yet; return how many."""
    for message in notices.unsent:
        db.session().delete(message)
    db.session().flush()
    return len(notices.unsent)


def _subject(year: int, organisation: Organisation) -> Callable[[str], str]:
    def subject(lang: str) -> str:
        return str(
            _(
                "%(year)d 年度已重新开放：%(name)s",
                year=year,
                name=organisation.display_name(lang),
            )
        )

    return subject


def queue_reopen_notices(
    cycle: ReportingCycle,
    notices: ClosureNotices,
    revived: Mapping[int, dt.date | None],
    actor: User | None,
) -> int:
    """Tell each organisation the close wrote to that the year is open again; return how many."""
    today = beijing_today()
    told = 0
    for organisation_id in notices.organisation_ids:
        organisation = db.session().get(Organisation, organisation_id)
        if organisation is None:
            continue
        until = revived.get(organisation_id) or cycle.deadline
        compose = compose_notice(
            "mail/year_reopened.txt",
            _subject(cycle.year, organisation),
            organisation=organisation,
            year=cycle.year,
            until=until,
            extended=organisation_id in revived,
            open_ended=organisation_id in revived and revived[organisation_id] is None,
            past=until < today,
            link=external_url("home.index"),
        )
        messages = queue_notices(
            KIND,
            recipients_of(organisation_id),
            compose,
            organisation_id=organisation_id,
            cycle_id=cycle.id,
            actor=actor,
        )
        told += 1 if messages else 0
    return told
