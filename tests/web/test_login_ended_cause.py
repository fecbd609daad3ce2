"""QA (qa12 S9): a save after the account was deactivated, or its password changed on another
device, names the cause on the login page; a deactivated user is not promised a restore
after logging in (they cannot). Nobody but the holder of that session is told."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from rcapp.accounts import credentials, services
from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import make_user
from tests.web.helpers import member_with_assessment


def _save_and_read_login_page(client: FlaskClient, url: str) -> str:
    sent = _fresh(client, "POST", url, headers={"Referer": f"http://localhost{url}"})
    assert sent.status_code == 302
    assert "/login" in sent.headers["Location"]
    return _fresh(client, "GET", sent.headers["Location"]).get_data(as_text=True)


def _fresh(client: FlaskClient, method: str, url: str, **kwargs: Any) -> TestResponse:
    """Send as a new request, in its own app context: no user kept from earlier requests."""
    with client.application.app_context():
        return client.open(url, method=method, **kwargs)


def test_deactivated_by_the_organisation_admin_says_so_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    admin = make_user(world.org_a, OrgRole.ADMIN)
    services.set_user_active(world.user_a, False, admin)
    db_session.commit()

    page = _save_and_read_login_page(client, url)
    assert "您的账号已停用，刚才的输入没有保存。请联系本单位管理员。" in page
    assert "您的登录已过期" not in page
    assert "重新登录" not in page

    client.get("/lang/en")
    page = _save_and_read_login_page(client, url)
    assert "Your account has been deactivated, so your input was not saved" in page
    assert "organisation’s administrator" in page
    assert "log in again" not in page
    assert "restore the unsaved input" not in page

    page = _fresh(client, "GET", _fresh(client, "GET", url).headers["Location"]).get_data(
        as_text=True
    )
    assert "Your account has been deactivated. Please contact" in page


def test_deactivated_by_the_secretariat_names_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    services.set_user_active(world.user_a, False, world.secretariat)
    db_session.commit()

    page = _save_and_read_login_page(client, f"/assessments/{assessment.id}/kpis")
    assert "您的账号已被秘书处停用，刚才的输入没有保存。请联系秘书处。" in page
    assert "重新登录" not in page


def test_a_password_changed_on_another_device_says_so_and_offers_the_restore(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/kpis"
    services.change_password(world.user_a, "a quite different passphrase 7")
    db_session.commit()

    page = _save_and_read_login_page(client, url)
    assert "您的密码已在其他设备或浏览器上修改" in page
    assert "请用新密码重新登录，将回到该页面，可在页面顶部恢复未保存的输入" in page

    client.get("/lang/en")
    page = _save_and_read_login_page(client, url)
    assert "Your password was changed on another device or browser" in page


def test_a_logout_elsewhere_keeps_the_usual_message(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    credentials.revoke_sessions(world.user_a)
    db_session.commit()

    page = _save_and_read_login_page(client, f"/assessments/{assessment.id}/kpis")
    assert "您的登录已过期，刚才的输入没有保存" in page
    assert "停用" not in page
    assert "密码已在其他设备" not in page


def test_another_browser_is_told_nothing_about_the_account(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world, assessment = member_with_assessment(db_session, auth)
    services.set_user_active(world.user_a, False, world.secretariat)
    db_session.commit()
    other = client.application.test_client()

    page = _save_and_read_login_page(other, f"/assessments/{assessment.id}/kpis")
    assert "停用" not in page
    assert "您的登录已过期，刚才的输入没有保存" in page
