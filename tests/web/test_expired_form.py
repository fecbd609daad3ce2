"""A form posted after its session ended says what happened and how to keep the input."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment


def test_a_save_with_a_stale_token_is_refused_with_what_to_do_in_both_languages(
    client: FlaskClient, db_session: Session, auth: AuthActions, app: Flask
) -> None:
    _world, assessment = member_with_assessment(db_session, auth)
    url = f"/assessments/{assessment.id}/sections/MS"
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        _refused(client, url)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def _refused(client: FlaskClient, url: str) -> None:
    response = client.post(url, data={"csrf_token": "from-a-session-that-ended"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "页面已失效，未保存" in page
    assert "后退" in page

    client.get("/lang/en")
    page = client.post(url, data={}).get_data(as_text=True)
    assert "This page has expired; nothing was saved" in page
    assert "Back button" in page
