"""A save refused because the same user saved the item in another tab says so (QA11 S10).

Not "张敏 changed this after you opened the page … changed by someone else", naming the
user themself: "you changed this in another window, tab or device".
"""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tests.conftest import AuthActions
from tests.two_sessions import colleagues as _two_colleagues
from tests.web.browser_form import submitted_values
from tests.web.helpers import error_beside, member_with_assessment, page_text


def _saved_in_two_tabs(app: Flask, client: FlaskClient, lang: str) -> str:
    assessment_id, mine_email, _their_email = _two_colleagues(app, name="王磊")
    url = f"/assessments/{assessment_id}/kpis"
    AuthActions(client).login(mine_email)
    if lang == "en":
        client.get("/lang/en")
    # Two tabs opened on version 0: the first saves, the second is stale.
    assert client.post(url, data={"drills__value": "4", "drills__version": "0"}).status_code == 302
    response = client.post(url, data={"drills__value": "7", "drills__version": "0"})
    assert response.status_code == 409
    return html.unescape(response.get_data(as_text=True))


def test_the_users_own_save_in_another_tab_is_not_someone_elses(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _saved_in_two_tabs(app, client, "zh")
    assert "您在另一窗口、标签页或设备中已修改此项，现存内容：" in page
    assert "有 1 项在您打开本页后已在另一窗口、标签页或设备中修改" in page
    assert "在您打开本页后已修改此项" not in page
    assert "已被他人修改" not in page


def test_the_users_own_save_in_another_tab_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _saved_in_two_tabs(app, client, "en")
    assert "You changed this in another window, tab or device" in page
    assert "someone else" not in page


def _note_in_two_tabs(client: FlaskClient, db_session: Session, lang: str) -> str:
    """qa18 S9: the same user changes one item's note in two tabs; the level stays 2."""
    auth = AuthActions(client)
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/C6"
    client.get(f"/lang/{lang}")
    saved = [(n, v) for n, v in submitted_values(page_text(client, url)) if "__level" not in n]
    assert client.post(url, data=MultiDict([*saved, ("C6.E1.1__level", "2")])).status_code == 302
    opened = submitted_values(page_text(client, url))  # both tabs open on level 2

    def note(text: str) -> MultiDict[str, str]:
        return MultiDict([(n, text if n == "C6.E1.1__comment" else v) for n, v in opened])

    assert client.post(url, data=note("Note from A")).status_code == 302
    response = client.post(url, data=note("Note from B"))
    assert response.status_code == 409
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_note_changed_in_two_tabs_is_worded_and_marked_as_the_users_own(
    client: FlaskClient, db_session: Session, lang: str
) -> None:
    page = _note_in_two_tabs(client, db_session, lang)
    message = error_beside(page, "C6.E1.1__comment")
    assert "Note from A" in message
    assert "another window, tab or device" in message or "另一窗口" in message
    assert "someone else" not in page
    assert "已被他人修改" not in page
    assert 'id="C6.E1.1__level-error"' not in page  # the level nobody changed is not marked
