"""A save refused because the same user saved the item in another tab says so (QA11 S10).

Not "张敏 changed this after you opened the page … changed by someone else", naming the
user themself: "you changed this in another window or tab".
"""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection

from tests.conftest import AuthActions
from tests.web.test_concurrent_editing import _two_colleagues


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
    assert "您在另一窗口或标签页中已修改此项，现存内容：" in page
    assert "有 1 项在您打开本页后已在另一窗口或标签页中修改" in page
    assert "在您打开本页后已修改此项" not in page
    assert "已被他人修改" not in page


def test_the_users_own_save_in_another_tab_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _saved_in_two_tabs(app, client, "en")
    assert "You changed this in another window or tab" in page
    assert "someone else" not in page
