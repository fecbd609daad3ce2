"""A KPI save refused for a colleague's save meanwhile names the colleague (QA9 S12).

The section pages said "王磊 在您打开本页后已修改此项"; the KPI page said only "someone else",
as KPI values kept no author. They now keep who last saved them.
"""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Connection, select

from rcapp import db
from rcapp.assessments.models import KpiValue
from tests.conftest import AuthActions
from tests.web.test_concurrent_editing import _two_colleagues


def _stale_save(app: Flask, client: FlaskClient, lang: str) -> str:
    assessment_id, mine_email, their_email = _two_colleagues(app, name="王磊")
    url = f"/assessments/{assessment_id}/kpis"
    other = app.test_client()
    AuthActions(other).login(their_email)
    AuthActions(client).login(mine_email)
    if lang == "en":
        client.get("/lang/en")
    client.get(url)
    assert other.post(url, data={"drills__value": "4", "drills__version": "0"}).status_code == 302
    response = client.post(url, data={"drills__value": "7", "drills__version": "0"})
    assert response.status_code == 409
    return html.unescape(response.get_data(as_text=True))


def test_the_kpi_page_names_who_saved_the_value_meanwhile(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _stale_save(app, client, "zh")

    assert "王磊 在您打开本页后已修改此项" in page
    assert "其他用户在您打开本页后已修改此项" not in page
    with app.app_context():
        row = db.session().scalars(select(KpiValue)).one()
        assert row.updated_by_id is not None


def test_the_kpi_page_names_the_colleague_in_english(
    app: Flask, client: FlaskClient, connection: Connection
) -> None:
    page = _stale_save(app, client, "en")

    assert "王磊 changed this after you opened the page" in page
