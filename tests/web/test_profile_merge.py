"""Two people saving the organisation profile at once: different fields are merged (qa41 S6).

The second save was refused as a whole ("单位信息在您打开本页后已被他人修改，您的修改未保存")
even when the two had changed different fields. Now the profile merges field by field as
the section pages do: only a field both changed, differently, is held back, with the
user's input kept and the stored value shown; the rest is saved.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.organisations.models import Organisation
from tests.factories import make_organisation, make_secretariat, make_user
from tests.two_sessions import two_clients
from tests.web.helpers import error_beside


def _hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    assert value is not None
    return html.unescape(value.group(1))


def _opened(client: FlaskClient, url: str) -> dict[str, object]:
    """The form as the page shows it (from its opened-with values), posted as a browser does."""
    page = client.get(url).get_data(as_text=True)
    original = _hidden(page, "original")
    data: dict[str, object] = {
        name: "" if value is None else value for name, value in json.loads(original).items()
    }
    return data | {"version": _hidden(page, "version"), "original": original}


def _two_editors(app: Flask, client: FlaskClient) -> tuple[int, FlaskClient]:
    """A company; `client` logged in as its admin, the returned client as the secretariat."""
    with app.app_context():
        company = make_organisation(province="江苏省", city="南通市", sector="氯碱")
        admin = make_user(company, role=OrgRole.ADMIN, name="孙志强")
        secretariat = make_secretariat(name="秘书处王")
        db.session().commit()
        company_id, admin_email, secretariat_email = company.id, admin.email, secretariat.email
    return company_id, two_clients(app, client, admin_email, secretariat_email)


def _stored(app: Flask, company_id: int) -> Organisation:
    with app.app_context():
        found = db.session().get(Organisation, company_id)
        assert found is not None
        db.session().expunge(found)
        return found


def test_different_fields_changed_at_once_are_both_saved(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    company_id, secretariat = _two_editors(app, client)
    url = f"/organisations/{company_id}/edit"
    mine, theirs = _opened(client, url), _opened(secretariat, url)
    assert secretariat.post(url, data={**theirs, "city": "苏州市"}).status_code == 302

    saved = client.post(url, data={**mine, "sector": "农药"}, follow_redirects=True)

    text = html.unescape(saved.get_data(as_text=True))
    assert "单位信息已保存。" in text
    assert "您打开本页后秘书处王修改的字段（城市）已一并保留。" in text  # named, not 他人
    stored = _stored(app, company_id)
    assert (stored.city, stored.sector) == ("苏州市", "农药")  # neither change lost


def test_only_the_field_both_changed_is_held_back_and_the_rest_is_saved(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    company_id, secretariat = _two_editors(app, client)
    url = f"/organisations/{company_id}/edit"
    mine, theirs = _opened(client, url), _opened(secretariat, url)
    assert secretariat.post(url, data={**theirs, "city": "苏州市"}).status_code == 302

    held = client.post(url, data={**mine, "city": "无锡市", "parent_group": "甲集团"})

    assert held.status_code == 409
    page = held.get_data(as_text=True)
    assert "有 1 个字段在您打开本页后已被秘书处王修改：此字段未保存" in page
    assert "其余修改已保存。" in page
    assert "现存：苏州市" in error_beside(page, "city")
    assert _hidden(page, "city") == "无锡市"  # the user's input stays
    stored = _stored(app, company_id)
    assert (stored.city, stored.parent_group) == ("苏州市", "甲集团")
    # Saving the page as shown now writes the user's city: they have seen the colleague's.
    again = {**mine, "city": "无锡市", "parent_group": "甲集团"}
    again |= {"version": _hidden(page, "version"), "original": _hidden(page, "original")}
    assert client.post(url, data=again).status_code == 302
    assert _stored(app, company_id).city == "无锡市"


def test_the_merge_is_said_in_english_on_english_pages(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    company_id, secretariat = _two_editors(app, client)
    client.get("/lang/en")
    url = f"/organisations/{company_id}/edit"
    mine, theirs = _opened(client, url), _opened(secretariat, url)
    assert secretariat.post(url, data={**theirs, "city": "苏州市"}).status_code == 302

    saved = client.post(url, data={**mine, "sector": "农药"}, follow_redirects=True)

    text = html.unescape(saved.get_data(as_text=True))
    assert (
        "Fields 秘书处王 (Bi Shuchuwang) changed since you opened this page (City) were kept."
        in text
    )


def test_the_users_own_save_in_another_tab_is_said_as_theirs(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    """qa48: the same person in two tabs read "已被他人修改" about their own save."""
    company_id, _secretariat = _two_editors(app, client)
    url = f"/organisations/{company_id}/edit"
    first, second = _opened(client, url), _opened(client, url)
    assert client.post(url, data={**first, "city": "苏州市"}).status_code == 302

    held = client.post(url, data={**second, "city": "无锡市"})

    assert held.status_code == 409
    beside = error_beside(held.get_data(as_text=True), "city")
    assert "此项已在您的另一窗口、标签页或设备中修改，现存：苏州市" in beside
    assert "他人" not in beside
    # ... and so is the banner at the top: not "已被他人修改" (smallfix 3)
    page = html.unescape(held.get_data(as_text=True))
    assert "有 1 个字段您已在另一窗口、标签页或设备中修改：此字段未保存" in page
    assert "已被他人修改" not in page


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("zh_CN", "您在另一窗口、标签页或设备中修改的字段（城市）已一并保留。"),
        ("en", "Fields you changed in another window, tab or device (City) were kept."),
    ],
)
def test_the_users_own_other_tabs_change_kept_is_said_as_theirs(
    app: Flask, client: FlaskClient, connection: Connection, lang: str, said: str
) -> None:
    company_id, _secretariat = _two_editors(app, client)
    client.get(f"/lang/{lang}")
    url = f"/organisations/{company_id}/edit"
    first, second = _opened(client, url), _opened(client, url)
    assert client.post(url, data={**first, "city": "苏州市"}).status_code == 302
    saved = client.post(url, data={**second, "sector": "农药"}, follow_redirects=True)
    text = html.unescape(saved.get_data(as_text=True))
    assert said in text
    assert "他人" not in text
    assert "someone else" not in text
