"""A park's own profile form: limits said and kept, park wording, long names wrap (qa38 S3, S4)."""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from rcapp.accounts.models import OrgRole
from rcapp.organisations.models import Organisation, OrganisationKind
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.web.browser_form import submitted_values


def _park_admin(db_session: Session, auth: AuthActions) -> Organisation:
    park = make_organisation(kind=OrganisationKind.PARK, name_en="Old", city="潍坊")
    admin = make_user(park, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    return park


def _post(client: FlaskClient, park: Organisation, **changes: str) -> tuple[int, str]:
    html = client.get(f"/organisations/{park.id}/edit").get_data(as_text=True)
    values = MultiDict(submitted_values(html))
    for name, value in changes.items():
        values.setlist(name, [value])
    response = client.post(f"/organisations/{park.id}/edit", data=values)
    return response.status_code, response.get_data(as_text=True)


def test_too_long_text_is_refused_by_field_and_kept(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = _park_admin(db_session, auth)
    status, page = _post(client, park, name_en="A" * 600, city="城" * 310)
    assert status == 422 or status == 200, status
    assert "英文名称不能超过 200 个字符" in page
    assert "城市不能超过 100 个字符" in page
    assert "A" * 600 in page  # nothing typed is lost
    db_session.refresh(park)
    assert park.name_en == "Old"
    assert park.city == "潍坊"


def test_the_limits_are_said_on_the_form(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = _park_admin(db_session, auth)
    html = client.get(f"/organisations/{park.id}/edit").get_data(as_text=True)
    assert 'maxlength="200"' in html
    assert 'maxlength="100"' in html
    assert "最多 200 个字符。" in html
    assert "最多 100 个字符。" in html
    # the note forms.js shows when a paste is cut: what happened, not a trim asked for (qa42 S7)
    assert "粘贴的内容超过 100 个字符，已截去超出部分，请核对。" in html
    assert "请删减后再保存" not in html


def test_a_park_is_not_asked_for_company_fields_and_keeps_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = _park_admin(db_session, auth)
    park.sector, park.parent_group = "化工园区（省级认定）", "某集团"
    db_session.commit()
    html = client.get(f"/organisations/{park.id}/edit").get_data(as_text=True)
    for company_word in ("所属集团", "行业", "所在化工园区", "营业执照"):
        assert company_word not in html, company_word
    assert "园区类别" in html
    assert "园区管理机构的设立批复文件" in html
    status, page = _post(client, park, name_en="Weibei Chemical Park")
    assert status == 302, page
    db_session.refresh(park)
    assert park.name_en == "Weibei Chemical Park"
    assert (park.sector, park.parent_group) == ("化工园区（省级认定）", "某集团")


def test_a_company_is_still_asked_for_them(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    company = make_organisation()
    admin = make_user(company, OrgRole.ADMIN)
    db_session.commit()
    auth.login(admin.email)
    html = client.get(f"/organisations/{company.id}/edit").get_data(as_text=True)
    assert "所属集团" in html
    assert "营业执照" in html


def test_a_park_page_has_no_partner_list_of_its_own(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    park = _park_admin(db_session, auth)
    page = client.get(f"/organisations/{park.id}").get_data(as_text=True)
    assert "添加合作伙伴" not in page
    assert "“1+3”是企业的推广计划" in page
    response = client.get(f"/organisations/{park.id}/partners/new")
    assert response.status_code == 302
    assert "/partners/new" not in response.headers["Location"]


def test_long_names_wrap_on_the_page() -> None:
    css = (Path(__file__).resolve().parents[2] / "static/css/app.css").read_text(encoding="utf-8")
    assert "h1, h2, h3, .lead { overflow-wrap: break-word; }" in css
