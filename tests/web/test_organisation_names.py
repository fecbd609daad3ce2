"""Organisation names: no bidi override or invisible characters, trimmed, not registered twice."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.accounts.models import OrgRole
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import credit_code, make_organisation, make_secretariat, make_user


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "company",
        "name_zh": "江苏某氯碱化工有限公司",
        "name_en": "",
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南通市",
        "commitment_status": "not_signed",
    }
    data.update(overrides)
    return data


def _secretariat(db_session: Session, auth: AuthActions) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")


def _named(db_session: Session, name: str) -> list[Organisation]:
    return list(db_session.scalars(select(Organisation).where(Organisation.name_zh == name)))


def test_an_override_character_is_stripped_and_the_title_reads_right(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _secretariat(db_session, auth)
    response = client.post(
        "/organisations/new",
        data=_form(name_zh="控制\x07字符\u202e公司\x00", name_en="\u200bRLO\u2066 Test\ufeff"),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "已添加单位“控制字符公司”。" in page
    assert "\u202e" not in page
    assert "\u2066" not in page
    (stored,) = _named(db_session, "控制字符公司")
    assert stored.name_en == "RLO Test"


def test_names_are_trimmed(client: FlaskClient, db_session: Session, auth: AuthActions) -> None:
    _secretariat(db_session, auth)
    client.post(
        "/organisations/new", data=_form(name_zh=" 东海精细化工股份有限公司 ", city=" 南通市 ")
    )
    (stored,) = _named(db_session, "东海精细化工股份有限公司")
    assert stored.city == "南通市"


def test_a_second_organisation_with_the_same_chinese_name_is_refused_naming_the_first(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first = make_organisation(name_zh="东海精细化工股份有限公司")
    _secretariat(db_session, auth)
    for typed in ("东海精细化工股份有限公司", "东海精细化工股份有限公司 "):
        response = client.post("/organisations/new", data=_form(name_zh=typed))
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "已有单位使用这个名称：“东海精细化工股份有限公司”" in page
        assert f"统一社会信用代码 {first.credit_code}" in page
    assert len(_named(db_session, "东海精细化工股份有限公司")) == 1


def test_english_names_are_compared_without_case_and_the_refusal_is_in_english(
    app: Flask, client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    first = make_organisation(name_en="Donghai Fine Chemicals Co., Ltd.")
    _secretariat(db_session, auth)
    client.get("/lang/en")
    with app.app_context():
        response = client.post(
            "/organisations/new", data=_form(name_en="DONGHAI fine chemicals co., ltd.")
        )
    page = response.get_data(as_text=True)
    assert "An organisation with this name is already registered" in page
    assert first.credit_code in page


def test_renaming_to_a_taken_name_is_refused_but_existing_twins_can_still_be_edited(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    # Twins registered before the rule (one with a trailing space): no migration refuses them.
    first = make_organisation(name_zh="东海精细化工股份有限公司")
    twin = make_organisation(name_zh="东海精细化工股份有限公司 ")
    other = make_organisation(name_zh="西岭化工有限公司")
    make_user(other, OrgRole.ADMIN, email="admin@xiling.cn")
    _secretariat(db_session, auth)
    edit = _form(
        name_zh=twin.name_zh, credit_code=twin.credit_code, city="连云港市", version=twin.version
    )
    assert client.post(f"/organisations/{twin.id}/edit", data=edit).status_code == 302
    db_session.refresh(twin)
    assert twin.city == "连云港市"
    renamed = _form(
        name_zh="西岭化工有限公司", credit_code=first.credit_code, version=first.version
    )
    page = client.post(f"/organisations/{first.id}/edit", data=renamed).get_data(as_text=True)
    assert "已有单位使用这个名称：“西岭化工有限公司”" in page
    assert other.credit_code in page
    db_session.refresh(first)
    assert first.name_zh == "东海精细化工股份有限公司"
    # An organisation's own admin cannot rename the legal Chinese name at all (secretariat's).
    auth.logout()
    auth.login("admin@xiling.cn")
    profile = {"name_zh": "东海精细化工股份有限公司", "province": "江苏省", "city": "南京市",
               "version": other.version}  # fmt: skip
    client.post(f"/organisations/{other.id}/edit", data=profile)
    db_session.refresh(other)
    assert other.name_zh == "西岭化工有限公司"
