"""Forgotten passwords: a neutral answer, a single-use, short-lived link by mail, throttled."""

from __future__ import annotations

import datetime as dt
import re
import secrets

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import Invitation, User
from rcapp.audit.models import AuditEntry
from rcapp.db import utcnow
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_organisation, make_user

LINK = re.compile(r"(/password/reset/[A-Za-z0-9_\-]+)")
NEW_PASSWORD = "Harbour lantern 58 tide"


def _address() -> str:
    """A network address of this test's own: the request counts outlive a test."""
    return f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


def _ask(client: FlaskClient, email: str, address: str | None = None) -> tuple[int, str]:
    response = client.post(
        "/password/forgot",
        data={"email": email},
        environ_base={"REMOTE_ADDR": address or _address()},
    )
    return response.status_code, response.get_data(as_text=True)


def _mails(session: Session, email: str) -> list[OutboxMessage]:
    statement = select(OutboxMessage).where(
        OutboxMessage.to_address == email, OutboxMessage.kind == "password_reset"
    )
    return list(session.scalars(statement.order_by(OutboxMessage.id)))


def _link(mail: OutboxMessage) -> str:
    found = LINK.search(mail.body)
    assert found is not None, mail.body
    return found.group(1)


def _email() -> str:
    return f"user.{secrets.token_hex(4)}@example.cn"


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_the_login_page_offers_the_forgotten_password_link(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'href="/password/forgot"' in page
    assert "忘记密码？" in page
    client.get("/lang/en")
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    ("lang", "answer"),
    [("zh_CN", "如果该邮箱有账号，重置链接已发送。"),
     ("en", "If this address has an account, a reset link has been sent.")],
)  # fmt: skip
def test_known_and_unknown_addresses_get_the_same_page_and_only_the_account_a_mail(
    client: FlaskClient, db_session: Session, lang: str, answer: str
) -> None:
    known = _email()
    make_user(make_organisation(), email=known)
    db_session.commit()
    client.get(f"/lang/{lang}")
    status_known, page_known = _ask(client, known)
    unknown = _email()
    status_unknown, page_unknown = _ask(client, unknown)
    assert status_known == status_unknown == 200
    assert answer in page_known
    # The same page: nothing tells whether the address has an account.
    assert _main(page_known) == _main(page_unknown)
    assert len(_mails(db_session, known)) == 1
    assert _mails(db_session, unknown) == []


def test_a_deactivated_account_gets_nothing(client: FlaskClient, db_session: Session) -> None:
    email = _email()
    user = make_user(make_organisation(), email=email)
    user.is_active = False
    db_session.commit()
    status, page = _ask(client, email)
    assert status == 200
    assert "如果该邮箱有账号，重置链接已发送。" in page
    assert _mails(db_session, email) == []


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [("zh_CN", "重置责任关怀自评系统的密码", "分钟内打开下面的链接"),
     ("en", "Reset your Responsible Care self-assessment password", "within 60 minutes")],
)  # fmt: skip
def test_the_mail_is_in_the_account_s_language_and_the_link_sets_a_password_once(
    client: FlaskClient, db_session: Session, language: str, subject: str, words: str
) -> None:
    email = _email()
    user = make_user(make_organisation(), email=email, language=language)
    db_session.commit()
    _ask(client, email)  # asked on a Chinese page: the mail follows the account
    (mail,) = _mails(db_session, email)
    assert mail.lang == language
    assert mail.subject == subject
    assert words in mail.body
    link = _link(mail)
    with client.session_transaction() as session:
        session.clear()  # opened from the mail, in another browser
    form = client.get(link).get_data(as_text=True)
    assert ('<html lang="en"' in form) is (language == "en")
    assert 'autocomplete="new-password"' in form
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    db_session.expire_all()
    assert user.must_change_password is False
    assert client.get("/").status_code == 200
    actions = db_session.scalars(
        select(AuditEntry.action).where(
            AuditEntry.entity == "user", AuditEntry.entity_id == user.id
        )
    ).all()
    assert "password.reset_request" in actions
    assert "password.reset" in actions
    # Used once: the same link again is refused, with the way to log in and ask again.
    client.post("/logout")
    again = client.get(link)
    assert again.status_code == 404
    page = again.get_data(as_text=True)
    assert 'href="/password/forgot"' in page
    assert 'href="/login"' in page


def test_the_new_password_logs_in_and_ends_other_sessions(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    email = _email()
    make_user(make_organisation(), email=email)
    db_session.commit()
    other_device = app.test_client()
    other_device.post("/login", data={"email": email, "password": PASSWORD})
    assert other_device.get("/account/password").status_code == 200
    _ask(client, email)
    client.post(
        _link(_mails(db_session, email)[0]),
        data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    # The other device's session has ended: it is sent to the login page (its own app
    # context: the test's `g` keeps the user loaded by the test's requests).
    with app.app_context():
        assert other_device.get("/account/password").status_code == 302
    client.post("/logout")
    auth.login(email, NEW_PASSWORD)


def test_the_password_rules_apply(client: FlaskClient, db_session: Session) -> None:
    email = _email()
    make_user(make_organisation(), email=email)
    db_session.commit()
    _ask(client, email)
    link = _link(_mails(db_session, email)[0])
    page = client.post(link, data={"password": "short", "confirm": "short"}).get_data(as_text=True)
    assert "密码至少需要 10 个字符。" in page
    # The link still works after a refused password.
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh_CN", "新密码不能与原密码相同；如果您想起了原密码，可以直接用它登录。"),
        ("en", "The new password must differ from the old one"),
    ],
)
def test_the_same_password_again_is_refused_and_the_link_kept(
    client: FlaskClient, db_session: Session, language: str, words: str
) -> None:
    email = _email()
    make_user(make_organisation(), email=email, language=language)
    db_session.commit()
    _ask(client, email)
    link = _link(_mails(db_session, email)[0])
    response = client.post(link, data={"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 200
    assert words in response.get_data(as_text=True)
    assert client.get(link).status_code == 200  # not spent: a new password may follow
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )


def test_a_newer_link_ends_the_older_one(client: FlaskClient, db_session: Session) -> None:
    email = _email()
    make_user(make_organisation(), email=email)
    db_session.commit()
    _ask(client, email)
    _ask(client, email)
    older, newer = (_link(mail) for mail in _mails(db_session, email))
    assert client.get(older).status_code == 404
    assert "重置链接无效" in client.get(older).get_data(as_text=True)
    assert client.get(newer).status_code == 200


def test_the_link_expires(client: FlaskClient, db_session: Session) -> None:
    email = _email()
    user = make_user(make_organisation(), email=email)
    db_session.commit()
    _ask(client, email)
    link = _link(_mails(db_session, email)[0])
    invitation = db_session.scalars(select(Invitation).where(Invitation.user_id == user.id)).one()
    # Valid for an hour (PASSWORD_RESET_MINUTES), not the invitations' 14 days.
    assert abs(invitation.expires_at - (utcnow() + dt.timedelta(minutes=60))) < dt.timedelta(
        minutes=2
    )
    invitation.expires_at = utcnow() - dt.timedelta(seconds=1)
    db_session.commit()
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 404
    db_session.expire_all()
    assert db_session.get(User, user.id) is not None


@pytest.mark.parametrize(
    ("lang", "words"),
    [("zh_CN", "申请重置密码的次数过多"), ("en", "Too many password reset requests")],
)
def test_requests_are_throttled_per_address_typed_and_per_network_address(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch,
    lang: str, words: str,
) -> None:  # fmt: skip
    monkeypatch.setitem(app.config, "PASSWORD_RESET_PER_ACCOUNT", "2 per hour")
    monkeypatch.setitem(app.config, "PASSWORD_RESET_PER_ADDRESS", "4 per hour")
    email = _email()
    make_user(make_organisation(), email=email)
    db_session.commit()
    client.get(f"/lang/{lang}")
    assert _ask(client, email)[0] == 200
    assert _ask(client, email)[0] == 200
    status, page = _ask(client, email)
    assert status == 429
    assert words in page
    assert len(_mails(db_session, email)) == 2
    # An unknown address is counted alike (the answer tells nothing about the account).
    unknown = _email()
    assert [_ask(client, unknown)[0] for _ in range(3)] == [200, 200, 429]
    # One network address asking for many addresses is stopped too.
    address = _address()
    codes = [_ask(client, _email(), address)[0] for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def _used_invitation(client: FlaskClient, db_session: Session, language: str | None) -> str:
    """Invite an account in `language`, set its password through the link; return the link."""
    secretariat = make_user(email=_email(), is_secretariat=True)
    invitee = make_user(make_organisation(), email=_email(), language=language)
    invitee.password_hash = None
    db_session.commit()
    from rcapp.accounts import services

    token = services.issue_invitation(invitee, secretariat)
    db_session.commit()
    link = f"/invite/{token}"
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    with client.session_transaction() as session:
        session.clear()
    return link


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Already set your password? Log in"), ("zh_CN", "已设置过密码？请登录")],
)
def test_a_used_invitation_link_opens_in_the_invitee_s_language_and_offers_logging_in(
    client: FlaskClient, db_session: Session, language: str, words: str
) -> None:
    link = _used_invitation(client, db_session, language)
    response = client.get(link, headers={"Accept-Language": "zh-CN"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert words in page
    assert 'href="/login"' in page
    assert 'href="/password/forgot"' in page


def test_an_unknown_invitation_link_follows_the_browser_s_language(client: FlaskClient) -> None:
    page = client.get("/invite/nothing-like-it", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert "Already set your password? Log in" in page.get_data(as_text=True)
    page = client.get("/invite/nothing-like-it", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "已设置过密码？请登录" in page.get_data(as_text=True)
