"""A partner listed twice or joining after today is refused; a delete names it (QA8 S10, S21)."""

from __future__ import annotations

import datetime as dt
import html

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rcapp.clock import beijing_today
from rcapp.organisations.models import PartnerRelation, ValueChainPartner
from tests.conftest import AuthActions
from tests.factories import Cast, credit_code, make_cast
from tests.web.helpers import error_beside

CODE = credit_code()


def _listed(cast: Cast) -> ValueChainPartner:
    partner = ValueChainPartner(
        name="盐城安运物流有限公司", credit_code=CODE, relation=PartnerRelation.CARRIER
    )
    cast.organisation.partners.append(partner)
    return partner


def _count(db_session: Session) -> int:
    return db_session.scalar(select(func.count()).select_from(ValueChainPartner)) or 0


def test_the_same_credit_code_twice_is_refused_naming_the_listed_partner(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    _listed(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/new"
    form = {"name": "盐城安运物流", "credit_code": CODE, "relation": "carrier", "note": "重复"}
    # Said together with another field's error, not in a second round.
    later = {**form, "joined_on": "2099-01-01"}
    page = html.unescape(client.post(url, data=later).get_data(as_text=True))
    assert "加入日期不能晚于今天" in error_beside(page, "joined_on")
    assert "已登记合作伙伴“盐城安运物流有限公司”" in error_beside(page, "credit_code")
    page = html.unescape(client.post(url, data=form).get_data(as_text=True))
    message = error_beside(page, "credit_code")
    assert f"已登记合作伙伴“盐城安运物流有限公司”（统一社会信用代码 {CODE}）" in message
    assert "重复" in page  # what was typed stays
    assert _count(db_session) == 1
    client.get("/lang/en")
    english = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert "already lists the partner" in error_beside(english, "credit_code")


def test_the_same_name_without_a_code_is_refused_and_an_edit_may_keep_its_own(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    listed = _listed(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/new"
    form = {"name": " 盐城安运物流有限公司 ", "relation": "customer"}
    page = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert "已登记合作伙伴“盐城安运物流有限公司”" in error_beside(page, "name")
    assert _count(db_session) == 1
    # Editing the listed partner itself is no duplicate.
    edit = f"/organisations/{cast.organisation.id}/partners/{listed.id}/edit"
    saved = {
        "name": "盐城安运物流有限公司",
        "credit_code": CODE,
        "relation": "carrier",
        "note": "改",
    }
    assert client.post(edit, data=saved).status_code == 302


def test_a_joining_date_after_today_is_refused(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/new"
    tomorrow = beijing_today() + dt.timedelta(days=1)
    form = {"name": "未来伙伴", "relation": "customer", "joined_on": tomorrow.isoformat()}
    page = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert "加入日期不能晚于今天" in error_beside(page, "joined_on")
    assert _count(db_session) == 0
    form["joined_on"] = beijing_today().isoformat()
    assert client.post(url, data=form).status_code == 302


def test_delete_asks_first_and_says_which_partner_went(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _listed(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    detail = html.unescape(
        client.get(f"/organisations/{cast.organisation.id}").get_data(as_text=True)
    )
    assert (
        f"删除合作伙伴“盐城安运物流有限公司”（统一社会信用代码 {CODE}）？删除后无法恢复。" in detail
    )
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/delete"
    page = html.unescape(client.post(url, follow_redirects=True).get_data(as_text=True))
    assert f"已删除合作伙伴“盐城安运物流有限公司”（统一社会信用代码 {CODE}）。" in page


def test_the_organisations_own_credit_code_is_refused_as_a_partner(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    own = credit_code()
    cast.organisation.credit_code = own
    listed = _listed(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/new"
    form = {"name": "本单位", "credit_code": own.lower(), "relation": "supplier", "note": "自己"}
    page = html.unescape(client.post(url, data=form).get_data(as_text=True))
    assert "这是本单位自己的统一社会信用代码" in error_beside(page, "credit_code")
    assert "自己" in page  # what was typed stays
    # Said together with another field's error, not in a second round.
    for later in ({**form, "joined_on": "2099-01-01"}, {**form, "name": ""}):
        page = html.unescape(client.post(url, data=later).get_data(as_text=True))
        assert "这是本单位自己的统一社会信用代码" in error_beside(page, "credit_code")
    assert _count(db_session) == 1
    edit = f"/organisations/{cast.organisation.id}/partners/{listed.id}/edit"
    client.get("/lang/en")
    english = html.unescape(
        client.post(edit, data={**form, "name": listed.name}).get_data(as_text=True)
    )
    assert "your own organisation's unified social credit code" in error_beside(
        english, "credit_code"
    )
    db_session.expire_all()
    assert listed.credit_code == CODE


def test_the_form_marks_required_fields_and_leaves_optional_ones_unmarked(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """The credit code's label said （选填） beside the * convention of the same form."""
    cast = make_cast()
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/new"
    mark = '<span class="required-mark" aria-hidden="true">*</span>'
    for lang, optional, code in (
        ("zh", "选填", "统一社会信用代码"),
        ("en", "optional", "Unified social credit code"),
    ):
        client.get(f"/lang/{lang}")
        page = client.get(url).get_data(as_text=True)
        assert optional not in page
        assert f'<label for="credit_code">{code}</label>' in page  # optional: no mark
        assert f"{mark}</label>" in page.split('for="name"', 1)[1].split("<input", 1)[0]
        assert 'class="help required-note"' in page
