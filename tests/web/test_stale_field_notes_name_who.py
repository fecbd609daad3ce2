"""The notes under a stale event's or KPI target's fields say whose save they show.

The top message named the colleague (李雷) or the user's own other window, tab or device,
while the notes under the fields still said "someone else": now both say the same
(rcapp.audit.whose.mark_fields).
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.conftest import AuthActions
from tests.two_sessions import two_clients
from tests.web.helpers import error_beside
from tests.web.test_no_lost_event_and_target_edits import (
    EVENT,
    _event_world,
    _hidden,
    _input,
    _target_world,
    _textarea,
)
from tests.web.test_v2_pages import real_rubrics  # noqa: F401

LANGS = ["zh", "en"]
TAKEN_BY = {
    "zh": "此项在您打开本页后已被李雷修改，现已显示修改后的值。",
    "en": "李雷 (Li Lei) changed this after you opened the page; it now shows their change.",
}
STORED_BY = {
    "zh": "此项在您打开本页后已被李雷修改，现存：{value}。",
    "en": "Changed by 李雷 (Li Lei) after you opened the page; stored now: {value}.",
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
SOMEONE = {"zh": "他人", "en": "someone else"}


def _beside(page: str, field: str) -> str:
    return " ".join(html.unescape(error_beside(page, field)).split())


def _target_form(page: str) -> dict[str, str]:
    shown = {name: _input(page, name) for name in ("base_year", "deadline", "change_pct")}
    return shown | {"kpi_id": "OHS-01", "value": "", "note": _textarea(page, "note")}


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_event_change_is_named_under_each_field(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = two_clients(app, client, mine, theirs)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    their_page = _hidden(other.get(url).get_data(as_text=True))
    by_them = {**EVENT, **their_page, "description": "同事更正", "injuries": "2"}
    assert other.post(url, data=by_them).status_code == 302

    refused = client.post(url, data={**EVENT, **opened, "injuries": "3"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _beside(page, "description") == TAKEN_BY[lang]  # only the colleague changed it
    assert _beside(page, "injuries") == STORED_BY[lang].format(value="2")  # both did
    assert SOMEONE[lang] not in html.unescape(page).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_an_event_changed_in_the_users_other_tab_says_so_under_each_field(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, event_id, mine, _theirs = _event_world(app)
    AuthActions(client).login(mine)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    other_tab = {**EVENT, **opened, "description": "另一标签页", "injuries": "2"}
    assert client.post(url, data=other_tab).status_code == 302

    refused = client.post(url, data={**EVENT, **opened, "injuries": "3"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _beside(page, "description") == TAKEN_MINE[lang]
    assert _beside(page, "injuries") == STORED_MINE[lang].format(value="2")
    assert SOMEONE[lang] not in html.unescape(page).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_colleagues_target_change_is_named_under_each_field(
    app: Flask,
    client: FlaskClient,
    connection: Connection,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment_id, target_id, mine, theirs = _target_world(app)
    other = two_clients(app, client, mine, theirs)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/targets/{target_id}"
    page = client.get(url).get_data(as_text=True)
    shown, opened = _target_form(page), _hidden(page)
    their_page = _hidden(other.get(url).get_data(as_text=True))
    deadline = str(int(shown["deadline"]) + 1)
    by_them = {**shown, **their_page, "deadline": deadline, "note": "同事的说明"}
    assert other.post(url, data=by_them).status_code == 302

    refused = client.post(url, data={**shown, **opened, "note": "我的说明"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _beside(page, "deadline") == TAKEN_BY[lang]
    assert _beside(page, "note") == STORED_BY[lang].format(value="同事的说明")
    assert SOMEONE[lang] not in html.unescape(page).lower()


@pytest.mark.parametrize("lang", LANGS)
def test_a_target_changed_in_the_users_other_tab_says_so_under_each_field(
    app: Flask,
    client: FlaskClient,
    connection: Connection,
    real_rubrics: None,  # noqa: F811
    lang: str,
) -> None:
    assessment_id, target_id, mine, _theirs = _target_world(app)
    AuthActions(client).login(mine)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/targets/{target_id}"
    page = client.get(url).get_data(as_text=True)
    shown, opened = _target_form(page), _hidden(page)
    deadline = str(int(shown["deadline"]) + 1)
    other_tab = {**shown, **opened, "deadline": deadline, "note": "另一标签页"}
    assert client.post(url, data=other_tab).status_code == 302

    refused = client.post(url, data={**shown, **opened, "note": "我的说明"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert _beside(page, "deadline") == TAKEN_MINE[lang]
    assert _beside(page, "note") == STORED_MINE[lang].format(value="另一标签页")
    assert SOMEONE[lang] not in html.unescape(page).lower()
