"""Reminders to organisations that have not submitted: one outbox message per active user a day.

The text is composed by the caller (in each recipient's language, see reminder_mail.py);
this service only decides who gets one, stores the messages and audits the sending.
Delivery happens later on the task queue.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select

from rcapp import db
from rcapp.accounts.models import Membership, OrgRole, User
from rcapp.audit.services import record
from rcapp.clock import BEIJING, beijing_day, beijing_today
from rcapp.cycles.models import ReportingCycle
from rcapp.mail.models import OutboxMessage
from rcapp.mail.services import queue_mail
from rcapp.organisations.models import Organisation

logger = logging.getLogger(__name__)

# (recipient, organisation) -> (subject, body) in the recipient's language
Compose = Callable[[User, Organisation], tuple[str, str]]


def recipients_of(organisation_id: int) -> list[User]:
    """Active users of the organisation (members and admins), by name."""
    statement = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id == organisation_id, User.is_active.is_(True))
        .order_by(User.name)
    )
    return list(db.session().scalars(statement))


def recipient_count(organisation_ids: Collection[int]) -> int:
    """Count the addresses a reminder to these organisations goes to (recipients_of each)."""
    statement = (
        select(func.count())
        .select_from(Membership)
        .join(User, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_(organisation_ids), User.is_active.is_(True))
    )
    return db.session().scalar(statement) or 0


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


def admin_contacts(organisation_ids: Collection[int]) -> dict[int, list[Contact]]:
    """Return the active admins of each organisation, by name: whom a lead asks about it."""
    statement = (
        select(Membership.organisation_id, User.name, User.email)
        .join(User, Membership.user_id == User.id)
        .where(
            Membership.organisation_id.in_(organisation_ids),
            Membership.role == OrgRole.ADMIN,
            User.is_active.is_(True),
        )
        .order_by(Membership.organisation_id, User.name, User.id)
    )
    found: dict[int, list[Contact]] = {}
    for org_id, name, email in db.session().execute(statement):
        found.setdefault(org_id, []).append(Contact(name, email))
    return found


@dataclass(frozen=True)
class ReminderRound:
    messages: list[OutboxMessage]  # queued now
    already_reminded: list[Organisation]  # every active user had today's reminder already


def reminded_today(organisation_ids: Collection[int]) -> set[tuple[int, str]]:
    """(organisation id, address) of the reminders queued this Beijing day, about any year.

    With two years open at once, a person reminded about one is not reminded about the
    other the same day: one reminder a day per person in all.
    """
    midnight = dt.datetime.combine(beijing_today(), dt.time(), tzinfo=BEIJING)
    statement = select(OutboxMessage.organisation_id, OutboxMessage.to_address).where(
        OutboxMessage.kind == "reminder",
        OutboxMessage.organisation_id.in_(organisation_ids),
        OutboxMessage.created_at >= midnight.astimezone(dt.UTC),
    )
    return {(org_id, address) for org_id, address in db.session().execute(statement) if org_id}


@dataclass(frozen=True)
class LastReminder:
    on: dt.date  # Beijing day of the latest reminder about the cycle
    times: int  # how many times the organisation was reminded about it


def last_reminders(
    cycle_id: int, organisation_ids: Collection[int] | None = None
) -> dict[int, LastReminder]:
    """Return the latest reminder of the cycle per organisation (`organisation_ids`, else all).

    A round queues one message per user, so the times reminded are the most any of the
    organisation's users received, not its messages: three users reminded once is once.
    """
    per_user = select(
        OutboxMessage.organisation_id,
        func.max(OutboxMessage.created_at).label("last"),
        func.count().label("times"),
    ).where(
        OutboxMessage.kind == "reminder",
        OutboxMessage.cycle_id == cycle_id,
        OutboxMessage.organisation_id.is_not(None),
    )
    if organisation_ids is not None:
        per_user = per_user.where(OutboxMessage.organisation_id.in_(organisation_ids))
    users = per_user.group_by(OutboxMessage.organisation_id, OutboxMessage.to_address).subquery()
    statement = select(
        users.c.organisation_id, func.max(users.c.last), func.max(users.c.times)
    ).group_by(users.c.organisation_id)
    return {
        org_id: LastReminder(beijing_day(last), times)
        for org_id, last, times in db.session().execute(statement)
    }


def send_reminders(
    cycle: ReportingCycle,
    organisations: Sequence[Organisation],
    actor: User | None,
    compose: Compose,
) -> ReminderRound:
    """Queue a reminder to every active user of each organisation, once a day at most.

    A repeated click (or a retried request) must not send everyone a second copy: whoever
    already has today's reminder for this organisation, about this year or another open
    one, is left out. The cycle's row and then the organisations' rows (by id) are held
    until commit, so two requests at once, for one year or two, take turns and the second
    sees the first's messages (SQLite's BEGIN IMMEDIATE serialises them already).
    """
    db.session().execute(
        select(ReportingCycle.id).where(ReportingCycle.id == cycle.id).with_for_update()
    )
    ids = sorted(o.id for o in organisations)
    db.session().execute(
        select(Organisation.id)
        .where(Organisation.id.in_(ids))
        .order_by(Organisation.id)
        .with_for_update()
    )
    done = reminded_today(ids)
    messages = []
    already = []
    for organisation in organisations:
        users = recipients_of(organisation.id)
        waiting = [u for u in users if (organisation.id, u.email) not in done]
        if users and not waiting:
            already.append(organisation)
        for user in waiting:
            subject, body = compose(user, organisation)
            message = queue_mail(
                "reminder",
                user,
                subject,
                body,
                organisation_id=organisation.id,
                cycle_id=cycle.id,
                actor=actor,
            )
            messages.append(message)
    db.session().flush()
    if messages:
        after = {
            "organisations": sorted(
                o.name_zh for o in organisations if any(m.organisation_id == o.id for m in messages)
            ),
            "messages": len(messages),
        }
        record(actor, "cycle", cycle.id, "remind", after=after)
    logger.info(
        "Cycle %s: %d reminders to %d organisations", cycle.id, len(messages), len(organisations)
    )
    return ReminderRound(messages, already)
