"""The current-password check on the password page is throttled like a login (QA qa7 D6)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts import services
from rcapp.audit.models import AuditEntry
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user

NEW = "a brand new secret"


@pytest.fixture
def advance(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    offset = [0.0]
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + offset[0])

    def forward(seconds: float) -> None:
        offset[0] += seconds

    return forward


def _change(client: FlaskClient, current: str) -> tuple[int, str]:
    response = client.post(
        "/account/password",
        data={"current_password": current, "password": NEW, "confirm": NEW},
    )
    return response.status_code, response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "held_text"),
    [("zh_CN", "当前密码输入错误次数过多"), ("en", "Too many wrong current passwords")],
)
def test_guessing_the_current_password_is_slowed_down(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str, held_text: str
) -> None:
    """QA: 15 wrong current passwords, then the right one was accepted at once."""
    user = make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    client.get(f"/lang/{language}?next=/")
    for _ in range(5):
        code, page = _change(client, "a wrong guess")
        assert code == 200
        assert ("当前密码不正确" if language == "zh_CN" else "current password") in page
    code, page = _change(client, PASSWORD)
    assert code == 429
    assert held_text in page
    assert "network address" not in page  # the account is held, not the office
    assert "网络地址" not in page
    db_session.expire_all()
    assert services.password_matches(user, PASSWORD)  # not changed


def test_failures_count_for_the_account_and_a_lockout_is_logged_and_audited(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    advance: Callable[[float], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = make_user(email="hse@example.cn")
    make_user(email="colleague@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    with caplog.at_level(logging.WARNING, logger="rcapp.accounts.throttle"):
        for _ in range(2):  # 5 a minute slow down; 10 in 15 minutes lock out
            for _ in range(5):
                assert _change(client, "a wrong guess")[0] == 200
            advance(61)
    assert "Login lockout (account) for hse@example.cn" in caplog.text
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "login.lockout")).one()
    assert entry.entity_id == user.id
    code, page = _change(client, PASSWORD)
    assert code == 429
    assert "已暂时锁定" in page
    # The account's login is held too (from any address), on a browser it never used (this
    # one, where it logged in, is a known device: QA32 S1); a colleague's is not.
    client.post("/logout")
    held = app.test_client().post("/login", data={"email": "hse@example.cn", "password": PASSWORD})
    assert held.status_code == 429
    auth.login("colleague@example.cn")
    client.post("/logout")
    # After the lockout the right password works again, on both pages.
    advance(15 * 60 + 1)
    auth.login("hse@example.cn")
    assert _change(client, PASSWORD)[0] == 302


def test_the_office_address_is_not_counted(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Wrong current passwords are the account's, not the colleagues' behind one address."""
    monkeypatch.setitem(app.config, "LOGIN_SLOWDOWN_PER_ADDRESS", "3 per minute")
    make_user(email="hse@example.cn")
    make_user(email="colleague@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    for _ in range(4):
        assert _change(client, "a wrong guess")[0] == 200
    client.post("/logout")
    auth.login("colleague@example.cn")  # same address: not held
