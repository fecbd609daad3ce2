"""Organisation pages: the register list, create/edit with credit-code checks, detail, partners."""

from __future__ import annotations

import json

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.audit.models import AuditEntry
from rcapp.organisations.models import (
    CommitmentStatus,
    Organisation,
    OrganisationKind,
    PartnerRelation,
    ValueChainPartner,
)
from tests.conftest import AuthActions
from tests.factories import (
    credit_code,
    make_assessment,
    make_cast,
    make_cycle,
    make_organisation,
    make_park,
    make_secretariat,
    make_user,
    make_working_group,
)


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "company",
        "name_zh": "江苏某氯碱化工有限公司",
        "name_en": "Jiangsu Chlor-Alkali Co., Ltd.",
        "credit_code": credit_code(),
        "province": "江苏省",
        "city": "南通市",
        "sector": "氯碱",
        "parent_group": "",
        "park_id": "",
        "commitment_status": "not_signed",
        "commitment_signed_on": "",
        "commitment_signatory": "",
    }
    data.update(overrides)
    return data


def _entries(session: Session, entity_id: int, action: str) -> list[AuditEntry]:
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_id == entity_id, AuditEntry.action == action)
            .order_by(AuditEntry.id)
        )
    )


def test_secretariat_creates_an_organisation(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    park = make_park(name_zh="如东洋口化工园区")
    group = make_working_group(code="PSM", name_zh="工艺安全工作组")
    db_session.commit()
    auth.login("sec@example.cn")
    code = credit_code()
    response = client.post(
        "/organisations/new",
        data=_form(
            credit_code=code.lower(),
            park_id=str(park.id),
            working_groups=[str(group.id)],
            commitment_status="signed",
            commitment_signed_on="2024-06-12",
            commitment_signatory="王总",
        ),
    )
    assert response.status_code == 302
    organisation = db_session.scalars(
        select(Organisation).where(Organisation.credit_code == code)
    ).one()
    assert organisation.park_id == park.id
    assert [g.code for g in organisation.working_groups] == ["PSM"]
    assert organisation.commitment_status is CommitmentStatus.SIGNED
    [entry] = _entries(db_session, organisation.id, "create")
    assert json.loads(entry.after or "{}")["credit_code"] == code
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "江苏某氯碱化工有限公司" in page
    assert "如东洋口化工园区" in page


def test_a_wrong_check_character_is_named_and_the_input_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    good = credit_code()
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    response = client.post("/organisations/new", data=_form(credit_code=wrong, city="连云港市"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"第 18 位应为“{good[17]}”" in page
    assert 'value="连云港市"' in page
    assert f'value="{wrong}"' in page
    assert db_session.scalar(select(Organisation).where(Organisation.credit_code == wrong)) is None


def test_an_invalid_character_is_named_with_its_position(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/organisations/new", data=_form(credit_code="91320100OOOOOOOOOO")).get_data(
        as_text=True
    )
    assert "第 9 位字符“O”无效" in page


def test_a_duplicate_credit_code_names_the_holder(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    existing = make_organisation(name_zh="已登记化工有限公司")
    db_session.commit()
    auth.login("sec@example.cn")
    response = client.post("/organisations/new", data=_form(credit_code=existing.credit_code))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "已被“已登记化工有限公司”使用" in page
    count = db_session.scalars(
        select(Organisation).where(Organisation.credit_code == existing.credit_code)
    ).all()
    assert len(count) == 1


def test_a_park_cannot_sit_in_a_park(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    park = make_park()
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/organisations/new", data=_form(kind="park", park_id=str(park.id)))
    assert "化工园区不能位于另一个化工园区内" in page.get_data(as_text=True)


def test_signed_commitment_needs_a_date(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    db_session.commit()
    auth.login("sec@example.cn")
    page = client.post("/organisations/new", data=_form(commitment_status="signed"))
    assert "请填写签署日期" in page.get_data(as_text=True)


def test_secretariat_edit_records_each_changed_field(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    organisation = make_organisation(name_zh="旧名称化工有限公司", city="南京市")
    db_session.commit()
    auth.login("sec@example.cn")
    form = _form(
        name_zh="新名称化工有限公司",
        credit_code=organisation.credit_code,
        city="南京市",
        name_en="",
        sector="",
    )
    response = client.post(f"/organisations/{organisation.id}/edit", data=form)
    assert response.status_code == 302
    db_session.refresh(organisation)
    assert organisation.name_zh == "新名称化工有限公司"
    changes = {
        e.field: (e.before, e.after) for e in _entries(db_session, organisation.id, "update")
    }
    assert changes["name_zh"] == ('"旧名称化工有限公司"', '"新名称化工有限公司"')
    assert "city" not in changes
    assert "credit_code" not in changes


def test_org_admin_edits_the_profile_but_not_kind_or_credit_code(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    original_code = cast.organisation.credit_code
    auth.login("admin@example.cn")
    page = client.get(f"/organisations/{cast.organisation.id}/edit").get_data(as_text=True)
    assert 'name="credit_code"' not in page
    assert 'name="kind"' not in page
    response = client.post(
        f"/organisations/{cast.organisation.id}/edit",
        data=_form(kind="park", credit_code=credit_code(), city="苏州市", name_zh="甲化工"),
    )
    assert response.status_code == 302
    db_session.refresh(cast.organisation)
    assert cast.organisation.city == "苏州市"
    assert cast.organisation.credit_code == original_code
    assert cast.organisation.kind is OrganisationKind.COMPANY


def test_list_filters_by_kind_province_group_and_commitment(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    group = make_working_group()
    signed = make_organisation(name_zh="签署企业", commitment_status=CommitmentStatus.SIGNED)
    signed.working_groups.append(group)
    make_organisation(name_zh="浙江企业", province="浙江省")
    make_park(name_zh="某化工园区")
    db_session.commit()
    auth.login("sec@example.cn")

    def names(query: str) -> str:
        return client.get(f"/organisations/?{query}").get_data(as_text=True)

    assert "某化工园区" in names("kind=park")
    assert "签署企业" not in names("kind=park")
    assert "浙江企业" in names("province=浙江省")
    assert "签署企业" not in names("province=浙江省")
    assert "签署企业" in names(f"working_group={group.id}")
    assert "浙江企业" not in names(f"working_group={group.id}")
    assert "签署企业" in names("commitment_status=signed")
    assert "浙江企业" not in names("commitment_status=signed")
    assert "浙江企业" in names("q=浙江")


def test_list_is_paginated_and_keeps_the_filter(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    for n in range(30):
        make_organisation(name_zh=f"分页企业{n:02d}", province="山东省")
    db_session.commit()
    auth.login("sec@example.cn")
    first = client.get("/organisations/?province=山东省").get_data(as_text=True)
    assert "分页企业00" in first
    assert "分页企业29" not in first
    assert "page=2" in first
    assert "province=" in first
    second = client.get("/organisations/?province=山东省&page=2").get_data(as_text=True)
    assert "分页企业29" in second
    assert "分页企业00" not in second


def test_a_lead_lists_only_the_members_of_their_groups(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("lead@example.cn")
    page = client.get("/organisations/").get_data(as_text=True)
    assert cast.organisation.name_zh in page
    assert cast.other_org.name_zh not in page


def test_detail_shows_users_only_to_those_who_manage_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    assert "member@example.cn" in client.get(f"/organisations/{cast.organisation.id}").get_data(
        as_text=True
    )
    auth.logout()
    auth.login("member@example.cn")
    page = client.get(f"/organisations/{cast.organisation.id}").get_data(as_text=True)
    assert "admin@example.cn" not in page
    assert "编辑单位信息" not in page


def test_detail_lists_assessments_without_needing_the_assessment_pages(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    make_assessment(cast.organisation, make_cycle(year=2024))
    db_session.commit()
    auth.login("member@example.cn")
    page = client.get(f"/organisations/{cast.organisation.id}").get_data(as_text=True)
    assert "2024" in page
    assert "草稿" in page


def test_admin_adds_edits_and_removes_a_partner(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    base = f"/organisations/{cast.organisation.id}/partners"
    response = client.post(
        f"{base}/new",
        data={"name": "某物流有限公司", "credit_code": "", "relation": "carrier",
              "joined_on": "2024-03-01", "note": "危化品运输"},
    )  # fmt: skip
    assert response.status_code == 302
    partner = db_session.scalars(select(ValueChainPartner)).one()
    assert partner.relation is PartnerRelation.CARRIER
    assert "某物流有限公司" in client.get(f"/organisations/{cast.organisation.id}").get_data(
        as_text=True
    )
    response = client.post(
        f"{base}/{partner.id}/edit",
        data={"name": "某物流有限公司", "relation": "contractor", "note": ""},
    )
    assert response.status_code == 302
    db_session.refresh(partner)
    edited = db_session.get(ValueChainPartner, partner.id)
    assert edited is not None
    assert edited.relation is PartnerRelation.CONTRACTOR
    assert edited.note is None
    assert client.post(f"{base}/{partner.id}/delete").status_code == 302
    assert db_session.scalars(select(ValueChainPartner)).all() == []
    actions = [e.action for e in db_session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-3:] == ["partner.add", "partner.update", "partner.remove"]


def test_a_partner_credit_code_is_checked_when_given(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login("admin@example.cn")
    response = client.post(
        f"/organisations/{cast.organisation.id}/partners/new",
        data={"name": "某供应商", "credit_code": "12345", "relation": "supplier"},
    )
    page = response.get_data(as_text=True)
    assert "应为 18 位，当前为 5 位" in page
    assert 'value="某供应商"' in page


def test_a_partner_of_another_organisation_is_not_found_through_mine(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    foreign = ValueChainPartner(name="他人伙伴", relation=PartnerRelation.OTHER)
    cast.other_org.partners.append(foreign)
    db_session.commit()
    auth.login("admin@example.cn")
    url = f"/organisations/{cast.organisation.id}/partners/{foreign.id}/delete"
    assert client.post(url).status_code == 404
    assert db_session.get(ValueChainPartner, foreign.id) is not None


def test_detail_is_headed_with_the_name_in_the_pages_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    cast.organisation.name_en = "Linhai Chlor-Alkali Co., Ltd."
    db_session.commit()
    auth.login("member@example.cn")
    url = f"/organisations/{cast.organisation.id}"

    page = client.get(url).get_data(as_text=True)
    assert f"<h1>{cast.organisation.name_zh}</h1>" in page
    client.get("/lang/en")
    page = client.get(url).get_data(as_text=True)
    assert "<h1>Linhai Chlor-Alkali Co., Ltd.</h1>" in page
    assert f'<p class="lead" lang="zh-CN">{cast.organisation.name_zh}</p>' in page
    assert "<title>Linhai Chlor-Alkali Co., Ltd." in page


def test_a_duplicate_credit_code_names_the_holder_in_the_pages_language(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    named = make_organisation(name_zh="已登记化工有限公司", name_en="Registered Chemicals Co.")
    unnamed = make_organisation(name_zh="无英文名化工有限公司", name_en=None)
    db_session.commit()
    auth.login("sec@example.cn")
    client.get("/lang/en")
    page = client.post("/organisations/new", data=_form(credit_code=named.credit_code))
    assert "already used by “Registered Chemicals Co.”" in page.get_data(as_text=True)
    page = client.post("/organisations/new", data=_form(credit_code=unnamed.credit_code))
    assert "already used by “无英文名化工有限公司”" in page.get_data(as_text=True)


def test_a_taken_credit_code_and_name_are_named_with_the_other_mistakes_at_once(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    make_secretariat(email="sec@example.cn")
    existing = make_organisation(name_zh="已登记化工有限公司")
    db_session.commit()
    auth.login("sec@example.cn")
    data = _form(
        credit_code=existing.credit_code,
        name_zh="已登记化工有限公司",
        commitment_status="signed",
        commitment_signed_on="2999-01-01",
    )
    page = client.post("/organisations/new", data=data).get_data(as_text=True)
    assert "签署日期不能晚于今天" in page
    assert "已被“已登记化工有限公司”使用" in page
    assert "已有单位使用这个名称：“已登记化工有限公司”" in page
    assert len(db_session.scalars(select(Organisation)).all()) == 1


def test_an_invited_user_without_a_password_is_marked_on_the_organisation_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    invited = make_user(cast.organisation, email="invited@example.cn", password=None)
    invited.password_hash = None
    db_session.commit()
    auth.login("admin@example.cn")
    page = client.get(f"/organisations/{cast.organisation.id}").get_data(as_text=True)
    row = page[page.index("invited@example.cn") :]
    assert "未设置密码" in row[: row.index("</li>")]
    member_row = page[page.index("member@example.cn") :]
    assert "未设置密码" not in member_row[: member_row.index("</li>")]
