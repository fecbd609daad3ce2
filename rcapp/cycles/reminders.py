"""Reminders to organisations that have not submitted: one outbox message per active user.

The text is composed by the caller (in each recipient's language, see reminder_mail.py);
this service only decides who gets one, stores the messages and audits the sending.
Delivery happens later on the task queue.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from sqlalchemy import select

from rcapp import db
from rcapp.accounts.models import Membership, User
from rcapp.audit.services import record
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


def send_reminders(
    cycle: ReportingCycle,
    organisations: Sequence[Organisation],
    actor: User | None,
    compose: Compose,
) -> list[OutboxMessage]:
    """Queue a reminder to every active user of each organisation; return the messages."""
    messages = []
    for organisation in organisations:
        for user in recipients_of(organisation.id):
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
            "organisations": sorted(o.name_zh for o in organisations),
            "messages": len(messages),
        }
        record(actor, "cycle", cycle.id, "remind", after=after)
    logger.info(
        "Cycle %s: %d reminders to %d organisations", cycle.id, len(messages), len(organisations)
    )
    return messages
