"""Put a message in the outbox, in the recipient's language; delivery happens on the queue.

Every kind of e-mail (reminders, review assignments) is stored through `queue_mail`, and
composed inside `in_recipient_language`, so the recipient's language is chosen one way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale
from sqlalchemy import update

from rcapp import db
from rcapp.accounts.models import User
from rcapp.mail.models import MessageStatus, OutboxMessage

DEFAULT_LOCALE = "zh_CN"


def recipient_locale(user: User) -> str:
    """Return the user's last chosen interface language, Chinese when they never chose one."""
    return user.language or DEFAULT_LOCALE


@contextmanager
def in_recipient_language(user: User) -> Iterator[str]:
    """Translate inside the block in the user's language; yields "zh" or "en" for names."""
    locale = recipient_locale(user)
    with force_locale(locale):
        yield "en" if locale == "en" else "zh"


def queue_mail(
    kind: str,
    recipient: User,
    subject: str,
    body: str,
    *,
    organisation_id: int | None,
    cycle_id: int | None,
    actor: User | None,
) -> OutboxMessage:
    """Store one message for `recipient` in the outbox (flushed with the caller's work)."""
    message = OutboxMessage(
        kind=kind,
        to_address=recipient.email,
        to_name=recipient.name,
        lang=recipient_locale(recipient),
        subject=subject,
        body=body,
        organisation_id=organisation_id,
        cycle_id=cycle_id,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session().add(message)
    return message


def requeue_failed() -> int:
    """Make the messages that ran out of attempts pending again, with fresh attempts.

    For the outbox's "send now" once the SMTP server works again; the count is returned.
    """
    result = db.session().execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == MessageStatus.FAILED)
        .values(status=MessageStatus.PENDING, attempts=0)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
