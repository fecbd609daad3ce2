"""A user name typed with line breaks is stored on one line, and greeted on one (QA32 S2)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import User
from rcapp.mail.models import OutboxMessage
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat


def test_a_name_with_line_breaks_is_folded_to_one_line(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    organisation = make_organisation()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post(
        "/admin/users/new",
        data={"name": "Evil\r\nBcc: attacker@evil.example", "email": "hdr1@example.cn",
              "organisation_id": str(organisation.id), "role": "member", "access": "invite"},
    )  # fmt: skip
    assert response.status_code in (200, 302)  # the page shows the link to copy
    user = db_session.scalars(select(User).where(User.email == "hdr1@example.cn")).one()
    assert user.name == "Evil Bcc: attacker@evil.example"
    mail = db_session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "hdr1@example.cn")
    ).one()
    assert "Evil Bcc: attacker@evil.example，您好" in mail.body
