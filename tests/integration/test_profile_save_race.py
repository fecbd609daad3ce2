"""Two saves of one organisation's profile at the same instant (concfix3 item 5).

Two colleagues open the profile form, then both save while the other's save is under way.
Without the row lock (rcapp.row_locks.lock_row) both read the same version on PostgreSQL;
the second's write then found the version moved and gave the plain lost-update refusal,
while on SQLite (the write lock) the field-level merge applied. Now both databases merge:
different fields both land, the same field says who changed it.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from rcapp import db
from rcapp.accounts.models import OrgRole
from rcapp.organisations import views as org_views
from rcapp.organisations.models import Organisation
from tests.conftest import AuthActions
from tests.factories import make_organisation, make_user
from tests.two_sides import meet_after, run_both


def _hidden(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page)
    assert tag is not None, f"no field {name}"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    assert value is not None
    return html.unescape(value.group(1))


def _setup(app: Flask) -> tuple[int, list[FlaskClient], dict[str, str]]:
    app.config["WTF_CSRF_ENABLED"] = False
    with app.test_request_context(method="POST"):
        organisation = make_organisation(sector="化肥", parent_group="")
        first = make_user(organisation, OrgRole.ADMIN, name="王芳")
        second = make_user(organisation, OrgRole.ADMIN, name="李雷")
        db.session().commit()
        organisation_id, emails = organisation.id, [first.email, second.email]
        names = {"name_zh": organisation.name_zh, "name_en": organisation.name_en or ""}
    clients = [app.test_client(), app.test_client()]
    for client, email in zip(clients, emails, strict=True):
        AuthActions(client).login(email)
    url = f"/organisations/{organisation_id}/edit"
    page = clients[0].get(url).get_data(as_text=True)
    opened = {name: _hidden(page, name) for name in ("version", "original")}
    opened |= names | {"province": "江苏省", "city": "南京市", "sector": "化肥", "parent_group": ""}
    return organisation_id, clients, opened


def _save_at_once(
    organisation_id: int, clients: list[FlaskClient], forms: list[dict[str, str]]
) -> list[Any]:
    """Post both saves at once, each waiting, once it has read its version, for the other's."""
    url = f"/organisations/{organisation_id}/edit"
    return run_both(lambda side: clients[side].post(url, data=forms[side]))


def _stored(app: Flask, organisation_id: int) -> Organisation:
    with app.app_context():
        organisation = db.session().get_one(Organisation, organisation_id)
        db.session().expunge(organisation)
        return organisation


def test_two_saves_of_different_fields_at_once_both_land(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation_id, clients, opened = _setup(isolated_app)
    meet_after(monkeypatch, org_views, "_version")
    answers = _save_at_once(
        organisation_id,
        clients,
        [{**opened, "city": "苏州市"}, {**opened, "sector": "农药"}],
    )
    assert [a.status_code for a in answers] == [302, 302], [
        a.get_data(as_text=True)[-3000:] for a in answers
    ]
    stored = _stored(isolated_app, organisation_id)
    assert (stored.city, stored.sector) == ("苏州市", "农药")


def test_two_saves_of_one_field_at_once_name_who_saved_first(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation_id, clients, opened = _setup(isolated_app)
    meet_after(monkeypatch, org_views, "_version")
    answers = _save_at_once(
        organisation_id,
        clients,
        [{**opened, "city": "苏州市"}, {**opened, "city": "无锡市"}],
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [302, 409]
    refused = next(a for a in answers if a.status_code == 409)
    page = html.unescape(refused.get_data(as_text=True))
    stored = _stored(isolated_app, organisation_id)
    first = "王芳" if stored.city == "苏州市" else "李雷"
    assert f"此项在您打开本页后已被{first}修改，现存：{stored.city}。" in page
    assert "单位信息在您打开本页后已被他人修改，您的修改未保存。" not in page  # not the plain one


def test_the_same_field_names_who_saved_it_in_english(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation_id, clients, opened = _setup(isolated_app)
    for client in clients:
        client.get("/lang/en")
    meet_after(monkeypatch, org_views, "_version")
    answers = _save_at_once(
        organisation_id,
        clients,
        [{**opened, "city": "苏州市"}, {**opened, "city": "无锡市"}],
    )
    refused = next(a for a in answers if a.status_code == 409)
    page = html.unescape(refused.get_data(as_text=True))
    stored = _stored(isolated_app, organisation_id)
    # named as English messages name people: with the reading (rcapp.i18n.person_text)
    first = "王芳 (Wang Fang)" if stored.city == "苏州市" else "李雷 (Li Lei)"
    assert f"Changed by {first} after you opened the page; stored now: {stored.city}." in page
