"""A local SMTP server for development and tests: it accepts every message and keeps it.

Nothing is relayed anywhere. `rcapp mail debug-server` prints what arrives; the test
suite starts one on a free port on 127.0.0.1 and reads `received`.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any, cast

from aiosmtpd.controller import Controller

LOCALHOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    sender: str
    recipients: tuple[str, ...]
    message: EmailMessage

    @property
    def subject(self) -> str:
        """The subject as a mail client shows it.

        A subject too long for the "Subject:" line is folded whole onto the next (CPython's
        folder), and Python's parser keeps the fold's space: " Appeal upheld, …" (QA57 p1).
        Unfolded, the header reads as any other (RFC 5322 3.2.2); clients drop that space.
        """
        return str(self.message["Subject"]).strip()

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        return "" if part is None else str(cast(EmailMessage, part).get_content())


class _Handler:
    def __init__(self, on_message: Callable[[Received], None] | None) -> None:
        self.received: list[Received] = []
        self.lock = threading.Lock()
        self.on_message = on_message

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        received = Received(
            sender=str(envelope.mail_from),
            recipients=tuple(str(r) for r in envelope.rcpt_tos),
            message=parsed,
        )
        with self.lock:
            self.received.append(received)
        if self.on_message is not None:
            self.on_message(received)
        return "250 Message accepted for delivery"


class DebugSmtpServer:
    """Start with `start()`, stop with `stop()`; `port=0` picks a free port."""

    def __init__(
        self,
        host: str = LOCALHOST,
        port: int = 0,
        on_message: Callable[[Received], None] | None = None,
    ) -> None:
        self._handler = _Handler(on_message)
        self._controller = Controller(self._handler, hostname=host, port=port or _free_port(host))

    @property
    def host(self) -> str:
        return str(self._controller.hostname)

    @property
    def port(self) -> int:
        return int(self._controller.port)

    @property
    def received(self) -> list[Received]:
        with self._handler.lock:
            return list(self._handler.received)

    def start(self) -> DebugSmtpServer:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
