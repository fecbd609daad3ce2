"""Who stopped an account decides who may start it again; the confirmation names group roles.

QA qa7 D5: a company admin silently reactivated an account the secretariat had stopped.
QA qa7 smaller 8: stopping a working-group lead gave no warning.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import GroupRole, OrgRole
from tests.conftest import AuthActions
from tests.factories import make_cast, make_group_role, make_user

CONFIRMED = {"confirmed": "1"}


def _stop_as_secretariat(
    client: FlaskClient, auth: AuthActions, user_id: int, reason: str = ""
) -> None:
    auth.login("sec@example.cn")
    response = client.post(
        f"/admin/users/{user_id}/deactivate", data=CONFIRMED | {"reason": reason}
    )
    assert response.status_code == 302
    auth.logout()


@pytest.mark.parametrize(
    ("language", "by_text", "only_text", "refused_text"),
    [
        ("zh_CN", "由秘书处停用", "只有秘书处可以重新启用", "的账号由秘书处于"),
        (
            "en",
            "Deactivated by the secretariat",
            "Only the secretariat can reactivate",
            "was deactivated by the secretariat on",
        ),
    ],
)
def test_an_account_the_secretariat_stopped_is_not_reactivated_by_the_admin(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    language: str,
    by_text: str,
    only_text: str,
    refused_text: str,
) -> None:
    cast = make_cast()
    db_session.commit()
    _stop_as_secretariat(client, auth, cast.member.id, reason="已离职 <b>x</b>")
    auth.login("admin@example.cn")
    client.get(f"/lang/{language}?next=/")
    base = f"/organisations/{cast.organisation.id}/users"
    page = client.get(base).get_data(as_text=True)
    assert by_text in page
    assert "已离职 &lt;b&gt;x&lt;/b&gt;" in page  # the reason, escaped
    assert only_text in page
    assert f"{base}/{cast.member.id}/reactivate" not in page  # no button
    # A crafted POST is refused with the same explanation.
    response = client.post(f"{base}/{cast.member.id}/reactivate", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert refused_text in text
    assert "已离职" in text
    db_session.refresh(cast.member)
    assert not cast.member.is_active


def test_the_secretariat_reactivates_what_it_stopped(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    _stop_as_secretariat(client, auth, cast.member.id)
    auth.login("sec@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    page = client.get(base).get_data(as_text=True)
    assert "由秘书处停用" in page
    assert f"{base}/{cast.member.id}/reactivate" in page  # the secretariat keeps the button
    client.post(f"{base}/{cast.member.id}/reactivate")
    db_session.refresh(cast.member)
    assert cast.member.is_active


def test_an_account_the_admin_stopped_stays_reactivatable_by_the_admin(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    client.post(f"{base}/{cast.member.id}/deactivate", data=CONFIRMED | {"reason": "休产假"})
    page = client.get(base).get_data(as_text=True)
    assert "由秘书处停用" not in page
    assert "休产假" in page
    assert f"{base}/{cast.member.id}/reactivate" in page
    client.post(f"{base}/{cast.member.id}/reactivate")
    db_session.refresh(cast.member)
    assert cast.member.is_active


def test_a_stop_from_the_command_line_counts_as_the_secretariats(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    from rcapp.accounts import services

    cast = make_cast()
    services.set_user_active(cast.member, False, None)
    db_session.commit()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/users"
    client.post(f"{base}/{cast.member.id}/reactivate")
    db_session.refresh(cast.member)
    assert not cast.member.is_active


def test_a_too_long_reason_is_refused_next_to_the_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        f"/admin/users/{cast.member.id}/deactivate", data=CONFIRMED | {"reason": "长" * 501}
    )
    assert response.status_code == 200
    assert "停用原因不能超过 500 个字符" in response.get_data(as_text=True)
    db_session.refresh(cast.member)
    assert cast.member.is_active


@pytest.mark.parametrize(
    ("language", "warning", "lead", "reviewer"),
    [
        ("zh_CN", "该用户在工作组中担任以下角色", "组长", "评审员"),
        ("en", "holds these working-group roles", "Lead", "Reviewer"),
    ],
)
def test_the_confirmation_names_the_working_group_roles_that_are_lost(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    language: str,
    warning: str,
    lead: str,
    reviewer: str,
) -> None:
    cast = make_cast()
    make_user(cast.outsider_org, OrgRole.ADMIN, email="outsider.admin@example.cn")
    make_group_role(cast.lead, cast.group, GroupRole.REVIEWER)
    db_session.commit()
    auth.login("outsider.admin@example.cn")
    client.get(f"/lang/{language}?next=/")
    url = f"/organisations/{cast.outsider_org.id}/users/{cast.lead.id}/deactivate"
    page = client.get(url).get_data(as_text=True)
    assert warning in page
    group_name = cast.group.display_name("en" if language == "en" else "zh_CN")
    assert f"{group_name}：{lead}" in page or f"{group_name}: {lead}" in page
    assert reviewer in page
    # Someone without a group role gets no such warning.
    url = f"/organisations/{cast.outsider_org.id}/users/{cast.deputy.id}/deactivate"
    assert warning in client.get(url).get_data(as_text=True)
    plain = make_user(cast.outsider_org, email="plain@example.cn")
    db_session.commit()
    url = f"/organisations/{cast.outsider_org.id}/users/{plain.id}/deactivate"
    assert warning not in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh_CN", "您的账号已被秘书处停用，无法登录。如需恢复使用，请联系秘书处。"),
        ("en", "Your account was deactivated by the secretariat"),
    ],
)
def test_the_login_of_an_account_the_secretariat_stopped_names_only_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str, text: str
) -> None:
    cast = make_cast()
    db_session.commit()
    _stop_as_secretariat(client, auth, cast.member.id)
    client.get(f"/lang/{language}?next=/")
    page = client.post(
        "/login", data={"email": "member@example.cn", "password": "correct horse battery"}
    ).get_data(as_text=True)
    assert text in page
    assert "（或本单位管理员）" not in page
    assert "(or your organisation" not in page
