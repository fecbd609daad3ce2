"""The outbox says why a message failed in words, and the secretariat's home page warns.

QA13 S10: "已尝试 1 次：ConnectionRefusedError: [Errno 111] Connection refused" on the
outbox, and nothing elsewhere said that reminders were not going out. S9: the "待发送"
filter with nothing pending said "发件箱是空的" while the outbox held 30 messages.
"""

from __future__ import annotations

import logging
import smtplib
import socket

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rcapp.mail import failures
from rcapp.mail.delivery import deliver_pending
from rcapp.mail.models import MessageStatus, OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_secretariat


def _message(**values: object) -> OutboxMessage:
    fields: dict[str, object] = {
        "kind": "reminder",
        "to_address": "hse@example.cn",
        "to_name": "王工",
        "lang": "zh_CN",
        "subject": "提醒",
        "body": "请提交自评。",
    }
    fields.update(values)
    return OutboxMessage(**fields)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the block ends: refused


def test_a_refused_connection_is_said_in_words_and_the_raw_text_goes_to_the_log(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    port = _closed_port()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    make_secretariat(email="sec@example.cn")
    db_session.add(_message())
    db_session.commit()
    with caplog.at_level(logging.WARNING, logger="rcapp.mail.delivery"):
        assert deliver_pending(app.config) == (0, 1)
    assert "ConnectionRefusedError" in caplog.text or "Connection refused" in caplog.text
    message = db_session.scalars(select(OutboxMessage)).one()
    db_session.refresh(message)
    assert message.last_error == f"connect|127.0.0.1:{port}"

    auth.login("sec@example.cn")
    page = client.get("/outbox/").get_data(as_text=True)
    assert f"已尝试 1 次：无法连接邮件服务器 127.0.0.1:{port}" in page
    assert "Errno" not in page
    assert "ConnectionRefusedError" not in page
    home = client.get("/").get_data(as_text=True)
    # Still pending (being retried): worded as the outbox files it, not "未能发出" (QA15 S1).
    assert "邮件发送出错" in home
    assert "1 封邮件（提醒、通知等）发送出错，正在重试，收件人尚未收到。" in home
    assert "未能发出" not in home
    assert f"最近一次的原因：无法连接邮件服务器 127.0.0.1:{port}" in home

    client.get("/lang/en")
    page = client.get("/outbox/").get_data(as_text=True)
    assert f"1 attempt: could not connect to the mail server 127.0.0.1:{port}" in page
    home = client.get("/").get_data(as_text=True)
    assert "E-mail is failing" in home


def test_the_home_page_says_nothing_when_mail_goes_out(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.add(_message(status=MessageStatus.SENT, attempts=1))
    db_session.commit()
    auth.login("sec@example.cn")
    assert 'id="mail-failing"' not in client.get("/").get_data(as_text=True)


def test_an_older_message_with_raw_text_shows_no_exception_text(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.add(
        _message(
            status=MessageStatus.PENDING,
            attempts=2,
            last_error="ConnectionRefusedError: [Errno 111] Connection refused",
        )
    )
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get("/outbox/").get_data(as_text=True)
    assert "发送出错；如重试后仍失败，请联系系统管理员" in page
    assert "Errno" not in page


@pytest.mark.parametrize(
    ("exc", "connecting", "kind"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True, failures.CONNECT),
        (socket.gaierror(-2, "Name or service not known"), True, failures.CONNECT),
        (TimeoutError("timed out"), True, failures.CONNECT),
        (smtplib.SMTPAuthenticationError(535, b"bad"), True, failures.LOGIN),
        (smtplib.SMTPNotSupportedError("no AUTH"), True, failures.SERVER),
        (smtplib.SMTPServerDisconnected("gone"), False, failures.CONNECT),
        (smtplib.SMTPRecipientsRefused({"a@b": (550, b"no")}), False, failures.RECIPIENT),
        (smtplib.SMTPDataError(554, b"spam"), False, failures.REJECTED),
        (ValueError("header"), False, failures.INVALID),
    ],
)
def test_each_kind_of_failure_reads_back_with_its_server(
    app: Flask, exc: Exception, connecting: bool, kind: str
) -> None:
    assert failures.kind_of(exc, connecting=connecting) == kind
    found = failures.read(failures.stored(kind, "smtp.example.cn:587"))
    assert found is not None
    assert found.kind == kind
    with app.test_request_context():
        words = found.words()
    assert "Error" not in words
    if kind != failures.INVALID:
        assert "smtp.example.cn:587" in words


@pytest.mark.parametrize(
    ("status", "zh", "en"),
    [
        ("pending", "没有待发送的邮件。", "No e-mail is waiting to be sent."),
        ("failed", "没有发送失败的邮件。", "No e-mail has failed."),
    ],
)
def test_a_filter_with_nothing_in_it_does_not_call_the_outbox_empty(
    client: FlaskClient, db_session: Session, auth: AuthActions, status: str, zh: str, en: str
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.add(_message(status=MessageStatus.SENT, attempts=1))
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.get(f"/outbox/?status={status}").get_data(as_text=True)
    assert zh in page
    assert "发件箱是空的" not in page
    client.get("/lang/en")
    assert en in client.get(f"/outbox/?status={status}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "retrying", "failed"),
    [
        (
            "zh_CN",
            "2 封邮件（提醒、通知等）发送出错，正在重试",
            "1 封邮件（提醒、通知等）多次尝试后未能发出",
        ),
        (
            "en",
            "2 e-mails (reminders, notices, etc.) failed to go out and are being retried",
            "1 e-mail",
        ),
    ],
)
def test_the_home_banner_counts_as_the_outbox_filters_do(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    retrying: str,
    failed: str,
) -> None:
    """QA15 S1: pending-being-retried and given-up are told apart, each linking to its filter."""
    make_secretariat(email="sec@example.cn")
    error = "connect|127.0.0.1:8025"
    db_session.add_all(
        [
            _message(attempts=2, last_error=error),
            _message(attempts=1, last_error=error),
            _message(status=MessageStatus.FAILED, attempts=3, last_error=error),
            _message(),  # pending, not tried yet: not failing
        ]
    )
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    home = client.get("/").get_data(as_text=True)
    panel = home.split('aria-labelledby="mail-failing"', 1)[1].split("</section>", 1)[0]
    assert retrying in panel
    assert failed in panel
    assert 'href="/outbox/?status=pending"' in panel
    assert 'href="/outbox/?status=failed"' in panel
    db_session.execute(delete(OutboxMessage).where(OutboxMessage.status == MessageStatus.FAILED))
    db_session.commit()
    home = client.get("/").get_data(as_text=True)
    panel = home.split('aria-labelledby="mail-failing"', 1)[1].split("</section>", 1)[0]
    assert "status=failed" not in panel
    assert ("未能发出" if lang == "zh_CN" else "not going out") not in panel
