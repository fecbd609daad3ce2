"""The home page says an assessment is submitted once: "Submitted on …", no status after it
(qa64 p3: "Submitted on 2026-12-06 17:04 (Beijing time) · Submitted")."""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.web.helpers import member_with_assessment


def test_a_submitted_assessment_is_said_submitted_once_on_the_home_page(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    auth.choose_language("en")
    assert client.post(f"/assessments/{assessment.id}/submit").status_code == 302
    home = " ".join(re.sub(r"<[^>]+>", " ", client.get("/").get_data(as_text=True)).split())
    said = home[home.index("Submitted on") :][:120]
    assert "· Submitted" not in said, said
