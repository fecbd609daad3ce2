"""Fetch a PDF scorecard as its button does: start the report job, fetch its file."""

from __future__ import annotations

from flask.testing import FlaskClient
from werkzeug.test import TestResponse


def fetch_scorecard(
    client: FlaskClient, assessment_id: int, lang: str | None = None
) -> TestResponse:
    """Post the scorecard button (with `lang`, as ?lang= was) and return the job's download.

    Under test the queue runs the job at once (immediate mode), inside the POST. The
    response is read and closed (its file with it); its data stays readable.
    """
    started = client.post(
        f"/reports/assessments/{assessment_id}/scorecard", data={"lang": lang} if lang else {}
    )
    assert started.status_code == 302, started.status_code
    job_page = started.headers["Location"].split("?")[0]
    assert "/reports/jobs/" in job_page, job_page
    download = client.get(f"{job_page}/download")
    download.get_data()
    download.close()
    return download
