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
import threading
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

HOLD_SECONDS = 1.5  # how long a save that read the version waits for the other to read too
SIDE = threading.local()


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


def _versions_meet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make each save, once it has read the version it compares, wait for the other's read."""
    read = [threading.Event(), threading.Event()]
    original = org_views._version

    def version(form: Any) -> int | None:
        read[SIDE.index].set()
        read[1 - SIDE.index].wait(HOLD_SECONDS)
        return original(form)

    monkeypatch.setattr(org_views, "_version", version)


def _save_at_once(
    organisation_id: int, clients: list[FlaskClient], forms: list[dict[str, str]]
) -> list[Any]:
    url = f"/organisations/{organisation_id}/edit"
    answers: list[Any] = [None, None]

    def run(index: int) -> None:
        SIDE.index = index
        answers[index] = clients[index].post(url, data=forms[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


def _stored(app: Flask, organisation_id: int) -> Organisation:
    with app.app_context():
        organisation = db.session().get_one(Organisation, organisation_id)
        db.session().expunge(organisation)
        return organisation


def test_two_saves_of_different_fields_at_once_both_land(
    isolated_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    organisation_id, clients, opened = _setup(isolated_app)
    _versions_meet(monkeypatch)
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
    _versions_meet(monkeypatch)
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
    _versions_meet(monkeypatch)
    answers = _save_at_once(
        organisation_id,
        clients,
        [{**opened, "city": "苏州市"}, {**opened, "city": "无锡市"}],
    )
    refused = next(a for a in answers if a.status_code == 409)
    page = html.unescape(refused.get_data(as_text=True))
    stored = _stored(isolated_app, organisation_id)
    first = "王芳" if stored.city == "苏州市" else "李雷"
    assert f"Changed by {first} after you opened the page; stored now: {stored.city}." in page
