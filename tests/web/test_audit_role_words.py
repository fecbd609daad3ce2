"""Organisation roles read in the audit log as on the users page: 填报人 / Contributor (QA47 S2)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.audit.services import record
from tests.conftest import AuthActions
from tests.factories import make_secretariat


@pytest.mark.parametrize(
    ("lang", "before", "after"),
    [("zh", "填报人", "管理员"), ("en", "Contributor", "Administrator")],
)
def test_a_role_change_names_the_roles_as_the_users_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, before: str, after: str
) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    record(
        secretariat,
        "organisation",
        1,
        "member.role",
        field="user:1",
        before="member",
        after="admin",
    )
    db_session.commit()
    auth.login("sec@example.cn")
    auth.choose_language(lang)
    rows = client.get("/audit/?action=member.role").get_data(as_text=True).split("<tbody>")[-1]
    assert f">{before}<" in rows
    assert f">{after}<" in rows
    assert ">成员<" not in rows
    assert ">Member<" not in rows
