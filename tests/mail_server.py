"""A pytest fixture: the project's debugging SMTP server on 127.0.0.1, wired into the app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from rcapp.mail.debug_server import DebugSmtpServer


@pytest.fixture
def smtp_server(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[DebugSmtpServer]:
    server = DebugSmtpServer().start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", server.host)
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    yield server
    server.stop()
