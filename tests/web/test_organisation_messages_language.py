"""Messages that name an organisation do so in the page's language (its English name on
English pages): the flash after adding one, the stored park of a stale profile save.
"""

from __future__ import annotations

import html

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories import make_organisation, make_park, make_secretariat
from tests.web.test_concurrent_editing import _hidden_version
from tests.web.test_organisations import _form


def test_the_added_organisation_is_named_in_english_on_english_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")

    page = client.post("/organisations/new", data=_form(), follow_redirects=True)

    text = html.unescape(page.get_data(as_text=True))
    assert "Organisation “Jiangsu Chlor-Alkali Co., Ltd.” added." in text
    assert "“江苏某氯碱化工有限公司”" not in text


def test_a_stale_profile_names_the_stored_park_and_sector_in_english(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first = make_park(name_zh="甲化工园区", name_en="Jia Chemical Park")
    second = make_park(name_zh="乙化工园区", name_en="Yi Chemical Park")
    company = make_organisation(park_id=first.id, sector="氯碱", province="江苏省")
    # The park is the secretariat's to set: two secretariat pages, one of them stale.
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    url = f"/organisations/{company.id}/edit"
    form = {
        **_form(credit_code=company.credit_code),
        "name_zh": company.name_zh,
        "name_en": company.name_en or "",
        "province": "江苏省",
        "city": company.city or "",
        "sector": "氯碱",
        "park_id": str(first.id),
        "version": _hidden_version(client.get(url).get_data(as_text=True), "version"),
    }
    saved = client.post(url, data={**form, "park_id": str(second.id), "sector": "农药制造"})
    assert saved.status_code == 302

    refused = client.post(url, data={**form, "city": "无锡市"})

    text = html.unescape(refused.get_data(as_text=True))
    assert refused.status_code == 409
    assert "stored now: Yi Chemical Park" in text
    assert "stored now: Manufacture of pesticides" in text
    assert "乙化工园区" not in text
