"""A prerequisite declared met without an uploaded file is said at save (qa64 m4).

Each prerequisite asks for a document; "yes" with "Evidence files (0)" saved silently and
the result's "backed by an uploaded file" share, which counts items only, now says so.
"""

from __future__ import annotations

import re

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from tests.conftest import AuthActions
from tests.web.browser_form import submitted_values
from tests.web.helpers import member_with_assessment, upload_evidence

WARNING = "Prerequisite P1 is answered “Yes” but has no uploaded evidence file"


def _save_yes(client: FlaskClient, url: str) -> str:
    fields = [
        (name, "1" if name == "P1__level" else value)
        for name, value in submitted_values(client.get(url).get_data(as_text=True), 1)
    ]
    assert ("P1__level", "1") in fields, fields
    page = client.post(url, data=MultiDict(fields), follow_redirects=True)
    return " ".join(re.sub(r"<[^>]+>", " ", page.get_data(as_text=True)).split())


def test_yes_without_a_file_warns_and_with_a_file_does_not(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    auth.choose_language("en")
    url = f"/assessments/{assessment.id}/prerequisites"
    assert WARNING in _save_yes(client, url)

    assert upload_evidence(client, assessment.id, item_id="P1").status_code in (200, 302, 303)
    assert WARNING not in _save_yes(client, url)


def test_the_result_says_its_file_share_counts_items_only(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    _world, assessment = member_with_assessment(db_session, auth, filled=True)
    auth.choose_language("en")
    page = client.get(f"/assessments/{assessment.id}/result").get_data(as_text=True)
    quality = page[page.index('id="data-quality"') :].split("</p>")[0]
    assert "items only; prerequisites" in quality
