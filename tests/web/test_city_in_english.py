"""The organisation pages name the city in the page's language (QA8 S15)."""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_organisation, make_secretariat


def test_english_organisation_pages_show_the_city_in_pinyin(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation(province="江苏省", city="盐城市")
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")

    chinese = html.unescape(client.get(f"/organisations/{company.id}").get_data(as_text=True))
    assert "江苏省 盐城市" in chinese

    client.get("/lang/en")
    for url in ("/organisations/", f"/organisations/{company.id}"):
        page = html.unescape(client.get(url).get_data(as_text=True))
        assert "Jiangsu Yancheng" in page, url
        assert "盐城市" not in page, url
