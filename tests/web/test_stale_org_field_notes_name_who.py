"""The notes under a stale partner's or organisation profile's fields say whose save they show.

The partner page's top message named the last saver even when it was the user in another
tab ("已被 管理员 修改" to 管理员), and its field notes said "someone else"; the profile named
the colleague beside a field both changed, "someone else" beside one only they changed.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.organisations import partners
from rcapp.organisations.models import PartnerRelation, ValueChainPartner
from tests.conftest import AuthActions
from tests.factories import Cast, make_cast, make_organisation, make_user
from tests.two_sessions import two_clients
from tests.web.helpers import words_of
from tests.web.stale_two_hands import (
    LANGS,
    SOMEONE,
    WANG_FANG,
    beside,
    refused,
    signed_in,
    stored_note,
    taken_note,
)
from tests.web.test_no_lost_partner_edits import (
    _detail_seen,
    _form,
    _original,
    _partner,
    _seen,
)
from tests.web.test_profile_merge import _hidden, _opened

OWN_PARTNER = {
    "zh": "您已在另一窗口、标签页或设备中修改合作伙伴“某物流有限公司”，本页的修改未保存",
    "en": "You changed the partner “某物流有限公司” in another window, tab or device.",
}
NAMED_PARTNER = {
    "zh": "合作伙伴“某物流有限公司”在您打开本页后已被王芳修改，您的修改未保存",
    "en": "The partner “某物流有限公司” was changed by 王芳 (Wang Fang) after you opened",
}


def _partner_opened(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> tuple[Cast, ValueChainPartner, str, str, str]:
    """A partner of the organisation whose edit page its admin opens in `lang`: the cast,
    the partner, the page's address and the stamps it was opened with (seen, original)."""
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    signed_in(auth, cast.admin.email, lang)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    page = client.get(url).get_data(as_text=True)
    return cast, partner, url, _seen(page), _original(page)


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_partner_change_is_named_under_each_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast, partner, url, seen, original = _partner_opened(client, db_session, auth, lang)
    colleague = make_user(cast.organisation, OrgRole.ADMIN, email="wang@example.cn", name="王芳")
    values = {"name": "某物流有限公司", "credit_code": None, "relation": PartnerRelation.CONTRACTOR,
              "joined_on": None, "note": "同事的备注"}  # fmt: skip
    partners.update_partner(partner, values, colleague, seen)
    db_session.commit()

    page = refused(client.post(url, data={**_form(seen, note="我的备注"), "original": original}))
    # only the colleague changed the relation; both changed the note
    assert beside(page, "relation") == taken_note(WANG_FANG, lang)
    assert beside(page, "note") == stored_note(WANG_FANG, lang, "同事的备注")
    assert NAMED_PARTNER[lang] in words_of(page)
    assert SOMEONE[lang] not in words_of(page).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_partner_changed_in_the_users_other_tab_says_so_on_top_and_under_each_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    _cast, _partner_row, url, seen, original = _partner_opened(client, db_session, auth, lang)
    other_tab = {**_form(seen, note="另一标签页", relation="contractor"), "original": original}
    assert client.post(url, data=other_tab).status_code == 302

    page = refused(client.post(url, data={**_form(seen, note="我的备注"), "original": original}))
    text = words_of(page)
    assert OWN_PARTNER[lang] in text
    assert {"zh": "已被管理员修改", "en": "by 管理员"}[lang] not in text  # not as a colleague
    assert beside(page, "relation") == taken_note(None, lang)
    assert beside(page, "note") == stored_note(None, lang, "另一标签页")
    assert SOMEONE[lang] not in text.lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_profile_change_is_named_under_each_field(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    with app.app_context():
        company = make_organisation(province="江苏省", city="南通市", sector="氯碱")
        admin = make_user(company, role=OrgRole.ADMIN, name="孙志强")
        colleague = make_user(company, role=OrgRole.ADMIN, name="王芳")
        company_id, mine_email, theirs_email = company.id, admin.email, colleague.email
        db.session().commit()
    other = two_clients(app, client, mine_email, theirs_email)
    AuthActions(client).choose_language(lang)
    url = f"/organisations/{company_id}/edit"
    mine, theirs = _opened(client, url), _opened(other, url)
    by_them = {**theirs, "city": "苏州市", "parent_group": "乙集团"}
    assert other.post(url, data=by_them).status_code == 302

    page = refused(client.post(url, data={**mine, "city": "无锡市"}))
    # only the colleague changed the parent group; both changed the city
    assert beside(page, "parent_group") == taken_note(WANG_FANG, lang)
    assert beside(page, "city") == stored_note(WANG_FANG, lang, "苏州市")
    assert _hidden(page, "city") == "无锡市"


OWN_CHANGED = {
    "zh": "您已在另一窗口、标签页或设备中修改合作伙伴“某物流有限公司”，未删除；",
    "en": "You changed the partner “某物流有限公司” in another window, tab or device; "
    "it was not deleted.",
}
OWN_REMOVED = {
    "zh": "您已在另一窗口、标签页或设备中删除合作伙伴“某物流有限公司”。",
    "en": "You deleted the partner “某物流有限公司” in another window, tab or device.",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_partner_the_user_changed_or_deleted_in_another_tab_is_not_named_as_a_colleague(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    signed_in(auth, cast.admin.email, lang)
    detail = f"/organisations/{cast.organisation.id}"
    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    url = f"{detail}/partners/{partner.id}/edit"
    edit = client.get(url).get_data(as_text=True)
    changed = {**_form(_seen(edit), note="另一标签页"), "original": _original(edit)}
    assert client.post(url, data=changed).status_code == 302  # the other tab

    delete = f"{detail}/partners/{partner.id}/delete"
    kept = words_of(
        client.post(delete, data={"seen": listed}, follow_redirects=True).get_data(True)
    )
    assert OWN_CHANGED[lang] in kept
    assert {"zh": "已被管理员修改", "en": "by 管理员"}[lang] not in kept

    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    assert client.post(delete, data={"seen": listed}).status_code == 302  # the other tab
    again = words_of(
        client.post(delete, data={"seen": listed}, follow_redirects=True).get_data(True)
    )
    assert OWN_REMOVED[lang] in again
    assert {"zh": "已被管理员删除", "en": "by 管理员"}[lang] not in again
