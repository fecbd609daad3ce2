"""An invitation is written in the language chosen when the account is added, and opens in it."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole, User
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user

LINK = re.compile(r"(/invite/[A-Za-z0-9_\-]+)")


def _invitation(session: Session, email: str) -> OutboxMessage:
    statement = select(OutboxMessage).where(
        OutboxMessage.to_address == email, OutboxMessage.kind == "invitation"
    )
    return session.scalars(statement).one()


def test_the_secretariat_working_in_english_invites_in_english_by_default(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    organisation = make_organisation()
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert "Language of e-mails and pages" in form
    assert re.search(r'<option selected value="en">English</option>', form)
    client.post(
        "/admin/users/new",
        data={"name": "Mary Li", "email": "mary@example.cn",
              "organisation_id": str(organisation.id), "role": "admin", "access": "invite"},
    )  # fmt: skip
    user = db_session.scalars(select(User).where(User.email == "mary@example.cn")).one()
    assert user.language == "en"
    mail = _invitation(db_session, "mary@example.cn")
    assert mail.lang == "en"
    assert "Responsible Care" in mail.subject
    link = LINK.search(mail.body)
    assert link is not None
    auth.logout()
    with client.session_transaction() as session:
        session.clear()  # the invitee's own browser: no language chosen there
    page = client.get(link.group(1)).get_data(as_text=True)
    assert "Welcome, Mary Li (mary@example.cn). Please set your password." in page
    assert '<html lang="en"' in page


def test_an_organisation_admin_working_in_english_can_invite_a_colleague_in_chinese(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_user(organisation, OrgRole.ADMIN, email="admin@example.cn", name="陈静")
    db_session.commit()
    auth.login("admin@example.cn")
    client.get("/lang/en")
    client.post(
        f"/organisations/{organisation.id}/users",
        data={"name": "王工", "email": "wang@example.cn", "role": "member", "language": "zh_CN"},
    )
    mail = _invitation(db_session, "wang@example.cn")
    assert mail.lang == "zh_CN"
    # A colleague invites, not the committee.
    assert mail.subject == f"陈静（{organisation.name_zh}）邀请您使用责任关怀自评系统"
    auth.logout()
    with client.session_transaction() as session:
        session.clear()
    link = LINK.search(mail.body)
    assert link is not None
    page = client.get(link.group(1)).get_data(as_text=True)
    assert "欢迎，王工（wang@example.cn）。请设置您的登录密码。" in page


def test_a_language_outside_the_list_is_refused_and_nothing_is_created(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_user(organisation, OrgRole.ADMIN, email="admin@example.cn")
    db_session.commit()
    auth.login("admin@example.cn")
    response = client.post(
        f"/organisations/{organisation.id}/users",
        data={"name": "王工", "email": "wang@example.cn", "role": "member", "language": "fr"},
    )
    assert response.status_code == 200
    assert "邮件与界面语言" in response.get_data(as_text=True)
    assert db_session.scalars(select(User).where(User.email == "wang@example.cn")).first() is None


def test_adding_a_taken_e_mail_again_names_it_as_stored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_user(organisation, OrgRole.ADMIN, email="admin@example.cn")
    make_user(organisation, email="li.qiang@example.cn")
    db_session.commit()
    auth.login("admin@example.cn")
    page = client.post(
        f"/organisations/{organisation.id}/users",
        data={"name": "李强", "email": "LI.QIANG@Example.cn", "role": "member"},
    ).get_data(as_text=True)
    assert "li.qiang@example.cn 已是本单位成员。" in page
    assert "LI.QIANG@Example.cn 已是" not in page
