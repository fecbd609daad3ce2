"""Deliver pending outbox messages through the configured SMTP server.

Runs on the task queue (see tasks.py), never inside a web request: an SMTP server that is
slow or down must not hold up the page. Each message is committed as it goes, so a crash
half-way never sends a message twice, and is taken by one run only (`_still_pending`).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from sqlalchemy import select

from rcapp import db
from rcapp.db import utcnow
from rcapp.email_addresses import mail_address
from rcapp.mail import failures
from rcapp.mail.link_tokens import MASK, TOKEN_KINDS, has_live_link, mask_links
from rcapp.mail.models import MessageStatus, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
DEFAULTS: dict[str, Any] = {
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 8025,  # where `rcapp mail debug-server` listens
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": False,  # STARTTLS after connecting
    "MAIL_USE_SSL": False,  # implicit TLS (usually port 465)
    "MAIL_SENDER": "rcapp <rcapp@localhost>",
    "MAIL_TIMEOUT": 10,
}


@dataclass(frozen=True)
class SmtpSettings:
    server: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool
    use_ssl: bool
    sender: str
    timeout: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings:
        def get(key: str) -> Any:
            return config.get(key, DEFAULTS[key])

        return cls(
            server=str(get("MAIL_SERVER")),
            port=int(get("MAIL_PORT")),
            username=get("MAIL_USERNAME") or None,
            password=get("MAIL_PASSWORD") or None,
            use_tls=bool(get("MAIL_USE_TLS")),
            use_ssl=bool(get("MAIL_USE_SSL")),
            sender=str(get("MAIL_SENDER")),
            timeout=float(get("MAIL_TIMEOUT")),
        )


def as_email(message: OutboxMessage, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    # An Address object, not a formatted string that the library parses again: a name such
    # as "王工 Bcc: spy@example.cn" would be read as a group holding spy's address.
    # The same parser the forms check addresses with (rcapp.email_addresses).
    email["To"] = mail_address(message.to_address, message.to_name)
    email["Subject"] = message.subject
    email.set_content(message.body)
    # After set_content, which replaces every Content-* header.
    email["Content-Language"] = "en" if message.lang == "en" else "zh-CN"
    return email


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.use_ssl:
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.server, settings.port, timeout=settings.timeout, context=context
        )
    smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
    if settings.use_tls:
        smtp.starttls(context=ssl.create_default_context())
    return smtp


def deliver_pending(config: Mapping[str, Any]) -> tuple[int, int]:
    """Send every pending message; return (sent, still failing). Commits per message."""
    settings = SmtpSettings.from_config(config)
    scrub_sent()
    session = db.session()
    pending = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == MessageStatus.PENDING)
            .order_by(OutboxMessage.id)
        )
    )
    if not pending:
        return 0, 0
    sent = failed = 0
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        return _none_sent(pending, exc, settings)
    with smtp:
        if settings.username:
            try:
                smtp.login(settings.username, settings.password or "")
            except smtplib.SMTPException as exc:  # a wrong password, or no AUTH offered
                return _none_sent(pending, exc, settings)
        for message in pending:
            if not _still_pending(message.id):
                session.commit()  # another run has sent it, or is sending it now
                continue
            try:
                email = as_email(message, settings.sender)
            except ValueError as exc:  # e.g. a line break in a header: it will never go out
                _note_failure(message, exc, settings, final=True)
                failed += 1
                session.commit()
                continue
            try:
                smtp.send_message(email, to_addrs=[message.to_address])
            except smtplib.SMTPException as exc:
                _note_failure(message, exc, settings)
                failed += 1
            else:
                message.status = MessageStatus.SENT
                message.sent_at = utcnow()
                message.attempts += 1
                message.last_error = None
                message.body = mask_links(message.body)  # the link is in the recipient's hands
                sent += 1
            session.commit()
    logger.info("Outbox: %d sent, %d failed", sent, failed)
    return sent, failed


def scrub_sent() -> int:
    """Mask the one-time links still stored in sent mails (sent before they were masked)."""
    session = db.session()
    sent = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.status == MessageStatus.SENT,
            OutboxMessage.kind.in_(TOKEN_KINDS),
            ~OutboxMessage.body.contains(MASK),  # masked ones are done
        )
    )
    scrubbed = 0
    for message in sent:
        if has_live_link(message.body):
            message.body = mask_links(message.body)
            scrubbed += 1
    if scrubbed:
        session.commit()
    return scrubbed


def _still_pending(message_id: int) -> bool:
    """Take the message for this run, unless another run (a second worker) took it first.

    Two runs start together when two requests queue mail at once (or "send now" is
    clicked twice); both read the same pending list. On PostgreSQL the row stays locked
    until this message's commit and a locked row is skipped; on SQLite this statement
    takes the write lock, so the other run waits and then sees the message sent.
    """
    status = db.session().scalar(
        select(OutboxMessage.status)
        .where(OutboxMessage.id == message_id)
        .with_for_update(skip_locked=True)
    )
    return status is MessageStatus.PENDING


def _none_sent(
    pending: list[OutboxMessage], exc: Exception, settings: SmtpSettings
) -> tuple[int, int]:
    """Note on every message why the server took none of them (the outbox shows it)."""
    for message in pending:
        _note_failure(message, exc, settings, connecting=True)
    db.session().commit()
    logger.warning("SMTP %s:%s refused: %s", settings.server, settings.port, exc)
    return 0, len(pending)


def _note_failure(
    message: OutboxMessage,
    exc: Exception,
    settings: SmtpSettings,
    *,
    final: bool = False,
    connecting: bool = False,
) -> None:
    """Keep the kind of failure on the message (the outbox words it); the raw text is logged."""
    message.attempts += 1
    kind = failures.kind_of(exc, connecting=connecting)
    message.last_error = failures.stored(kind, f"{settings.server}:{settings.port}")
    if not connecting:  # a refused connection is logged once for the run (_none_sent)
        logger.warning(
            "Outbox message %s to %s not sent: %s: %s",
            message.id,
            message.to_address,
            type(exc).__name__,
            exc,
        )
    if final or message.attempts >= MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
