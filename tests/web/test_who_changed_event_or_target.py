"""A stale event or KPI target page names who changed or deleted the row meanwhile.

A colleague by name ("李雷", "李雷 (Li Lei)" in English), the user themself as their other
window, tab or device; the page's input is kept either way (rcapp.audit.whose).
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from rcapp import db
from rcapp.assessments.models import Event, KpiTarget
from tests.conftest import AuthActions
from tests.two_sessions import two_clients
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


def _page(response: object) -> str:
    return html.unescape(response.get_data(as_text=True))  # type: ignore[attr-defined]


def _exists(app: Flask, model: type[Event] | type[KpiTarget], row_id: int) -> bool:
    with app.app_context():
        return db.session().get(model, row_id) is not None


def _target_form(page: str) -> dict[str, str]:
    shown = {name: _input(page, name) for name in ("base_year", "deadline", "change_pct")}
    return shown | {"kpi_id": "OHS-01", "value": "", "note": _textarea(page, "note")}


@pytest.mark.parametrize("lang", LANGS)
def test_a_stale_target_save_names_the_colleague_and_keeps_the_input(
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
    assert other.post(url, data={**shown, **their_page, "note": "同事的说明"}).status_code == 302

    refused = client.post(url, data={**shown, **opened, "note": "我的说明"})
    assert refused.status_code == 409
    page = _page(refused)
    assert {
        "zh": "此目标在您打开本页后已被李雷修改，您的修改未保存",
        "en": "李雷 (Li Lei) changed this target after you opened this page.",
    }[lang] in page
    assert "此目标在您打开本页后已被他人修改" not in page
    assert "Someone else changed this target" not in page
    assert _textarea(page, "note") == "我的说明"


@pytest.mark.parametrize("lang", LANGS)
def test_deleting_a_target_changed_in_the_users_other_tab_says_so(
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
    first_tab = _hidden(client.get(url).get_data(as_text=True))
    page = client.get(url).get_data(as_text=True)  # the second tab changes it
    saved = client.post(url, data={**_target_form(page), **_hidden(page), "note": "第二个标签页"})
    assert saved.status_code == 302

    refused = client.post(f"{url}/delete", data=first_tab, follow_redirects=True)
    assert {
        "zh": "您已在另一窗口、标签页或设备中修改此指标目标，未删除；",
        "en": "You changed this KPI target in another window, tab or device; it was not deleted.",
    }[lang] in _page(refused)
    assert _exists(app, KpiTarget, target_id)


@pytest.mark.parametrize("lang", LANGS)
def test_saving_a_target_deleted_in_the_users_other_tab_says_so_and_keeps_the_input(
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
    assert client.post(f"{url}/delete", data=opened).status_code == 302  # the other tab

    refused = client.post(url, data={**shown, **opened, "note": "我的说明"})
    assert refused.status_code == 409
    page = _page(refused)
    assert {
        "zh": "您已在另一窗口、标签页或设备中删除此指标目标。",
        "en": "You deleted this KPI target in another window, tab or device.",
    }[lang] in page
    assert _textarea(page, "note") == "我的说明"


@pytest.mark.parametrize("lang", LANGS)
def test_a_stale_event_save_names_the_colleague_and_keeps_the_input(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, event_id, mine, theirs = _event_world(app)
    other = two_clients(app, client, mine, theirs)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    their_page = _hidden(other.get(url).get_data(as_text=True))
    by_them = {**EVENT, **their_page, "description": "同事更正"}
    assert other.post(url, data=by_them).status_code == 302

    refused = client.post(url, data={**EVENT, **opened, "description": "我的描述"})
    assert refused.status_code == 409
    page = _page(refused)
    assert {
        "zh": "此事件在您打开本页后已被李雷修改，您的修改未保存",
        "en": "李雷 (Li Lei) changed this event after you opened the page;",
    }[lang] in page
    assert "此事件在您打开本页后已被他人修改" not in page
    assert "Someone else changed this event" not in page
    assert _textarea(page, "description") == "我的描述"


@pytest.mark.parametrize("lang", LANGS)
def test_deleting_an_event_changed_in_the_users_other_tab_says_so(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, event_id, mine, _theirs = _event_world(app)
    AuthActions(client).login(mine)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    first_tab = _hidden(client.get(url).get_data(as_text=True))
    second_tab = _hidden(client.get(url).get_data(as_text=True))
    changed = client.post(url, data={**EVENT, **second_tab, "description": "第二个标签页"})
    assert changed.status_code == 302

    refused = client.post(f"{url}/delete", data=first_tab, follow_redirects=True)
    assert {
        "zh": "您已在另一窗口、标签页或设备中修改此事件，未删除；",
        "en": "You changed this event in another window, tab or device; it was not deleted.",
    }[lang] in _page(refused)
    assert _exists(app, Event, event_id)


@pytest.mark.parametrize("lang", LANGS)
def test_saving_an_event_deleted_in_the_users_other_tab_says_so_and_keeps_the_input(
    app: Flask, client: FlaskClient, connection: Connection, lang: str
) -> None:
    assessment_id, event_id, mine, _theirs = _event_world(app)
    AuthActions(client).login(mine)
    AuthActions(client).choose_language(lang)
    url = f"/assessments/{assessment_id}/events/{event_id}"
    opened = _hidden(client.get(url).get_data(as_text=True))
    assert client.post(f"{url}/delete", data=opened).status_code == 302  # the other tab

    refused = client.post(url, data={**EVENT, **opened, "description": "我的描述"})
    assert refused.status_code == 409
    page = _page(refused)
    assert {
        "zh": "您已在另一窗口、标签页或设备中删除此事件。",
        "en": "You deleted this event in another window, tab or device.",
    }[lang] in page
    assert _textarea(page, "description") == "我的描述"
