"""Two people editing one value-chain partner: a stale page is refused with the stored
values and who saved them, keeps what was typed, and a deleted partner is said to be gone."""

from __future__ import annotations

import html
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from rcapp.organisations import partners
from rcapp.organisations.models import PartnerRelation, ValueChainPartner
from tests.conftest import AuthActions
from tests.factories import Cast, make_cast


def _partner(cast: Cast) -> ValueChainPartner:
    partner = ValueChainPartner(name="某物流有限公司", relation=PartnerRelation.CARRIER)
    cast.organisation.partners.append(partner)
    return partner


def _seen(page: str) -> str:
    found = re.search(r'<input[^>]*name="seen"[^>]*value="([^"]*)"', page) or re.search(
        r'<input[^>]*value="([^"]*)"[^>]*name="seen"', page
    )
    assert found is not None, "no partner stamp on the page"
    return found.group(1)


def _form(seen: str, **changed: str) -> dict[str, str]:
    return {"name": "某物流有限公司", "relation": "carrier", "note": "", "seen": seen, **changed}


def test_a_partner_changed_meanwhile_is_not_overwritten_and_the_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    seen = _seen(client.get(url).get_data(as_text=True))
    # The secretariat changes the relation while the admin's page is open.
    values = {"name": "某物流有限公司", "credit_code": None, "relation": PartnerRelation.CONTRACTOR,
              "joined_on": None, "note": None}  # fmt: skip
    partners.update_partner(partner, values, cast.secretariat, seen)
    db_session.commit()

    response = client.post(url, data=_form(seen, note="危化品运输"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = html.unescape(page)
    assert "合作伙伴“某物流有限公司”在您打开本页后已被 秘书处 修改，您的修改未保存" in text
    assert "现存：承包商" in text
    assert "危化品运输</textarea>" in page  # the admin's input is still there
    db_session.expire_all()
    assert (partner.relation, partner.note) == (PartnerRelation.CONTRACTOR, None)

    # Based on the stored partner now: saving again is the admin's decision.
    assert client.post(url, data=_form(_seen(page), note="危化品运输")).status_code == 302
    db_session.expire_all()
    assert (partner.relation, partner.note) == (PartnerRelation.CARRIER, "危化品运输")


def test_a_partner_deleted_meanwhile_is_said_to_be_gone_in_english_and_the_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    client.get("/lang/en")
    base = f"/organisations/{cast.organisation.id}/partners"
    seen = _seen(client.get(f"{base}/{partner.id}/edit").get_data(as_text=True))
    partners.remove_partner(partner, cast.secretariat)
    db_session.commit()

    response = client.post(f"{base}/{partner.id}/edit", data=_form(seen, note="Hazmat transport"))
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = html.unescape(page)
    assert "The partner “某物流有限公司” has been deleted by 秘书处." in text
    assert "Hazmat transport</textarea>" in page
    assert f'action="{base}/new"' in page  # saving again adds it anew, on purpose
    assert db_session.scalars(select(ValueChainPartner)).all() == []

    # Deleting it again (a double click, or the colleague was first) says so.
    again = client.post(f"{base}/{partner.id}/delete", follow_redirects=True)
    assert again.status_code == 200
    assert "has been deleted by 秘书处" in html.unescape(again.get_data(as_text=True))


def test_saving_the_same_partner_twice_is_no_conflict(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    seen = _seen(client.get(url).get_data(as_text=True))
    assert client.post(url, data=_form(seen, note="危化品运输")).status_code == 302
    assert client.post(url, data=_form(seen, note="危化品运输")).status_code == 302
