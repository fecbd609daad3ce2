"""The outbox never shows a usable one-time link, and a sent mail no longer stores one.

QA32 D1: the secretariat opened /outbox/, read ps.lead's password-reset link (and the
invitation links) in the mail bodies, set a password and was logged in as him.
"""

from __future__ import annotations

import re
import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.audit.models import AuditEntry
from rcapp.mail.debug_server import DebugSmtpServer
from rcapp.mail.delivery import deliver_pending
from rcapp.mail.models import MessageStatus, OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user
from tests.mail_server import smtp_server  # noqa: F401 - a fixture

TOKEN_LINK = re.compile(r"/(?:password/reset|invite)/([A-Za-z0-9_\-]{16,})")


def _mail(session: Session, email: str, kind: str) -> OutboxMessage:
    statement = select(OutboxMessage).where(
        OutboxMessage.to_address == email, OutboxMessage.kind == kind
    )
    return session.scalars(statement).one()


def _token(mail: OutboxMessage) -> str:
    found = TOKEN_LINK.search(mail.body)
    assert found is not None, mail.body
    return found.group(1)


def _forgot(client: FlaskClient, email: str) -> None:
    address = f"2001:db8::{secrets.token_hex(2)}"
    client.post("/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": address})


def _invite(client: FlaskClient, organisation_id: int, email: str) -> None:
    client.post(
        "/admin/users/new",
        data={"name": "李工", "email": email, "organisation_id": str(organisation_id),
              "role": "member", "access": "invite"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("zh_CN", "密码重置和邀请邮件中的一次性链接不在这里显示"),
     ("en", "one-time links of password-reset and invitation mails are not shown here")],
)  # fmt: skip
def test_the_outbox_masks_reset_and_invitation_links(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, shown: str
) -> None:
    organisation = make_organisation()
    make_user(organisation, email="lead@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    _forgot(client, "lead@example.cn")
    auth.login("sec@example.cn")
    _invite(client, organisation.id, "new.colleague@example.cn")
    reset = _mail(db_session, "lead@example.cn", "password_reset")
    invitation = _mail(db_session, "new.colleague@example.cn", "invitation")
    tokens = [_token(reset), _token(invitation)]  # pending: the mail still needs its link

    client.get(f"/lang/{lang}")
    for address in ("/outbox/", "/outbox/?status=pending"):
        page = client.get(address).get_data(as_text=True)
        assert shown in page
        for token in tokens:
            assert token not in page
            assert token[:12] not in page
        assert "/password/reset/••••••" in page
        assert "/invite/••••••" in page


def test_a_sent_mail_keeps_no_link_and_the_recipient_got_it(
    app: Flask,
    db_session: Session,
    smtp_server: DebugSmtpServer,  # noqa: F811
) -> None:
    make_user(make_organisation(), email="lead@example.cn")
    db_session.commit()
    client = app.test_client()
    _forgot(client, "lead@example.cn")  # the queue runs at once in tests: sent
    deliver_pending(app.config)
    mail = _mail(db_session, "lead@example.cn", "password_reset")
    db_session.refresh(mail)
    assert mail.status is MessageStatus.SENT
    assert TOKEN_LINK.search(mail.body) is None
    assert "/password/reset/••••••" in mail.body
    [received] = smtp_server.received
    found = TOKEN_LINK.search(received.body)
    assert found is not None, received.body
    # The link still works for its owner.
    assert client.get(f"/password/reset/{found.group(1)}").status_code == 200


def test_mails_sent_before_the_masking_lose_their_links_on_the_next_run(
    app: Flask, db_session: Session
) -> None:
    token = secrets.token_urlsafe(32)
    old = OutboxMessage(
        kind="invitation", to_address="old@example.cn", to_name="王工", lang="zh_CN",
        subject="邀请", body=f"设置密码：http://rc.example.cn/invite/{token}\n",
        status=MessageStatus.SENT, attempts=1,
    )  # fmt: skip
    db_session.add(old)
    db_session.commit()
    assert deliver_pending(app.config) == (0, 0)  # nothing pending: still scrubbed
    db_session.refresh(old)
    assert old.body == "设置密码：http://rc.example.cn/invite/••••••\n"


@pytest.mark.parametrize(
    ("lang", "label"),
    [("zh_CN", "通过重置链接设置新密码"), ("en", "Set a new password through a reset link")],
)  # fmt: skip
def test_the_audit_entry_of_a_reset_says_it_came_through_a_reset_link(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, label: str
) -> None:
    make_user(make_organisation(), email="lead@example.cn")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    _forgot(client, "lead@example.cn")
    token = _token(_mail(db_session, "lead@example.cn", "password_reset"))
    client.post(
        f"/password/reset/{token}",
        data={"password": "Harbour lantern 58 tide", "confirm": "Harbour lantern 58 tide"},
    )
    user = db_session.scalars(select(User).where(User.email == "lead@example.cn")).one()
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "password.reset")
    ).one()
    assert entry.actor_id == user.id
    client.post("/logout")
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    page = client.get("/audit/").get_data(as_text=True)
    assert label in page
