"""The jobs page lists report jobs and imports: it is titled 后台任务 / Background jobs."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.org_import_web import secretariat


@pytest.mark.parametrize(
    ("lang", "title", "old"),
    [("zh", "后台任务", "报告任务</"), ("en", "Background jobs", "Report jobs")],
)
def test_the_jobs_page_is_titled_background_jobs(
    client: FlaskClient, db_session: Session, auth: AuthActions, lang: str, title: str, old: str
) -> None:
    secretariat(db_session, auth, lang=lang)
    page = client.get("/reports/jobs").get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    assert f"<title>{title}" in page
    assert old not in page
