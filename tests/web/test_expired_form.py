"""A form posted after its session ended says what happened and how to keep the input."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment

LAN_ADDRESS = "http://rc.test:5213"  # the server's name on the office network, before TLS


def test_a_save_with_a_stale_token_is_refused_with_what_to_do_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        _refused(client, url)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _refused(client: FlaskClient, url: str) -> None:
    response = client.post(url, data={"csrf_token": "from-a-session-that-ended"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已失效，未保存" in page
    assert "后退" in page

    client.get("/lang/en")
    page = client.post(url, data={}).get_data(as_text=True)
    assert "This page has expired; nothing was saved" in page
    assert "Back button" in page


def test_a_stale_token_while_still_logged_in_does_not_say_the_login_ended(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    """QA: the page said "您的登录已过期或已在别处退出" while the header showed the user."""
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.post(url, data={"csrf_token": "stale"}).get_data(as_text=True)
        assert "您仍处于登录状态" in page
        assert "打开的时间太长" in page
        assert "您的登录已过期" not in page
        client.get("/lang/en")
        page = client.post(url, data={"csrf_token": "stale"}).get_data(as_text=True)
        assert "You are still logged in, but this page was open too long" in page
        assert "Your login expired" not in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_stale_token_after_the_login_ended_says_so(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    client.post("/logout")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        page = client.post(url, data={"csrf_token": "stale"}).get_data(as_text=True)
        assert "您的登录已过期或已在别处退出" in page
        assert "您仍处于登录状态" not in page
        client.get("/lang/en")
        page = client.post(url, data={"csrf_token": "stale"}).get_data(as_text=True)
        assert "Your login expired, or you logged out elsewhere" in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(
    ("lang", "told"),
    [("zh_CN", "这个页面已失效（例如您在其他标签页中重新登录过），还没有退出。"),
     ("en", "This page has expired (you may have logged in again in another tab)")],
)  # fmt: skip
def test_logging_out_needs_the_token_and_a_stale_one_gets_a_button_to_confirm(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask, lang: str, told: str
) -> None:
    """QA: "退出" with a stale token answered "页面已失效，未保存 (400)"; QA32 S6: a POST
    without a token logged out (another site's form could). Now it asks once more."""
    member_with_assessment(db_session, auth)
    client.get(f"/lang/{lang}")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        for data in ({"csrf_token": "stale"}, {}):
            response = client.post("/logout", data=data)
            page = response.get_data(as_text=True)
            assert response.status_code == 400
            assert told in page
            assert client.get("/account/password").status_code == 200  # still logged in
        fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
        assert fresh is not None, page
        response = client.post("/logout", data={"csrf_token": fresh.group(1)})
        assert response.status_code == 302
        assert client.get("/account/password").status_code == 302  # to the login page
        assert client.post("/logout", data={}).status_code == 302  # logged out already
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_lost_session_s_refused_save_follows_the_browser_s_language_and_links_back(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    """QA S16: an English user whose cookie was lost got the page in Chinese, and the login
    link had no next=."""
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    back = f"/login?next=/assessments/{assessment.id}/sections/MS"
    # Cookies cleared: the login and the chosen language are gone. A fresh app context, so
    # the user the test's own requests loaded is not reused.
    browser = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        with app.app_context():
            response = browser.post(
                url,
                data={"csrf_token": "stale"},
                headers={"Accept-Language": "en-GB,en;q=0.9", "Referer": f"http://localhost{url}"},
            )
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "This page has expired; nothing was saved" in page
        assert "Your login expired, or you logged out elsewhere" in page
        assert "页面已失效" not in page
        assert f'href="{back}"' in page
        # A Chinese browser gets it in Chinese; another site's page is not linked back to.
        with app.app_context():
            page = browser.post(
                url,
                data={"csrf_token": "stale"},
                headers={"Accept-Language": "zh-CN,zh;q=0.9", "Referer": "https://evil.example/x"},
            ).get_data(as_text=True)
        assert "页面已失效，未保存" in page
        assert "evil.example" not in page
        assert f'href="{back}"' in page
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_secure_cookies_over_plain_http_say_the_real_cause_and_log_it_once(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    app: Flask,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """QA13 D5: RCAPP_HTTPS=true opened over http://host: "page expired" hid the cause."""
    import logging

    from flask_babel import refresh as refresh_babel

    from rcapp import security

    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    app.config.update(WTF_CSRF_ENABLED=True, HTTPS=True)
    app.extensions[security.PLAIN_HTTP_WARNED_KEY] = False
    app.before_request_funcs[None].append(security.warn_plain_http)
    try:
        with caplog.at_level(logging.WARNING, logger="rcapp.security"):
            # The loopback address works in browsers (an SSH tunnel): no warning there.
            page = client.post(url, data={"csrf_token": "x"}).get_data(as_text=True)
            assert "只通过 HTTPS 使用" not in page
            assert not caplog.records
            page = client.post(url, data={"csrf_token": "x"}, base_url=LAN_ADDRESS).get_data(
                as_text=True
            )
            client.post(url, data={"csrf_token": "x"}, base_url=LAN_ADDRESS)
        assert "只通过 HTTPS 使用" in page
        assert "http://rc.test:5213/" in page
        assert "RCAPP_HTTPS=false" in page
        assert "打开的时间太长" not in page
        assert "重新登录" not in page  # it would fail the same way
        warnings = [r for r in caplog.records if "RCAPP_HTTPS=true" in r.getMessage()]
        assert len(warnings) == 1
        # (The test client keeps the non-Secure test cookie per host; a browser would not.)
        client.get("/lang/en", base_url=LAN_ADDRESS)
        refresh_babel()  # CSRF refuses before conftest's per-request refresh of the locale
        page = client.post(url, data={"csrf_token": "x"}, base_url=LAN_ADDRESS).get_data(
            as_text=True
        )
        assert "This site is set to be used over HTTPS only" in page
        # Over HTTPS (or a trusted proxy's X-Forwarded-Proto) the usual words stay.
        page = client.post(url, data={"csrf_token": "x"}, base_url="https://rc.test:5213").get_data(
            as_text=True
        )
        assert "HTTPS only" not in page
        assert "was open too long" in page
    finally:
        app.before_request_funcs[None].remove(security.warn_plain_http)
        app.config.update(WTF_CSRF_ENABLED=False, HTTPS=False)
