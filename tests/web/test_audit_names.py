"""The audit log names organisations and users, read once per page, not by database number."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from rcapp.audit.services import record
from rcapp.db import ENGINE_KEY
from rcapp.reports.data_lists import CHUNK
from tests.audit_export import export_audit
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user
from tests.web.helpers import joined_addresses


def _text(page: str) -> str:
    page = joined_addresses(page)
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
    assert "单位 华彩涂料有限公司" in text
    assert "用户 陈工 qa4.chen@example.cn" in text  # the deactivated user
    assert "用户 陈工（qa4.chen@example.cn）" in text
    assert f"#{huacai.id}" not in text  # no database numbers beside names (QA47 S4)
    assert f"#{chen.id}" not in text
    assert "单位: 华彩涂料有限公司" in text  # the extension's organisation
    assert f"单位: 华彩涂料有限公司 #{huacai.id}" not in text  # no internal number (QA15 S10)
    assert "单位编号" not in text
    client.get("/lang/en")
    english = _text(client.get("/audit/").get_data(as_text=True))
    assert "Huacai Coatings" in english
    assert "陈工 (qa4.chen@example.cn)" in english
    assert f"#{chen.id}" not in english


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


def test_the_excel_export_words_each_entry_as_the_page_does(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    huacai = make_organisation(name_zh="华彩涂料有限公司", name_en="Huacai Coatings")
    chen = make_user(huacai, email="qa4.chen@example.cn", name="陈工")
    record(secretariat, "organisation", huacai.id, "update", field="city", after="苏州市")
    record(secretariat, "organisation", huacai.id, "member.add", field=f"user:{chen.id}")
    record(None, "cycle", 3, "late.allow", after={"organisation_id": huacai.id})
    record(secretariat, "user", chen.id, "deactivate")  # its Record cell: one line (QA47 S9)
    db_session.commit()
    auth.login("sec@example.cn")
    for lang, expected in (
        ("zh_CN", ("单位", "华彩涂料有限公司", "修改", "城市", "命令行",
                   "用户 陈工（qa4.chen@example.cn）", "审计员（sec@example.cn）",
                   "单位: 华彩涂料有限公司", "陈工（qa4.chen@example.cn）")),
        ("en", ("Organisation", "Huacai Coatings", "City", "Command line",
                "User 陈工 (qa4.chen@example.cn)", "审计员 (sec@example.cn)",
                "Organisation: Huacai Coatings", "陈工 (qa4.chen@example.cn)")),
    ):  # fmt: skip
        client.get(f"/lang/{lang}")
        sheet = export_audit(client).active
        assert sheet is not None
        cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
        for text in expected:
            assert text in cells, (lang, text, "|".join(sorted(cells)))
        assert not {"organisation", "member.add", "city"} & cells
        assert not [c for c in cells if "\n" in c or f"#{chen.id}" in c]


def test_a_long_export_names_every_entry_past_the_first_chunk(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    secretariat = make_secretariat(email="sec@example.cn", name="审计员")
    organisations = [make_organisation(name_zh=f"长名单化工{n}") for n in range(3)]
    for n in range(CHUNK + 2):
        record(secretariat, "organisation", organisations[n % 3].id, "update", field="city")
    db_session.commit()
    auth.login("sec@example.cn")
    sheet = export_audit(client).active
    assert sheet is not None
    subjects = [row[3] for row in sheet.iter_rows(values_only=True) if row[4] == "修改"]
    assert len(subjects) == CHUNK + 2
    assert all(str(subject).startswith("长名单化工") for subject in subjects)


def test_an_organisations_park_is_named_not_numbered(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa62 #3: a company's 创建 entry read "所在化工园区: 1", the park's database number."""
    make_secretariat(email="sec@example.cn", name="审计员")
    park = make_organisation(name_zh="江海化工园区", name_en="Jianghai Chemical Park", kind="park")
    company = make_organisation(name_zh="江海精细化工有限公司")
    record(None, "organisation", company.id, "create", after={"park_id": park.id, "city": "南通市"})
    db_session.commit()
    auth.login("sec@example.cn")
    text = _text(client.get("/audit/").get_data(as_text=True))
    assert "所在化工园区: 江海化工园区" in text
    assert f"所在化工园区: {park.id}" not in text
    client.get("/lang/en")
    english = _text(client.get("/audit/").get_data(as_text=True))
    assert "Jianghai Chemical Park" in english
