"""The legal Chinese name and the chemical park are the secretariat's register (QA8 S11).

A company admin who could put the company into any park let that park's office see the
company's status and stars without anyone confirming it; the legal name is tied to the
credit code. The profile page shows both read-only and says to ask the secretariat.
"""

from __future__ import annotations

import html

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.errors import NotAllowed
from rcapp.organisations import services
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_park, make_secretariat, make_user
from tests.web.test_concurrent_editing import _hidden_version
from tests.web.test_organisations import _form


def _profile(company_city: str = "南京市", **overrides: object) -> dict[str, object]:
    return {
        "name_en": "Test Chemicals Co.",
        "province": "江苏省",
        "city": company_city,
        "sector": "",
        "parent_group": "",
        **overrides,
    }


def test_the_company_admin_sees_name_and_park_read_only_with_a_note(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = make_park(name_zh="甲化工园区", name_en="Jia Chemical Park")
    company = make_organisation(name_zh="甲化工有限公司", park_id=park.id)
    admin = make_user(company, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)

    page = html.unescape(client.get(f"/organisations/{company.id}/edit").get_data(as_text=True))

    assert 'name="name_zh"' not in page
    assert 'name="park_id"' not in page
    assert "甲化工有限公司" in page
    assert "甲化工园区" in page
    assert "由秘书处登记，本页不能修改；如需变更，请联系秘书处" in page

    client.get("/lang/en")
    english = html.unescape(client.get(f"/organisations/{company.id}/edit").get_data(as_text=True))
    assert "Jia Chemical Park" in english
    assert "registered by the secretariat" in english


def test_a_posted_park_or_name_from_the_company_is_ignored(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = make_park(name_zh="甲化工园区")
    other_park = make_park(name_zh="乙化工园区")
    company = make_organisation(name_zh="甲化工有限公司", park_id=park.id)
    admin = make_user(company, role=OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    url = f"/organisations/{company.id}/edit"
    version = _hidden_version(client.get(url).get_data(as_text=True), "version")

    saved = client.post(
        url,
        data=_profile(
            "无锡市", name_zh="冒名化工有限公司", park_id=str(other_park.id), version=version
        ),
    )

    assert saved.status_code == 302
    db_session.refresh(company)
    assert company.city == "无锡市"  # the profile is saved
    assert company.name_zh == "甲化工有限公司"
    assert company.park_id == park.id


@pytest.mark.parametrize("field", ["name_zh", "park_id"])
def test_the_service_refuses_a_company_changing_its_register(
    db_session: Session, field: str
) -> None:
    park = make_park()
    company = make_organisation()
    admin = make_user(company, role=OrgRole.ADMIN)
    db_session.commit()
    value = park.id if field == "park_id" else "改名化工有限公司"

    with pytest.raises(NotAllowed):
        services.update_organisation(company, {field: value}, admin)


def test_the_secretariat_still_sets_the_park_and_the_legal_name(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = make_park()
    company = make_organisation()
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    url = f"/organisations/{company.id}/edit"
    version = _hidden_version(client.get(url).get_data(as_text=True), "version")

    saved = client.post(
        url,
        data=_form(
            name_zh="更名化工有限公司",
            credit_code=company.credit_code,
            park_id=str(park.id),
            version=version,
        ),
    )

    assert saved.status_code == 302
    db_session.refresh(company)
    assert company.name_zh == "更名化工有限公司"
    assert company.park_id == park.id
