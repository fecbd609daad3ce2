"""Put a message in the outbox, in the recipient's language; delivery happens on the queue.

Every kind of e-mail (reminders, review assignments, workflow notices) is stored through
`queue_mail`, composed inside `in_recipient_language`, so the recipient's language is chosen
one way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import force_locale
from sqlalchemy import func, update

from rcapp import db
from rcapp.accounts.hooks import Withdrawal
from rcapp.accounts.models import User
from rcapp.mail.models import SUBJECT_LENGTH, TO_NAME_LENGTH, MessageStatus, OutboxMessage

DEFAULT_LOCALE = "zh_CN"
_LINE_BREAKS = re.compile(r"\s*[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def header_text(text: str, limit: int) -> str:
    """Return user text made fit for a mail header: one line, at most `limit` characters.

    Organisation and user names come from forms and imports that keep line breaks; a break
    in a header is refused when the message is built (or, with a lax library, starts a new
    header), and the outbox columns hold `limit` characters.
    """
    line = _LINE_BREAKS.sub(" ", text).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


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
        to_name=header_text(recipient.name, TO_NAME_LENGTH),
        lang=recipient_locale(recipient),
        subject=header_text(subject, SUBJECT_LENGTH),
        body=single_stops(body),
        organisation_id=organisation_id,
        cycle_id=cycle_id,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session().add(message)
    return message


# A sentence that ends on a name ending in a full stop ("Co., Ltd.") got a second one.
_DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def single_stops(text: str) -> str:
    """Write "Ltd.." as "Ltd."; an ellipsis ("...") is left as it is."""
    return _DOUBLE_STOP.sub(".", text)


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


def cancel_unsent_to(address: str, reason: Withdrawal) -> int:
    """Cancel the messages to `address` not sent yet (pending, or failed and so requeueable).

    For an address no account has any more (`reason`, an accounts.hooks.Withdrawal):
    corrected because it was wrong, or its unused account deleted. Mail already queued to it
    must not go out (nor go out again on "send now"); the outbox keeps it as cancelled, with
    why. A message a delivery run is sending now stays: its row is locked until it is marked
    sent, and a sent message is not cancelled. Returns how many were cancelled.
    """
    result = db.session().execute(
        update(OutboxMessage)
        .where(
            func.lower(OutboxMessage.to_address) == address.lower(),
            OutboxMessage.status.in_((MessageStatus.PENDING, MessageStatus.FAILED)),
        )
        .values(status=MessageStatus.CANCELLED, cancel_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
