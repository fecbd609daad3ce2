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
from tests.web.helpers import error_beside


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


def _original(page: str) -> str:
    found = re.search(r'<input[^>]*name="original"[^>]*value="([^"]*)"', page)
    assert found is not None, "no opened-with values on the page"
    return html.unescape(found.group(1))


def test_a_partner_changed_meanwhile_is_not_overwritten_and_the_input_stays(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    page = client.get(url).get_data(as_text=True)
    seen, original = _seen(page), _original(page)
    # The secretariat changes the relation and the note while the admin's page is open.
    values = {"name": "某物流有限公司", "credit_code": None, "relation": PartnerRelation.CONTRACTOR,
              "joined_on": None, "note": "秘书处备注"}  # fmt: skip
    partners.update_partner(partner, values, cast.secretariat, seen)
    db_session.commit()

    response = client.post(url, data={**_form(seen, note="危化品运输"), "original": original})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = html.unescape(page)
    assert "合作伙伴“某物流有限公司”在您打开本页后已被秘书处修改，您的修改未保存" in text
    # Only the secretariat changed the relation: the page now shows theirs, flagged.
    assert re.search(r'<option selected value="contractor">', page)
    taken = "此项在您打开本页后已被秘书处修改，现已显示修改后的值。"
    assert taken in error_beside(page, "relation")
    # Both changed the note: the admin's input stays, the stored one is shown.
    assert "危化品运输</textarea>" in page
    assert "现存：秘书处备注" in error_beside(text, "note")
    db_session.expire_all()
    assert (partner.relation, partner.note) == (PartnerRelation.CONTRACTOR, "秘书处备注")

    # Saving the page as shown keeps the secretariat's relation and takes the admin's note.
    again = {
        **_form(_seen(page), note="危化品运输", relation="contractor"),
        "original": _original(page),
    }
    assert client.post(url, data=again).status_code == 302
    db_session.expire_all()
    assert (partner.relation, partner.note) == (PartnerRelation.CONTRACTOR, "危化品运输")


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
    assert "The partner “某物流有限公司” has been deleted by 秘书处 (Bi Shuchu)." in text
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


def _detail_seen(page: str, partner_id: int) -> str:
    """The stamp the list's delete form of `partner_id` carries."""
    form = re.search(rf"partners/{partner_id}/delete\"[^>]*>(.*?)</form>", page, re.DOTALL)
    assert form is not None
    return _seen(form.group(1))


def test_a_stale_edit_or_delete_of_a_deleted_partner_never_touches_a_newer_one(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa41 D1: the newer partner got the deleted one's id (SQLite before AUTOINCREMENT)."""
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    base = f"/organisations/{cast.organisation.id}/partners"
    old_id = partner.id
    seen = _seen(client.get(f"{base}/{old_id}/edit").get_data(as_text=True))
    listed = _detail_seen(
        client.get(f"/organisations/{cast.organisation.id}").get_data(as_text=True), old_id
    )
    partners.remove_partner(partner, cast.secretariat)
    db_session.commit()
    # A row with the same id, as an old database would have handed out.
    newer = ValueChainPartner(
        id=old_id, name="新合作伙伴危废处置有限公司", relation=PartnerRelation.CONTRACTOR
    )
    cast.organisation.partners.append(newer)
    db_session.commit()

    response = client.post(f"{base}/{old_id}/edit", data=_form(seen, note="双击测试"))
    assert response.status_code == 409
    text = html.unescape(response.get_data(as_text=True))
    assert "合作伙伴“某物流有限公司”已被秘书处删除。" in text  # not "changed"
    assert "新合作伙伴危废处置有限公司" not in text
    deleted = client.post(f"{base}/{old_id}/delete", data={"seen": listed}, follow_redirects=True)
    assert "合作伙伴“某物流有限公司”已被秘书处删除。" in html.unescape(
        deleted.get_data(as_text=True)
    )
    db_session.expire_all()
    assert [p.name for p in db_session.scalars(select(ValueChainPartner))] == [
        "新合作伙伴危废处置有限公司"
    ]


def test_a_stale_delete_of_a_partner_changed_meanwhile_is_not_done(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    detail = f"/organisations/{cast.organisation.id}"
    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    values = {"name": "某物流有限公司", "credit_code": None, "relation": PartnerRelation.CONTRACTOR,
              "joined_on": None, "note": "秘书处备注"}  # fmt: skip
    partners.update_partner(partner, values, cast.secretariat, None)
    db_session.commit()

    url = f"{detail}/partners/{partner.id}/delete"
    page = client.post(url, data={"seen": listed}, follow_redirects=True).get_data(as_text=True)
    assert "合作伙伴“某物流有限公司”在您打开本页后已被秘书处修改，未删除" in html.unescape(page)
    db_session.expire_all()
    assert db_session.get(ValueChainPartner, partner.id) is not None
    # Deleted from the list as it is now shown.
    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    assert client.post(url, data={"seen": listed}).status_code == 302
    assert db_session.scalars(select(ValueChainPartner)).all() == []
