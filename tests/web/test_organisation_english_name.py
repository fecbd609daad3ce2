"""QA S3: the English name may stay empty, and both forms say what English readers see then."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat, make_user

HELP = {
    "zh_CN": "英文页面、邮件、PDF 评分卡和下载文件名使用英文名称；留空时，这些地方显示中文名称。",
    "en": "English pages, e-mails, PDF scorecards and download file names use the English "
    "name; left empty, they show the Chinese name.",
}
WARNING = {
    "zh_CN": "尚未填写英文名称：英文页面、邮件和 PDF 中将显示中文名称。",
    "en": "No English name yet: English pages, e-mails and PDFs show the Chinese name.",
}


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_admin_blanking_the_english_name_is_told_what_shows_instead(
    client: FlaskClient, db_session: Session, auth: AuthActions, language: str
) -> None:
    organisation = make_organisation(name_en="Sino-British Fine Chemicals Co., Ltd.")
    make_user(organisation, OrgRole.ADMIN, email="admin@example.cn")
    db_session.commit()
    auth.login("admin@example.cn")
    client.get(f"/lang/{language}")
    url = f"/organisations/{organisation.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert HELP[language] in page
    assert WARNING[language] not in page
    form = {"name_en": "", "province": organisation.province, "city": organisation.city,
            "version": str(organisation.version)}  # fmt: skip
    page = client.post(url, data=form, follow_redirects=True).get_data(as_text=True)
    db_session.refresh(organisation)
    assert organisation.name_en is None
    page = client.get(url).get_data(as_text=True)
    assert WARNING[language] in page


def test_the_secretariat_s_form_says_the_same(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.get("/organisations/new").get_data(as_text=True)
    assert HELP["en"] in page
    assert WARNING["en"] in page
