"""Tell people about review work by e-mail.

TODO(h11): the round-workflow branch (h9a) adds an outbox with SMTP delivery; until it is
on main this minimal sender only logs the message, and `send` is the one place to switch.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    body: str


def send(message: Message) -> None:
    """Hand the message over for delivery (logged for now; see the module docstring)."""
    logger.info("Mail to %s: %s", message.to, message.subject)
