"""A formula in a required cell is said once, not also "请填写…" (QA32 S7)."""

from __future__ import annotations

import io

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import credit_code, make_secretariat
from tests.org_import_files import company, filled


@pytest.mark.parametrize(
    ("lang", "formula", "empty"),
    [("zh_CN", "请直接填写文字，不要使用公式", "请填写中文名称"),
     ("en", "please type the text itself, not a formula", "Enter the Chinese name")],
)  # fmt: skip
def test_a_formula_in_the_chinese_name_gets_one_message(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, formula: str,
    empty: str,
) -> None:  # fmt: skip
    make_secretariat(email="sec-formula@example.cn")
    db_session.commit()
    auth.login("sec-formula@example.cn")
    client.get(f"/lang/{lang}")
    data = filled([company(name_zh='="甲"&"化工有限公司"', credit_code=credit_code())])
    page = client.post(
        "/organisations/import",
        data={"file": (io.BytesIO(data), "名单.xlsx")},
        content_type="multipart/form-data",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert page.count(formula) == 1
    assert empty not in page
