"""The notes under a stale partner's or organisation profile's fields say whose save they show.

The partner page's top message named the last saver even when it was the user in another
tab ("已被 管理员 修改" to 管理员), and its field notes said "someone else"; the profile named
the colleague beside a field both changed, "someone else" beside one only they changed.
"""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.organisations import partners
from rcapp.organisations.models import PartnerRelation
from tests.conftest import AuthActions
from tests.factories import make_cast, make_organisation, make_user
from tests.two_sessions import two_clients
from tests.web.helpers import error_beside
from tests.web.test_no_lost_partner_edits import (
    _detail_seen,
    _form,
    _original,
    _partner,
    _seen,
)
from tests.web.test_profile_merge import _hidden, _opened

LANGS = ["zh", "en"]
TAKEN_BY = {
    "zh": "此项在您打开本页后已被王芳修改，现已显示修改后的值。",
    "en": "王芳 (Wang Fang) changed this after you opened the page; it now shows their change.",
}
STORED_BY = {
    "zh": "此项在您打开本页后已被王芳修改，现存：{value}。",
    "en": "Changed by 王芳 (Wang Fang) after you opened the page; stored now: {value}.",
}
TAKEN_MINE = {
    "zh": "此项已在您的另一窗口、标签页或设备中修改，现已显示修改后的值。",
    "en": "You changed this in another window, tab or device after this page was opened; "
    "it now shows that value.",
}
STORED_MINE = {
    "zh": "此项已在您的另一窗口、标签页或设备中修改，现存：{value}。",
    "en": "You changed this in another window, tab or device after this page was opened; "
    "stored now: {value}.",
}
OWN_PARTNER = {
    "zh": "您已在另一窗口、标签页或设备中修改合作伙伴“某物流有限公司”，本页的修改未保存",
    "en": "You changed the partner “某物流有限公司” in another window, tab or device.",
}
NAMED_PARTNER = {
    "zh": "合作伙伴“某物流有限公司”在您打开本页后已被王芳修改，您的修改未保存",
    "en": "The partner “某物流有限公司” was changed by 王芳 (Wang Fang) after you opened",
}
SOMEONE = {"zh": "他人", "en": "someone else"}


def _beside(page: str, field: str) -> str:
    return " ".join(html.unescape(error_beside(page, field)).split())


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_partner_change_is_named_under_each_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    colleague = make_user(cast.organisation, OrgRole.ADMIN, email="wang@example.cn", name="王芳")
    db_session.commit()
    auth.login(cast.admin.email)
    auth.choose_language(lang)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    page = client.get(url).get_data(as_text=True)
    seen, original = _seen(page), _original(page)
    values = {"name": "某物流有限公司", "credit_code": None, "relation": PartnerRelation.CONTRACTOR,
              "joined_on": None, "note": "同事的备注"}  # fmt: skip
    partners.update_partner(partner, values, colleague, seen)
    db_session.commit()

    refused = client.post(url, data={**_form(seen, note="我的备注"), "original": original})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _beside(page, "relation") == TAKEN_BY[lang]  # only the colleague changed it
    assert _beside(page, "note") == STORED_BY[lang].format(value="同事的备注")  # both did
    assert NAMED_PARTNER[lang] in _text(page)
    assert SOMEONE[lang] not in _text(page).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_partner_changed_in_the_users_other_tab_says_so_on_top_and_under_each_field(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str
) -> None:
    cast = make_cast()
    partner = _partner(cast)
    db_session.commit()
    auth.login(cast.admin.email)
    auth.choose_language(lang)
    url = f"/organisations/{cast.organisation.id}/partners/{partner.id}/edit"
    page = client.get(url).get_data(as_text=True)
    seen, original = _seen(page), _original(page)
    other_tab = {**_form(seen, note="另一标签页", relation="contractor"), "original": original}
    assert client.post(url, data=other_tab).status_code == 302

    refused = client.post(url, data={**_form(seen, note="我的备注"), "original": original})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    text = _text(page)
    assert OWN_PARTNER[lang] in text
    assert {"zh": "已被管理员修改", "en": "by 管理员"}[lang] not in text  # not as a colleague
    assert _beside(page, "relation") == TAKEN_MINE[lang]
    assert _beside(page, "note") == STORED_MINE[lang].format(value="另一标签页")
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

    held = client.post(url, data={**mine, "city": "无锡市"})
    assert held.status_code == 409
    page = held.get_data(as_text=True)
    assert _beside(page, "parent_group") == TAKEN_BY[lang]  # only the colleague changed it
    assert _beside(page, "city") == STORED_BY[lang].format(value="苏州市")  # both did
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
    auth.login(cast.admin.email)
    auth.choose_language(lang)
    detail = f"/organisations/{cast.organisation.id}"
    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    url = f"{detail}/partners/{partner.id}/edit"
    edit = client.get(url).get_data(as_text=True)
    changed = {**_form(_seen(edit), note="另一标签页"), "original": _original(edit)}
    assert client.post(url, data=changed).status_code == 302  # the other tab

    delete = f"{detail}/partners/{partner.id}/delete"
    kept = _text(client.post(delete, data={"seen": listed}, follow_redirects=True).get_data(True))
    assert OWN_CHANGED[lang] in kept
    assert {"zh": "已被管理员修改", "en": "by 管理员"}[lang] not in kept

    listed = _detail_seen(client.get(detail).get_data(as_text=True), partner.id)
    assert client.post(delete, data={"seen": listed}).status_code == 302  # the other tab
    again = _text(client.post(delete, data={"seen": listed}, follow_redirects=True).get_data(True))
    assert OWN_REMOVED[lang] in again
    assert {"zh": "已被管理员删除", "en": "by 管理员"}[lang] not in again
