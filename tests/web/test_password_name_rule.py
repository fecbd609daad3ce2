"""QA S2: a password made of the user's own name is refused; new-password fields say so."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts import services
from tests.factories import make_organisation, make_secretariat, make_user


def _invitation_link(db_session: Session, name: str, language: str) -> str:
    invitee = make_user(make_organisation(), name=name, email="emma@example.cn", language=language)
    invitee.password_hash = None
    token = services.issue_invitation(invitee, make_secretariat(email="sec@example.cn"))
    db_session.commit()
    return f"/invite/{token}"


@pytest.mark.parametrize(
    ("language", "message"),
    [("zh_CN", "密码不能包含姓名（不区分大小写，忽略空格）。"),
     ("en", "The password must not contain your name (in any case, with or without spaces).")],
)  # fmt: skip
def test_the_own_name_and_a_year_is_refused_on_the_invitation_page(
    client: FlaskClient, db_session: Session, language: str, message: str
) -> None:
    link = _invitation_link(db_session, "Emma Clarke", language)
    page = client.post(
        link, data={"password": "Emma Clarke 2026", "confirm": "Emma Clarke 2026"}
    ).get_data(as_text=True)
    assert message in page
    assert client.get(link).status_code == 200  # not used up


def test_new_password_fields_are_marked_and_described(
    client: FlaskClient, db_session: Session
) -> None:
    page = client.get(_invitation_link(db_session, "Emma Clarke", "en")).get_data(as_text=True)
    field = re.search(r"<input[^>]*id=\"password\"[^>]*>", page)
    assert field is not None
    assert 'autocomplete="new-password"' in field.group(0)
    assert 'aria-describedby="password-help"' in field.group(0)
    assert 'id="password-help"' in page
    assert "your e-mail address, your name or your organisation" in page
    confirm = re.search(r"<input[^>]*id=\"confirm\"[^>]*>", page)
    assert confirm is not None
    assert 'autocomplete="new-password"' in confirm.group(0)
    login = client.get("/login").get_data(as_text=True)
    assert 'autocomplete="current-password"' in login
