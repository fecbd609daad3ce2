"""Login floods: slowed down, then locked out (logged and audited), then let in again."""

from __future__ import annotations

import logging
import os
import secrets
import time
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from limits import parse
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp import create_app
from rcapp.audit.models import AuditEntry
from rcapp.db import ENGINE_KEY, SESSIONMAKER_KEY
from tests.factories import PASSWORD, make_user

Advance = Callable[[float], None]


@pytest.fixture
def advance(monkeypatch: pytest.MonkeyPatch) -> Advance:
    """A controllable clock for the rate-limit windows: real time plus what the test adds."""
    offset = [0.0]
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + offset[0])

    def forward(seconds: float) -> None:
        offset[0] += seconds

    return forward


@pytest.fixture
def small_limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "LOGIN_SLOWDOWN_PER_ACCOUNT": "3 per minute",
        "LOGIN_LOCKOUT_PER_ACCOUNT": "6 per hour",
        "LOGIN_SLOWDOWN_PER_ADDRESS": "4 per minute",
        "LOGIN_LOCKOUT_PER_ADDRESS": "8 per hour",
    }.items():
        monkeypatch.setitem(app.config, key, value)


def _login(client: FlaskClient, email: str, password: str, address: str = "203.0.113.7") -> int:
    response = client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def _inside_the_test(server: Flask, app: Flask) -> Flask:
    """A second app server writing through the test's rolled-back transaction.

    Its audit entries of failed logins would otherwise be committed for good, and a later
    test on the same database (another file on the same worker) would find them (CI, stop 35).
    """
    server.extensions[SESSIONMAKER_KEY] = app.extensions[SESSIONMAKER_KEY]
    return server


def _page(client: FlaskClient, email: str, password: str, address: str = "203.0.113.7") -> str:
    response = client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.get_data(as_text=True)


@pytest.mark.usefixtures("small_limits")
def test_a_flood_from_one_address_is_slowed_then_locked_then_let_in_again(
    client: FlaskClient, db_session: Session, advance: Advance, caplog: pytest.LogCaptureFixture
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    # Guessing many accounts from one address: each guess is a different e-mail.
    assert [_login(client, f"guess{n}@example.cn", "wrong guess") for n in range(4)] == [200] * 4
    slowed = client.post(
        "/login",
        data={"email": "hse@example.cn", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert slowed.status_code == 429
    assert "登录失败次数过多，请" in slowed.get_data(as_text=True)
    assert 0 < int(slowed.headers["Retry-After"]) <= 60

    advance(61)
    with caplog.at_level(logging.WARNING, logger="rcapp.accounts.throttle"):
        assert [_login(client, f"more{n}@example.cn", "wrong") for n in range(4)] == [200] * 4
    assert "Login lockout (address)" in caplog.text
    locked = _page(client, "hse@example.cn", PASSWORD)
    assert "已暂时锁定" in locked
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "login.lockout")).one()
    assert entry.field == "address:203.0.113.7"

    advance(30 * 60)
    assert _login(client, "hse@example.cn", PASSWORD) == 429  # still locked
    assert _login(client, "hse@example.cn", PASSWORD, address="198.51.100.9") == 302

    advance(31 * 60)  # the first failure is now more than an hour old
    client.post("/logout")
    assert _login(client, "hse@example.cn", PASSWORD) == 302


@pytest.mark.usefixtures("small_limits")
def test_guessing_one_account_from_many_addresses_locks_that_account_only(
    client: FlaskClient, db_session: Session, advance: Advance
) -> None:
    target = make_user(email="target@example.cn")
    make_user(email="colleague@example.cn")
    db_session.commit()
    codes = []
    for n in range(6):
        codes.append(_login(client, "target@example.cn", "wrong", address=f"192.0.2.{n}"))
        advance(21)  # stays under the slow-down limit: 3 a minute
    assert codes == [200] * 6
    assert _login(client, "target@example.cn", PASSWORD, address="192.0.2.99") == 429
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "login.lockout")).one()
    assert entry.entity_id == target.id
    assert '"account"' in (entry.after or "")
    assert _login(client, "colleague@example.cn", PASSWORD, address="192.0.2.99") == 302


@pytest.mark.usefixtures("small_limits")
def test_a_correct_password_clears_the_account_count(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(email="typo@example.cn")
    db_session.commit()
    for n in range(2):
        assert _login(client, "typo@example.cn", "wrong", address=f"192.0.2.{n}") == 200
    assert _login(client, "typo@example.cn", PASSWORD, address="192.0.2.50") == 302
    client.post("/logout")
    for n in range(2):
        assert _login(client, "typo@example.cn", "wrong", address=f"192.0.2.{n + 10}") == 200
    assert _login(client, "typo@example.cn", PASSWORD, address="192.0.2.51") == 302


def test_colleagues_behind_one_address_all_log_in(client: FlaskClient, db_session: Session) -> None:
    """Only failures count: thirty successful logins from one office address are fine."""
    emails = [make_user(email=f"office{n}@example.cn").email for n in range(30)]
    db_session.commit()
    for email in emails:
        assert _login(client, email, PASSWORD) == 302
        client.post("/logout")


@pytest.mark.usefixtures("small_limits")
def test_the_lockout_message_is_english_for_english_users(
    client: FlaskClient, db_session: Session
) -> None:
    client.get("/lang/en")
    for n in range(4):
        _login(client, f"x{n}@example.cn", "wrong")
    page = _page(client, "x@example.cn", "wrong")
    assert "Too many failed logins" in page


@pytest.mark.skipif(not os.environ.get("RCAPP_TEST_REDIS_URL"), reason="no Redis server given")
@pytest.mark.usefixtures("connection")  # the second servers write through its transaction
def test_app_servers_sharing_redis_share_the_failure_counts(app: Flask) -> None:
    """Two app servers on one Redis: failures on one slow down logins on the other."""
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": app.config["DATABASE_URL"],
        "RUBRICS_DIR": app.config["RUBRICS_DIR"],
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": os.environ["RCAPP_TEST_REDIS_URL"],
        "LOGIN_SLOWDOWN_PER_ADDRESS": "2 per minute",
    }
    first, second = (_inside_the_test(create_app(config), app) for _ in range(2))
    address = f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250)}"
    # Redis outlives the run: a fixed e-mail would carry its account count into the next run.
    email = f"nobody-{secrets.token_hex(4)}@example.cn"
    for _ in range(2):
        assert _login(first.test_client(), email, "wrong", address) == 200
    assert _login(second.test_client(), email, "wrong", address) == 429
    for server in (first, second):
        server.extensions[ENGINE_KEY].dispose()


@pytest.mark.usefixtures("connection")
def test_behind_a_trusted_proxy_each_person_is_counted_by_their_own_address(app: Flask) -> None:
    behind_proxy = _inside_the_test(
        create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "DATABASE_URL": app.config["DATABASE_URL"],
                "RUBRICS_DIR": app.config["RUBRICS_DIR"],
                "WTF_CSRF_ENABLED": False,
                "TRUSTED_PROXIES": 1,
                "LOGIN_SLOWDOWN_PER_ADDRESS": "2 per minute",
            }
        ),
        app,
    )
    client = behind_proxy.test_client()

    def attempt(forwarded_for: str) -> int:
        return client.post(
            "/login",
            data={"email": f"{forwarded_for}@example.cn", "password": "wrong"},
            headers={"X-Forwarded-For": forwarded_for},
            environ_base={"REMOTE_ADDR": "127.0.0.1"},  # the proxy
        ).status_code

    assert [attempt("198.51.100.1") for _ in range(3)] == [200, 200, 429]
    assert attempt("198.51.100.2") == 200  # a colleague is not slowed down
    behind_proxy.extensions[ENGINE_KEY].dispose()


def _amount(app: Flask, key: str) -> int:
    return int(parse(app.config[key]).amount)


def test_spraying_many_accounts_from_one_address_is_slowed_with_the_defaults(
    app: Flask, client: FlaskClient, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """QA: 12 wrong passwords over 3 accounts from one browser went unchecked (20 a minute)."""
    make_user(email="hse@example.cn")
    db_session.commit()
    slowdown = _amount(app, "LOGIN_SLOWDOWN_PER_ADDRESS")
    spray = [f"target{n % 20}@example.cn" for n in range(slowdown)]  # under 5 per account
    with caplog.at_level(logging.WARNING, logger="rcapp.accounts.throttle"):
        assert [_login(client, email, "Spring2025!") for email in spray] == [200] * slowdown
    assert "Login slowdown (address)" in caplog.text
    page = _page(client, "target0@example.cn", "Spring2025!")
    assert "登录失败次数过多，请" in page
    assert "分钟后再试" in page
    # Even the right password waits: the address, not the account, is slowed down.
    assert _login(client, "hse@example.cn", PASSWORD) == 429
    # Another address is not slowed by this one's failures.
    assert _login(client, "hse@example.cn", PASSWORD, address="198.51.100.9") == 302


def test_one_address_locked_out_leaves_another_address_free(
    app: Flask, client: FlaskClient, db_session: Session, advance: Advance
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    slowdown = _amount(app, "LOGIN_SLOWDOWN_PER_ADDRESS")
    lockout = _amount(app, "LOGIN_LOCKOUT_PER_ADDRESS")
    failures = 0
    while failures < lockout:  # up to the slow-down, then wait it out, until the lockout
        for n in range(min(slowdown, lockout - failures)):
            assert _login(client, f"guess{failures}-{n}@example.cn", "wrong") == 200
        failures += min(slowdown, lockout - failures)
        advance(5 * 60 + 1)
    locked = client.post(
        "/login",
        data={"email": "hse@example.cn", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert locked.status_code == 429
    assert "已暂时锁定" in locked.get_data(as_text=True)
    assert _login(client, "hse@example.cn", PASSWORD, address="198.51.100.10") == 302


def test_an_office_behind_one_address_mistyping_in_the_morning_is_not_held(
    client: FlaskClient, db_session: Session
) -> None:
    """QA: 10 failures in 5 minutes from one office address held every colleague for minutes."""
    make_user(email="late@example.cn")
    db_session.commit()
    # Forty colleagues each mistype once or twice within five minutes (a training room).
    for n in range(40):
        assert _login(client, f"colleague{n % 25}@example.cn", "typo") == 200
    assert _login(client, "late@example.cn", PASSWORD) == 302


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize(
    ("language", "address_text", "account_text"),
    [
        ("zh_CN", "来自您所在网络地址的登录失败次数过多", "登录失败次数过多，请"),
        ("en", "Too many failed logins from your network address", "Too many failed logins"),
    ],
)
def test_an_address_hold_says_it_is_the_network_not_the_person(
    client: FlaskClient, db_session: Session, language: str, address_text: str, account_text: str
) -> None:
    """QA: a colleague with the right password was told *their* logins failed too often."""
    make_user(email="colleague@example.cn")
    make_user(email="typo@example.cn")
    db_session.commit()
    client.get(f"/lang/{language}?next=/")
    for n in range(4):  # someone else guessing four accounts from the office address
        _login(client, f"guess{n}@example.cn", "wrong")
    held = client.post(
        "/login",
        data={"email": "colleague@example.cn", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "203.0.113.7"},
    )
    assert held.status_code == 429
    text = held.get_data(as_text=True)
    assert address_text in text
    assert ("秒后再试" if language == "zh_CN" else "seconds") in text
    # The account's own failures, from addresses of their own, keep the account's message.
    for n in range(3):
        _login(client, "typo@example.cn", "wrong", address=f"192.0.2.{n}")
    own = _page(client, "typo@example.cn", PASSWORD, address="192.0.2.99")
    assert account_text in own
    assert address_text not in own


@pytest.mark.usefixtures("small_limits")
def test_an_address_lockout_names_the_network_and_the_wait(
    client: FlaskClient, db_session: Session, advance: Advance
) -> None:
    for n in range(8):
        _login(client, f"guess{n}@example.cn", "wrong")
        advance(16)  # under the slow-down: 4 a minute
    page = _page(client, "someone@example.cn", PASSWORD)
    assert "来自您所在网络地址的登录失败次数过多，已暂时锁定，请" in page
    assert "分钟后再试" in page
