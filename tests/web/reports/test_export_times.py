"""Exports write submission times to the second, as pages do (qa17 S5: 08:00:51.432000)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from rcapp.assessments import services
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


def test_a_returned_assessment_has_no_submission_time_in_either_export(
    client: FlaskClient, db_session: Session, auth: AuthActions
) -> None:
    """qa55 #7: the assessments export showed a returned one's earlier submission time."""
    world = make_review_world(2)
    returned, kept = world.assessments
    services.return_assessment(returned, "请补充证据", world.secretariat)
    db_session.commit()
    auth.login(world.secretariat.email)
    for url in (
        "/reports/assessments.xlsx",
        f"/reports/cycles/{world.cycle.id}/organisations.xlsx",
    ):
        sheet = openpyxl.load_workbook(io.BytesIO(client.get(url).data)).worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        header = next(r for r in rows if any(str(v).startswith("提交时间") for v in r if v))
        column = next(i for i, v in enumerate(header) if str(v).startswith("提交时间"))
        by_name: dict[object, object] = {}
        for row in rows[rows.index(header) + 1 :]:
            by_name.setdefault(row[0], row[column])  # this year's row first
        assert by_name[returned.organisation.name_zh] is None, url
        assert isinstance(by_name[kept.organisation.name_zh], dt.datetime), url
