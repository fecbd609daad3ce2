"""User administration says what it did: taken e-mails, mailed invitations, deactivation."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_cast, make_user

INVITE_LINK = re.compile(r'id="invitation-url"[^>]*>(http://localhost/invite/[A-Za-z0-9_\-]+)<')


def _text(response: object) -> str:
    page = html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def _new_user(**overrides: str) -> dict[str, str]:
    return {"name": "李工", "email": "li@example.cn", "organisation_id": "", "role": "member",
            "access": "invite"} | overrides  # fmt: skip


# --- a taken e-mail address ----------------------------------------------------------------


def test_the_secretariat_is_told_whose_account_it_is_and_how_to_add_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        "/admin/users/new",
        data=_new_user(email="Member@Example.cn", organisation_id=str(cast.other_org.id)),
    )
    text = _text(response)
    assert "联系秘书处" not in text
    assert "电子邮箱 member@example.cn 已有账号（填报人）。该账号属于：甲化工有限公司。" in text
    assert "在“添加已有账号”中填写此电子邮箱" in text
    join = f"/organisations/{cast.other_org.id}/users#join-heading"
    assert f'href="{join}"' in response.get_data(as_text=True)
    assert "把该账号加入“乙化工有限公司”" in text
    # The organisation admin is not told about accounts elsewhere (test_member_elsewhere).


# --- invitations by e-mail -------------------------------------------------------------------


def test_an_invitation_is_mailed_and_the_link_shown_to_copy(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        "/admin/users/new", data=_new_user(organisation_id=str(cast.organisation.id))
    )
    page = response.get_data(as_text=True)
    link = INVITE_LINK.search(page)
    assert link is not None
    # Queued in the outbox, not yet sent (QA8 S12): the page says so.
    assert "给李工（li@example.cn）的邀请邮件已放入发件箱，由系统在后台发送。" in _text(response)
    assert "发送邀请邮件" not in _text(response)
    assert 'data-copy="invitation-url"' in page  # the copy button (shown by js/copy.js)
    assert "js/copy.js" in page
    (message,) = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "invitation")
    ).all()
    assert message.to_address == "li@example.cn"
    assert message.lang == "zh_CN"
    assert message.organisation_id == cast.organisation.id
    token = link.group(1).rsplit("/", 1)[1]
    assert f"/invite/{token}" in message.body
    assert "所属单位：甲化工有限公司" in message.body
    assert "14 天内" in message.body


def test_a_new_invitation_reaches_an_english_reader_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    pending = make_user(cast.organisation, email="pending@example.cn", name="Pat", password=None)
    pending.language = "en"
    db_session.commit()
    auth.login("admin@example.cn")
    client.post(f"/organisations/{cast.organisation.id}/users/{pending.id}/invite")
    (message,) = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "pending@example.cn")
    ).all()
    assert message.lang == "en"
    assert "Responsible Care" in message.subject
    assert "Set your password: http" in message.body
    assert "请" not in message.body


# --- deactivation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "question", "consequence", "kept", "done"),
    [
        (
            "zh_CN",
            "确认停用填报人（member@example.cn）的账号？",
            "该用户不能再登录；已登录的会话会立即结束。",
            "不会删除任何内容",
            "已停用填报人（member@example.cn）的账号：该用户不能再登录",
        ),
        (
            "en",
            "Deactivate the account of 填报人 (member@example.cn)?",
            "The user can no longer log in; their open sessions end at once.",
            "Nothing is deleted",
            "Deactivated the account of 填报人 (member@example.cn): this user can no longer log in",
        ),
    ],
)
def test_deactivation_asks_first_then_says_it_deactivated(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    lang: str,
    question: str,
    consequence: str,
    kept: str,
    done: str,
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{lang}")
    url = f"/admin/users/{cast.member.id}/deactivate"
    listing = client.get("/admin/users").get_data(as_text=True)
    assert f'<a href="{url}">' in listing
    for response in (client.get(url), client.post(url)):  # the link, or an old page's form
        assert response.status_code == 200
        text = _text(response)
        assert question in text
        assert consequence in text
        assert kept in text
        db_session.refresh(cast.member)
        assert cast.member.is_active
    confirmed = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert done in _text(confirmed)
    db_session.refresh(cast.member)
    assert not cast.member.is_active


def test_reactivation_says_it_reactivated(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    cast.member.is_active = False
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(f"/admin/users/{cast.member.id}/reactivate", follow_redirects=True)
    assert "已启用填报人（member@example.cn）的账号，该用户可以重新登录。" in _text(response)


def test_an_organisation_admin_is_asked_too(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    url = f"/organisations/{cast.organisation.id}/users/{cast.member.id}/deactivate"
    assert "确认停用填报人（member@example.cn）的账号？" in _text(client.post(url))
    db_session.refresh(cast.member)
    assert cast.member.is_active
    done = client.post(url, data={"confirmed": "1"}, follow_redirects=True)
    assert "已停用填报人（member@example.cn）的账号" in _text(done)


# --- logging in to a deactivated account -----------------------------------------------------


def test_a_deactivated_account_is_told_so_only_after_the_right_password(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    cast = make_cast()
    cast.member.is_active = False
    db_session.commit()
    wrong = client.post("/login", data={"email": "member@example.cn", "password": "not it at all"})
    assert "电子邮箱或密码不正确。" in _text(wrong)
    assert "停用" not in _text(wrong)
    right = client.post("/login", data={"email": "member@example.cn", "password": PASSWORD})
    assert right.status_code == 200
    text = _text(right)
    assert "您的账号已停用，无法登录。如需恢复使用，请联系秘书处（或本单位管理员）" in text
    assert "电子邮箱或密码不正确" not in text
    assert client.get("/admin/users").status_code in (302, 401)  # not logged in
    client.get("/lang/en")
    with app.app_context():
        english = client.post("/login", data={"email": "member@example.cn", "password": PASSWORD})
    assert "Your account has been deactivated" in _text(english)


# --- the password rule on runs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("zh_CN", "密码几乎全由连续的数字、字母或键盘上相邻的键组成"),
        ("en", "almost entirely a run of digits, letters or neighbouring keys"),
    ],
)
def test_a_run_with_one_letter_added_is_refused_with_its_reason(
    client: FlaskClient, db_session: Session, lang: str, reason: str
) -> None:
    from rcapp.accounts.services import create_invitation

    cast = make_cast()
    invitee = make_user(cast.organisation, email="new@example.cn", password=None)
    token = create_invitation(invitee, None)
    db_session.commit()
    client.get(f"/lang/{lang}")
    typed = {"password": "0123456789a", "confirm": "0123456789a"}
    response = client.post(f"/invite/{token}", data=typed)
    assert response.status_code == 200
    assert reason in _text(response)
    db_session.refresh(invitee)
    assert invitee.password_hash is None
