"""QA32 S1/S5: a locked account still lets its owner in from a browser it used before; one
address gets a day's limit; the password-change page words its own hold."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts import devices
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_user

OWNER_ADDRESS = "192.0.2.10"
ATTACKER_ADDRESS = "198.51.100.66"


@pytest.fixture
def small_limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {
        "LOGIN_SLOWDOWN_PER_ACCOUNT": "3 per minute",
        "LOGIN_LOCKOUT_PER_ACCOUNT": "6 per hour",
        "LOGIN_SLOWDOWN_PER_ADDRESS": "100 per minute",
        "LOGIN_LOCKOUT_PER_ADDRESS": "100 per hour",
        "LOGIN_LOCKOUT_PER_ADDRESS_DAY": "100 per day",
    }.items():
        monkeypatch.setitem(app.config, key, value)


def _login(client: FlaskClient, email: str, password: str, address: str) -> int:
    response = client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )
    return response.status_code


@pytest.mark.usefixtures("small_limits")
def test_a_locked_account_still_opens_with_the_right_password_on_a_known_browser(
    app: Flask, db_session: Session
) -> None:
    make_user(email="sec@example.cn")
    db_session.commit()
    owner = app.test_client()
    assert _login(owner, "sec@example.cn", PASSWORD, OWNER_ADDRESS) == 302
    assert owner.get_cookie(devices.COOKIE) is not None
    owner.post("/logout")

    attacker = app.test_client()
    codes = [_login(attacker, "sec@example.cn", "wrong guess", ATTACKER_ADDRESS) for _ in range(8)]
    assert codes[-1] == 429
    # A new browser, even with the right password, waits: the account is held for it.
    assert _login(app.test_client(), "sec@example.cn", PASSWORD, OWNER_ADDRESS) == 429
    # The owner's browser gets in.
    assert _login(owner, "sec@example.cn", PASSWORD, OWNER_ADDRESS) == 302
    owner.post("/logout")
    # Its own wrong passwords are still limited, on their own count.
    mine = [_login(owner, "sec@example.cn", "typo", OWNER_ADDRESS) for _ in range(4)]
    assert mine == [200, 200, 200, 429]


@pytest.mark.usefixtures("small_limits")
def test_a_device_cookie_of_another_account_or_forged_does_not_help(
    app: Flask, db_session: Session
) -> None:
    make_user(email="a@example.cn")
    make_user(email="b@example.cn")
    db_session.commit()
    browser = app.test_client()
    assert _login(browser, "a@example.cn", PASSWORD, OWNER_ADDRESS) == 302
    browser.post("/logout")
    attacker = app.test_client()
    for _ in range(7):
        _login(attacker, "b@example.cn", "wrong guess", ATTACKER_ADDRESS)
    assert _login(browser, "b@example.cn", PASSWORD, OWNER_ADDRESS) == 429  # a's, not b's
    forged = app.test_client()
    forged.set_cookie(devices.COOKIE, "eyJ1c2VyIjoyfQ.forged.sig")
    assert _login(forged, "b@example.cn", PASSWORD, OWNER_ADDRESS) == 429


def test_one_address_has_a_days_limit_over_many_accounts(
    app: Flask, client: FlaskClient, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "LOGIN_LOCKOUT_PER_ADDRESS_DAY", "6 per day")
    spray = [_login(client, f"t{n}@example.cn", "Spring2025!", ATTACKER_ADDRESS) for n in range(7)]
    assert spray == [200] * 6 + [429]
    page = client.post(
        "/login",
        data={"email": "t9@example.cn", "password": "Spring2025!"},
        environ_base={"REMOTE_ADDR": ATTACKER_ADDRESS},
    ).get_data(as_text=True)
    assert "来自您所在网络地址的登录失败次数过多，已暂时锁定" in page
    assert _login(client, "t9@example.cn", "Spring2025!", "203.0.113.99") == 200


@pytest.mark.parametrize(
    ("lang", "held", "not_said"),
    [("zh_CN", "当前密码输入错误次数过多（登录时输错的密码也计算在内），请", "登录失败次数过多"),
     ("en", "Too many wrong current passwords (wrong passwords at login count too)",
      "Too many failed logins")],
)  # fmt: skip
def test_the_password_page_words_its_hold_for_the_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, held: str,
    not_said: str,
) -> None:  # fmt: skip
    make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    client.get(f"/lang/{lang}?next=/")
    data = {
        "current_password": "wrong",
        "password": "a brand new secret",
        "confirm": "a brand new secret",
    }
    codes = [client.post("/account/password", data=data).status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    page = client.post("/account/password", data=data).get_data(as_text=True)
    assert held in page
    assert not_said not in page
