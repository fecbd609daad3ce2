"""Sessions end for good, invitation links work once, first passwords are replaced, rules hold."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp import create_app
from rcapp.accounts import services
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_organisation, make_secretariat, make_user

PRIVATE_PAGE = "/account/password"


def _session_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app: Flask, cookie: str) -> int:
    """Open a private page in another browser that holds a copy of `cookie`.

    A fresh app context gives the request its own `g`, so neither the logged-in user nor the
    database session of the test's own requests is reused.
    """
    other = app.test_client()
    other.set_cookie("session", cookie)
    with app.app_context():
        return other.get(PRIVATE_PAGE).status_code


def test_a_copied_cookie_stops_working_after_logout(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    cookie = _session_cookie(client)
    assert _replay(app, cookie) == 200
    auth.logout()
    assert _replay(app, cookie) == 302  # sent to the login page


def test_a_password_change_ends_other_sessions_but_not_this_one(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    stolen = _session_cookie(client)
    response = client.post(
        PRIVATE_PAGE,
        data={
            "current_password": PASSWORD,
            "password": "a brand new secret",
            "confirm": "a brand new secret",
        },
    )
    assert response.status_code == 302
    assert client.get(PRIVATE_PAGE).status_code == 200
    assert _replay(app, stolen) == 302


def test_deactivation_ends_sessions_even_after_reactivation(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    user = make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    cookie = _session_cookie(client)
    services.set_user_active(user, False, None)
    services.set_user_active(user, True, None)
    db_session.commit()
    assert _replay(app, cookie) == 302


def test_an_older_invitation_link_is_refused_once_a_newer_one_exists(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(email="new@example.cn", password=None)
    first = services.issue_invitation(user, None)
    second = services.issue_invitation(user, None)
    db_session.commit()
    refused = client.get(f"/invite/{first}")
    assert refused.status_code == 404
    assert client.get(f"/invite/{second}").status_code == 200


def test_an_invitation_link_works_once(client: FlaskClient, db_session: Session) -> None:
    user = make_user(email="new@example.cn", password=None)
    token = services.issue_invitation(user, None)
    db_session.commit()
    form = {"password": "my own good secret", "confirm": "my own good secret"}
    assert client.post(f"/invite/{token}", data=form).status_code == 302
    client.post("/logout")
    again = {"password": "the attacker's one", "confirm": "the attacker's one"}
    assert client.post(f"/invite/{token}", data=again).status_code == 404
    db_session.refresh(user)
    assert services.password_matches(user, "my own good secret")


def test_setting_a_password_revokes_open_invitation_links(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    user = make_user(email="hse@example.cn", password=None)
    token = services.issue_invitation(user, None)
    services.set_password(user, "chosen elsewhere 42")
    db_session.commit()
    form = {"password": "the attacker's one", "confirm": "the attacker's one"}
    assert client.post(f"/invite/{token}", data=form).status_code == 404
    auth.login("hse@example.cn", "chosen elsewhere 42")


def test_a_first_password_must_be_changed_before_any_other_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="first@example.cn", must_change_password=True)
    db_session.commit()
    auth.login("first@example.cn")
    for path in ["/", "/admin/users", "/organisations/", "/audit/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.headers["Location"] == PRIVATE_PAGE
    assert client.get(PRIVATE_PAGE).status_code == 200
    client.post(
        PRIVATE_PAGE,
        data={
            "current_password": PASSWORD,
            "password": "now it is mine",
            "confirm": "now it is mine",
        },
    )
    assert client.get("/").status_code == 200


RULES = [
    ("short1!", "密码至少需要 10 个字符", "needs at least 10 characters"),
    ("Qx7!mZ" * 22, "不能超过 128 个字符", "at most 128 characters"),
    ("aaaaaaaaaa", "不同的字符太少", "too few different characters"),
    ("Password2024!", "这个密码太常见", "too common"),
    ("qwertyuiop", "这个密码太常见", "too common"),
    ("zhang.wei 2025", "电子邮箱或所在单位的名称", "e-mail address or your organisation"),
    ("金陵化工有限公司密码", "电子邮箱或所在单位的名称", "e-mail address or your organisation"),
]


@pytest.mark.parametrize(("password", "chinese", "english"), RULES)
def test_each_password_rule_is_explained_in_chinese_and_english(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    password: str,
    chinese: str,
    english: str,
) -> None:
    organisation = make_organisation(name_zh="金陵化工有限公司", name_en="Jinling Chemicals Co.")
    make_user(organisation, email="zhang.wei@jinling-chem.cn")
    db_session.commit()
    auth.login("zhang.wei@jinling-chem.cn")
    form = {"current_password": PASSWORD, "password": password, "confirm": password}
    assert chinese in client.post(PRIVATE_PAGE, data=form).get_data(as_text=True)
    client.get("/lang/en")
    with app.app_context():  # Flask-Babel keeps the language for the app context
        assert english in client.post(PRIVATE_PAGE, data=form).get_data(as_text=True)


def test_a_weak_first_password_from_the_secretariat_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post(
        "/admin/users/new",
        data={"name": "王工", "email": "wang@example.cn", "organisation_id": "",
              "is_secretariat": "y", "role": "member", "access": "password",
              "password": "1234567890"},
    ).get_data(as_text=True)  # fmt: skip
    assert "这个密码太常见" in page
    assert services.find_user_by_email("wang@example.cn") is None


def test_pages_with_user_data_are_never_cached(client: FlaskClient) -> None:
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    static = client.get("/static/css/app.css")
    static.close()
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_https_configuration_sends_hsts_and_secure_cookies(tmp_path: object) -> None:
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "HTTPS": True, "DATABASE_URL": "sqlite://"}
    )
    client = app.test_client()
    response = client.get("/lang/en")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = client.get_cookie("session")
    assert cookie is not None
    assert cookie.secure


def test_the_new_password_must_differ_from_the_current_one(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_user(email="hse@example.cn")
    db_session.commit()
    auth.login("hse@example.cn")
    form = {"current_password": PASSWORD, "password": PASSWORD, "confirm": PASSWORD}
    page = client.post(PRIVATE_PAGE, data=form)
    assert page.status_code == 200
    assert "新密码不能与当前密码相同。" in page.get_data(as_text=True)
    client.get("/lang/en")
    with app.app_context():  # Flask-Babel keeps the language for the app context
        english = client.post(PRIVATE_PAGE, data=form).get_data(as_text=True)
    assert "The new password must differ from the current one." in english


@pytest.mark.parametrize(
    ("language", "button", "done"),
    [
        ("zh_CN", "退出（所有设备）", "在其他设备和浏览器上的登录也已结束"),
        ("en", "Log out (all devices)", "your logins on other devices and browsers have ended too"),
    ],
)
def test_the_logout_button_says_it_ends_the_login_on_every_device(
    app: Flask,
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    language: str,
    button: str,
    done: str,
) -> None:
    """QA: logging out on one device ended the other device's login unannounced.

    Kept on purpose (the cookie is the session's only record: ending a copied one needs the
    version raised); the button and the message now say so.
    """
    make_user(email="hse@example.cn")
    db_session.commit()
    other = app.test_client()
    other.post("/login", data={"email": "hse@example.cn", "password": PASSWORD})
    auth.login("hse@example.cn")
    client.get(f"/lang/{language}?next=/")
    assert f'title="{button}"' in client.get("/").get_data(as_text=True)
    page = client.post("/logout", follow_redirects=True).get_data(as_text=True)
    assert done in page
    with app.app_context():
        assert other.get(PRIVATE_PAGE).status_code == 302
