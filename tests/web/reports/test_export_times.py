"""Exports write submission times to the second, as pages do (qa17 S5: 08:00:51.432000)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.conftest import AuthActions
from tests.factories_reviews import make_review_world


def _times(client: FlaskClient, url: str) -> list[dt.datetime]:
    response = client.get(url)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).worksheets[0]
    return [
        v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, dt.datetime)
    ]


def test_submission_times_in_the_exports_have_no_fractions_of_a_second(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    world = make_review_world(2)
    for assessment in world.assessments:
        assert assessment.submitted_at is not None
        assessment.submitted_at = assessment.submitted_at.replace(microsecond=432000)
    db_session.commit()
    auth.login(world.secretariat.email)
    for url in (
        "/reports/assessments.xlsx",
        f"/reports/cycles/{world.cycle.id}/organisations.xlsx",
    ):
        times = _times(client, url)
        assert times, url
        assert all(t.microsecond == 0 for t in times), (url, times)
