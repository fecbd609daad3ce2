"""`rcapp mail deliver` sends the pending outbox through the configured SMTP server."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.cli import mail_cli
from rcapp.mail.debug_server import DebugSmtpServer
from rcapp.mail.models import MessageStatus, OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_secretariat
from tests.mail_server import smtp_server  # noqa: F401 - fixture


def test_deliver_sends_pending_messages_once(
    app: Flask,
    db_session: Session,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    db_session.add(
        OutboxMessage(
            kind="reminder",
            to_address="hse@example.cn",
            to_name="王工",
            lang="zh_CN",
            subject="提醒",
            body="请提交自评。",
        )
    )
    db_session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(mail_cli, ["deliver"])
    assert result.exit_code == 0, result.output
    assert "sent 1, failed 0" in result.output
    again = runner.invoke(mail_cli, ["deliver"])
    assert "sent 0, failed 0" in again.output
    [received] = smtp_server.received
    assert received.recipients == ("hse@example.cn",)
    assert received.subject == "提醒"
    assert received.body.strip() == "请提交自评。"
    assert received.message["Content-Language"] == "zh-CN"
    message = db_session.scalars(select(OutboxMessage)).one()
    db_session.refresh(message)
    assert message.status is MessageStatus.SENT
    assert message.sent_at is not None


def test_a_login_the_server_refuses_is_noted_on_each_message(
    app: Flask,
    db_session: Session,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A wrong password (here: a server without AUTH) failed the whole task with a traceback,
    # and the messages stayed "pending" with no reason the outbox could show.
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "rcapp")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "wrong")
    db_session.add(
        OutboxMessage(
            kind="reminder", to_address="hse@example.cn", to_name="王工", lang="zh_CN",
            subject="提醒", body="请提交自评。",
        )
    )  # fmt: skip
    db_session.commit()
    result = app.test_cli_runner().invoke(mail_cli, ["deliver"])
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "sent 0, failed 1" in result.output
    message = db_session.scalars(select(OutboxMessage)).one()
    db_session.refresh(message)
    assert message.status is MessageStatus.PENDING
    assert message.attempts == 1
    assert message.last_error is not None
    # The server offers no login: said in words on the outbox, the raw text in the log.
    assert message.last_error.split("|")[0] in ("login", "server")
    assert smtp_server.received == []


def test_send_now_in_the_outbox_tries_failed_messages_again(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    smtp_server: DebugSmtpServer,  # noqa: F811 - the fixture
) -> None:
    # After five failed attempts (the SMTP server was down) a message was never sent again,
    # and nothing on the outbox could resend it once the server worked.
    make_secretariat(email="sec@example.cn")
    db_session.add(
        OutboxMessage(
            kind="reminder", to_address="hse@example.cn", to_name="王工", lang="zh_CN",
            subject="提醒", body="请提交自评。", status=MessageStatus.FAILED, attempts=5,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
    )  # fmt: skip
    db_session.commit()
    auth.login("sec@example.cn")
    assert "发送失败的邮件也会重新发送" in client.get("/outbox/").get_data(as_text=True)
    assert client.post("/outbox/deliver").status_code == 302
    message = db_session.scalars(select(OutboxMessage)).one()
    db_session.refresh(message)
    assert message.status is MessageStatus.SENT
    assert [r.recipients for r in smtp_server.received] == [("hse@example.cn",)]
