"""QA S4: an organisation admin's invitation is signed by that admin, the page says it is mailed."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user


def _mail(session: Session, email: str) -> OutboxMessage:
    statement = select(OutboxMessage).where(
        OutboxMessage.to_address == email, OutboxMessage.kind == "invitation"
    )
    return session.scalars(statement).one()


@pytest.mark.parametrize(
    ("language", "signature", "committee"),
    [("zh_CN", "Emma Clarke（{zh}）", "责任关怀工作委员会秘书处"),
     ("en", "Emma Clarke ({en})", "Secretariat")],
)  # fmt: skip
def test_an_admin_s_invitation_is_signed_by_the_admin_and_their_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions,
    language: str, signature: str, committee: str,
) -> None:  # fmt: skip
    organisation = make_organisation()
    make_user(organisation, OrgRole.ADMIN, email="emma@example.cn", name="Emma Clarke")
    db_session.commit()
    auth.login("emma@example.cn")
    page = client.get(f"/organisations/{organisation.id}/users").get_data(as_text=True)
    assert "系统会以您的名义向这位同事发送邀请邮件" in page
    assert "请把它发给这位同事" not in page
    client.post(
        f"/organisations/{organisation.id}/users",
        data={"name": "Wang Gong", "email": "wang@example.cn", "role": "member",
              "language": language},
    )  # fmt: skip
    body = _mail(db_session, "wang@example.cn").body
    expected = signature.format(zh=organisation.name_zh, en=organisation.name_en)
    assert body.rstrip().endswith(expected)
    assert committee not in body


def test_the_secretariat_s_invitation_is_still_signed_by_the_secretariat(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.post(
        f"/organisations/{organisation.id}/users",
        data={"name": "王工", "email": "wang@example.cn", "role": "member", "language": "zh_CN"},
    )
    body = _mail(db_session, "wang@example.cn").body
    assert body.rstrip().endswith("中国石油和化学工业联合会 责任关怀工作委员会秘书处")


def test_the_add_user_help_says_the_system_mails_the_invitation_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_user(organisation, OrgRole.ADMIN, email="emma@example.cn", name="Emma Clarke")
    db_session.commit()
    auth.login("emma@example.cn")
    client.get("/lang/en")
    page = client.get(f"/organisations/{organisation.id}/users").get_data(as_text=True)
    assert "the system e-mails this colleague an invitation in your name" in page
    assert "Send it to your colleague" not in page
