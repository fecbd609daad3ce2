"""The password rule checks the organisation's English name and its distinctive words (QA32 S4)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts import services
from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import PASSWORD, make_organisation, make_user


@pytest.mark.parametrize(
    ("lang", "message"),
    [("zh_CN", "密码不能包含您的电子邮箱或所在单位的名称（含英文名称）。"),
     ("en", "The password may not contain your e-mail address or your organisation’s name"
            " (Chinese or English).")],
)  # fmt: skip
def test_the_english_names_words_are_refused_on_the_password_page(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, message: str
) -> None:
    organisation = make_organisation(
        name_zh="齐润橡胶助剂有限公司", name_en="Qirun Rubber Chemicals Co., Ltd."
    )
    user = make_user(organisation, OrgRole.ADMIN, email="admin@qirun.example.cn")
    db_session.commit()
    auth.login("admin@qirun.example.cn")
    client.get(f"/lang/{lang}?next=/")
    response = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "password": "Qirun2025Rubber",
              "confirm": "Qirun2025Rubber"},
    )  # fmt: skip
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db_session.expire_all()
    assert services.password_matches(user, PASSWORD)
