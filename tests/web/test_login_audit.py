"""Logins, failed logins and log-outs are in the audit log, with the network address (QA47 D7).

A failed login is recorded against the account, or against no account (id 0) when the e-mail
has none; the typed password never is, nor the text typed for an e-mail that has no account.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_secretariat, make_user

ADDRESS = "198.51.100.23"


def _post_login(client: FlaskClient, email: str, password: str) -> None:
    client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": ADDRESS},
    )


def _entries(db_session: Session) -> list[AuditEntry]:
    db_session.expire_all()
    statement = select(AuditEntry).where(AuditEntry.action.like("log%")).order_by(AuditEntry.id)
    return list(db_session.scalars(statement))


def test_login_failure_and_logout_are_recorded_with_the_address(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(email="wang@example.cn", name="王磊")
    db_session.commit()
    _post_login(client, "wang@example.cn", "wrong password 1")
    _post_login(client, "nobody@example.cn", "my secret typed")
    _post_login(client, "WANG@example.cn", PASSWORD)
    client.post("/logout", environ_base={"REMOTE_ADDR": ADDRESS})
    found = [(e.action, e.entity, e.entity_id, e.actor_id, e.field) for e in _entries(db_session)]
    address = f"address:{ADDRESS}"
    assert found == [
        ("login.failed", "user", user.id, None, address),  # not proven who typed it
        # no account: written all the same (the same work either way), nothing typed kept
        ("login.unknown", "user", 0, None, address),
        ("login", "user", user.id, user.id, address),
        ("logout", "user", user.id, user.id, address),
    ]
    stored = " ".join(f"{e.before} {e.after} {e.reason}" for e in _entries(db_session))
    assert "wrong password" not in stored
    assert "nobody@example.cn" not in stored


def test_the_right_password_to_a_deactivated_account_is_recorded(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(email="gone@example.cn")
    user.is_active = False
    db_session.commit()
    _post_login(client, "gone@example.cn", PASSWORD)
    assert [(e.action, e.actor_id) for e in _entries(db_session)] == [("login.deactivated", None)]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh", ("登录失败（密码错误）", "登录页（未登录）", f"网络地址 {ADDRESS}", "退出登录")),
        (
            "en",
            (
                "Failed login (wrong password)",
                "Login page (not logged in)",
                f"Network address {ADDRESS}",
                "Log out",
            ),
        ),
    ],
)
def test_the_account_group_lists_them_on_the_audit_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, words: tuple[str, ...]
) -> None:
    make_user(email="wang@example.cn", name="王磊")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    _post_login(client, "wang@example.cn", "wrong password 1")
    _post_login(client, "wang@example.cn", PASSWORD)
    client.post("/logout", environ_base={"REMOTE_ADDR": ADDRESS})
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    page = client.get("/audit/?action=account").get_data(as_text=True)
    rows = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.split("<tbody>")[-1])).split())
    for word in words:
        assert word in rows
    assert "命令行" not in rows
    assert "Command line" not in rows
    option = "账号：登录、退出、登录失败和密码（全部）" if lang == "zh" else "Account: logins"
    assert option in html.unescape(page)


def test_a_lockout_keeps_only_the_domain_of_an_unknown_e_mail(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_SLOWDOWN_PER_ADDRESS", "100 per minute")
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_PER_ADDRESS", "3 per hour")
    for n in range(3):
        _post_login(client, f"hunter{n}secret@example.cn", "x")
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "login.lockout")).one()
    assert "hunter" not in (entry.after or "")
    assert "…@example.cn" in (entry.after or "")
