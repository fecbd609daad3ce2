"""The audit log names organisations and users, read once per page, not by database number."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp.audit.services import record
from rcapp.db import ENGINE_KEY
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.unescape(page)))


def test_organisations_and_users_are_named_in_the_page_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    huacai = make_organisation(name_zh="华彩涂料有限公司", name_en="Huacai Coatings")
    chen = make_user(huacai, email="qa4.chen@example.cn", name="陈工")
    record(secretariat, "organisation", huacai.id, "update", field="city", after="苏州市")
    record(secretariat, "user", chen.id, "deactivate")
    record(secretariat, "organisation", huacai.id, "member.add", field=f"user:{chen.id}")
    extension = {"organisation_id": huacai.id, "until": "2026-12-20"}
    record(secretariat, "cycle", 3, "late.allow", after=extension)
    db_session.commit()
    auth.login("sec@example.cn")
    text = _text(client.get("/audit/").get_data(as_text=True))
    assert f"单位 华彩涂料有限公司 #{huacai.id}" in text
    assert f"用户 陈工 qa4.chen@example.cn #{chen.id}" in text  # the deactivated user
    assert f"用户 陈工（qa4.chen@example.cn） #{chen.id}" in text
    assert f"单位: 华彩涂料有限公司 #{huacai.id}" in text  # the extension's organisation
    assert "单位编号" not in text
    client.get("/lang/en")
    english = _text(client.get("/audit/").get_data(as_text=True))
    assert f"Huacai Coatings #{huacai.id}" in english
    assert f"陈工 (qa4.chen@example.cn) #{chen.id}" in english


def test_the_names_of_a_page_take_one_query_each_whatever_the_rows(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn")
    for n in range(8):
        organisation = make_organisation()
        user = make_user(organisation, email=f"u{n}@example.cn")
        record(secretariat, "organisation", organisation.id, "member.add", field=f"user:{user.id}")
        record(secretariat, "user", user.id, "deactivate")
    db_session.commit()
    auth.login("sec@example.cn")
    statements: list[str] = []
    engine = client.application.extensions[ENGINE_KEY]

    def seen(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        page = client.get("/audit/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    from_organisations = [s for s in statements if re.search(r"FROM organisations\b", s)]
    from_users = [s for s in statements if re.search(r"FROM users\b", s)]
    assert len(from_organisations) <= 1, from_organisations
    assert len(from_users) <= 2, from_users  # the page's names, and the viewer's own login
    assert all(f"u{n}@example.cn" in page for n in range(8))
