"""An organisation admin who adds an address with an account elsewhere learns nothing of it.

The page is the one a new address gets; the account stays as it was; its owner is told by
e-mail in their language, and the secretariat finds the attempt in the audit log.
"""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.accounts.models import Invitation, Membership, User
from rcapp.audit.models import AuditEntry
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_cast, make_secretariat

LINK = re.compile(r"http://localhost/invite/[A-Za-z0-9_\-]{43}")


def _page(response: object, email: str) -> str:
    """The page as the admin reads it, the link's token (random each time) left out."""
    page = html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]
    page = re.sub(r'name="csrf_token" value="[^"]*"', "", page)
    return LINK.sub("LINK", page).replace(email, "ADDRESS")


def _add(client: FlaskClient, organisation_id: int, email: str) -> object:
    data = {"name": " 王工 ", "email": email, "role": "member", "language": "zh_CN"}
    return client.post(f"/organisations/{organisation_id}/users", data=data)


def _attempt_mail(
    client: FlaskClient, session: Session, auth: AuthActions, organisation_id: int, email: str
) -> OutboxMessage:
    """Add `email` as admin@example.cn and return the one message it put in the outbox."""
    session.commit()
    auth.login("admin@example.cn")
    _add(client, organisation_id, email)
    (mail,) = session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == email))
    return mail


def _count(session: Session, model: type) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_an_address_with_an_account_elsewhere_gets_the_page_a_new_address_gets(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    client.get(f"/lang/{lang}")
    new = _add(client, cast.organisation.id, "new@example.cn")
    counts = [_count(db_session, m) for m in (User, Membership, Invitation)]
    taken = _add(client, cast.organisation.id, "Other@Example.cn ")
    assert taken.status_code == new.status_code == 200  # type: ignore[attr-defined]
    assert taken.headers["Cache-Control"] == "no-store"  # type: ignore[attr-defined]
    assert _page(taken, "other@example.cn") == _page(new, "new@example.cn")
    assert LINK.search(taken.get_data(as_text=True))  # type: ignore[attr-defined]
    assert "乙" not in _page(taken, "other@example.cn")  # neither its name nor organisation
    # Nothing created, moved or changed: the account stays in its organisation only.
    assert [_count(db_session, m) for m in (User, Membership, Invitation)] == counts
    db_session.refresh(cast.other_admin)
    assert [m.organisation_id for m in cast.other_admin.memberships] == [cast.other_org.id]


def test_the_owner_is_told_in_their_language_and_the_secretariat_sees_it(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    cast.other_admin.language = "en"
    mail = _attempt_mail(client, db_session, auth, cast.organisation.id, "other@example.cn")
    assert mail.kind == "join_attempt"
    assert mail.lang == "en"
    name = cast.organisation.display_name("en")
    assert mail.subject == f"{name} tried to add you as a user"
    body = " ".join(mail.body.split())
    assert f"管理员 (Guan Liyuan) ({name}) tried on " in body
    assert "(Beijing time) to add you" in body
    assert "Nothing has changed in your account" in body
    assert "the secretariat" in body
    assert "/invite/" not in body
    (entry,) = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "member.add_attempt")
    ).all()
    assert (entry.entity, entry.entity_id) == ("organisation", cast.organisation.id)
    assert entry.field == f"user:{cast.other_admin.id}"
    assert entry.actor_id == cast.admin.id
    auth.logout()
    auth.login("sec@example.cn")
    log = html.unescape(client.get("/audit/?action=member.add_attempt").get_data(as_text=True))
    assert "尝试添加非本单位的已有账号（未添加，已通知本人）" in log
    assert "乙管理员" in log


def test_a_chinese_owner_is_told_in_chinese(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    make_secretariat(email="staff@example.cn", name="秘书处职员")  # in no organisation at all
    mail = _attempt_mail(client, db_session, auth, cast.organisation.id, "staff@example.cn")
    assert mail.subject == "甲化工有限公司尝试将您添加为该单位的用户"
    assert "管理员（甲化工有限公司）于 " in mail.body
    assert "您的账号没有任何变化" in mail.body
    assert "须由秘书处办理" in mail.body
    staff = db_session.scalars(select(User).where(User.email == "staff@example.cn")).one()
    assert staff.memberships == []


@pytest.mark.parametrize(
    ("login", "email", "words"),
    [
        # an admin sees their own organisation's members
        ("admin@example.cn", "member@example.cn", "member@example.cn 已是本单位成员。"),
        # the secretariat sees every account
        (
            "sec@example.cn",
            "other@example.cn",
            "电子邮箱 other@example.cn 已有账号（乙管理员）。该账号属于：乙化工有限公司。",
        ),
    ],
)
def test_whoever_sees_the_account_anyway_is_told_of_it(
    client: FlaskClient,
    db_session: Session,
    auth: AuthActions,
    login: str,
    email: str,
    words: str,
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(login)
    response = _add(client, cast.organisation.id, email)
    assert words in html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]
    assert _count(db_session, OutboxMessage) == 0
    attempts = select(AuditEntry).where(AuditEntry.action == "member.add_attempt")
    assert db_session.scalar(attempts) is None


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh_CN", "如需让其加入本单位，请使用上方的“添加已有账号”。"),
     ("en", "To add it to this organisation, use “Add an existing account” above.")],
)  # fmt: skip
def test_the_secretariat_on_an_organisation_s_page_is_pointed_to_the_join_form_above(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str, words: str
) -> None:
    """QA S1: the secretariat was told to "contact the secretariat"."""
    cast = make_cast()
    cast.other_org.name_en = "Yi Chemicals Co., Ltd."
    db_session.commit()
    auth.login("sec@example.cn")
    client.get(f"/lang/{language}")
    page = client.post(
        f"/organisations/{cast.organisation.id}/users",
        data={"name": "某人", "email": "other@example.cn", "role": "member"},
    ).get_data(as_text=True)
    assert words in page
    assert "contact the secretariat" not in page
    assert "Ltd.." not in page  # the organisation's name ends the sentence once
    assert "请打开该单位的用户页面" not in page
